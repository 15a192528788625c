"""PDFs the portal issues (receipts, certificates), stored privately and listed in the
download area (下載專區) of the people they were issued to."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Language


def issued_path(instance, filename):
    return f"issued/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class IssuedKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    CERTIFICATE = "certificate", _("Certificate")


class IssuedPdfQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Issued to this user or to an organisation it belongs to (a school's receipt is for
        all its staff), or about a case this user may see (a certificate is for the applicant
        and for whoever filed for them)."""
        from portal.cases import registry

        if not user.is_authenticated:
            return self.none()
        condition = Q(owner=user) | Q(organisation__memberships__user=user)
        for model in registry.models():
            case_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            visible = model.objects.visible_to(user).values("pk")
            condition |= Q(case_type=case_type, case_id__in=visible)
        return self.filter(condition).distinct()


class IssuedPdf(models.Model):
    # What the PDF is of, e.g. "receipt:order:12": at most one PDF per key, so a task that
    # runs twice cannot issue two receipts.
    key = models.CharField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=IssuedKind.choices)
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_pdfs",
        verbose_name=_("issued to"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_pdfs",
        verbose_name=_("issued to organisation"),
    )
    case_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_id = models.PositiveBigIntegerField(_("case"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    file = models.FileField(_("file"), upload_to=issued_path, max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)

    objects = IssuedPdfQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued PDF")
        verbose_name_plural = _("issued PDFs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case_type", "case_id"], name="pdf_issued_case")]

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.reference or self.pk}.pdf"
