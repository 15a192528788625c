"""PDFs the portal issues (receipts, certificates), stored privately and listed in the
download area (下載專區) of the people they were issued to; each carries a verification code
anyone may check on the public verification page (ADR 0013), and is e-mailed once to each of
its recipients (`Delivery`)."""

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Language
from portal.cases.models import CaseLinked
from portal.pdf import verification


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

    def listed_for(self, case):
        """The documents listed on `case`'s page (its certificates, the receipts of the
        orders that paid it): whatever their issuer linked to it, in one query."""
        links = IssuedPdfCase.objects.for_case(case)
        return self.filter(pk__in=links.values("issued_id"))


class Validity(models.TextChoices):
    """What the verification page says of a document."""

    VALID = "valid", _("Valid")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class IssuedPdf(models.Model):
    # What the PDF is of, in its issuer's words ("receipt:order:12"): at most one PDF per
    # key, so a task that runs twice cannot issue two receipts.
    key = models.CharField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=IssuedKind.choices)
    # A certificate: the code its workflow declares it by (`Workflow.certificates`), which
    # names it on the verification page.
    document = models.CharField(_("document"), max_length=24, blank=True)
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
    # Printed on the PDF with its QR code; what the public verification page is asked.
    verification_code = models.CharField(
        _("verification code"),
        max_length=verification.LENGTH,
        unique=True,
        editable=False,
        default=verification.new_code,
    )
    # What the verification page may show besides the kind (ADR 0013): nothing else.
    holder_initials = models.CharField(_("holder's initials"), max_length=20, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("why it was revoked"), max_length=200, blank=True)

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

    @property
    def display_code(self) -> str:
        return verification.display(self.verification_code)

    @property
    def verification_url(self) -> str:
        return verification.verification_url(self.verification_code)

    def validity(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.revoked_at is not None:
            return Validity.REVOKED
        if self.valid_until is not None and today > self.valid_until:
            return Validity.EXPIRED
        if self.valid_from is not None and today < self.valid_from:
            return Validity.NOT_YET_VALID
        return Validity.VALID

    @property
    def document_name(self):
        """What the document is, in the active language: a certificate's declared name, or
        the kind ("Receipt")."""
        if self.document and self.case_type_id:
            workflow = getattr(self.case_type.model_class(), "workflow", None)
            certificate = workflow.certificate(self.document) if workflow else None
            if certificate is not None:
                return certificate.name
        return self.get_kind_display()


class IssuedPdfCase(CaseLinked):
    """A case on whose page a document is listed. A certificate has one; a receipt has one
    per case its order paid (a school's order pays for many students). The issuer says which
    (`issue_pdf(cases=...)`), so the engine needs to know nothing of how a receipt is keyed.
    Listing gives no access: downloading asks `IssuedPdf.objects.visible_to`."""

    issued = models.ForeignKey(
        IssuedPdf, on_delete=models.CASCADE, related_name="case_links", verbose_name=_("document")
    )

    class Meta(CaseLinked.Meta):
        verbose_name = _("case of an issued PDF")
        verbose_name_plural = _("cases of issued PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["issued", "case_type", "case_id"], name="pdf_issued_case_once"
            )
        ]


class Delivery(models.Model):
    """One e-mail carrying one issued PDF to one person: the send-once record every issued
    PDF shares (`portal.pdf.delivery.send_once`). The row is locked from the check to the
    commit of `sent_at`, so a task run twice (a duplicate delivery, a retry, the sweeper)
    finds it sent."""

    issued = models.ForeignKey(
        IssuedPdf, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("document")
    )
    # One per (document, person): a retried task cannot make a second one.
    key = models.CharField(_("key"), max_length=100, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("sent to"), max_length=254)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.issued} → {self.email}"
