"""Uploaded documents of a case, stored privately under server-chosen names."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .links import CaseLinked, CaseLinkQuerySet


def document_path(instance, filename):
    # Never the client's name: it could collide, leak, or carry a path. The extension comes
    # from the checked content, not from the upload.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"cases/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(CaseLinkQuerySet):
    def current(self):
        return self.filter(replaced_at__isnull=True)


class Document(CaseLinked):
    slot = models.CharField(_("document"), max_length=40)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # A new upload to the same slot replaces the old one, which is kept for the record.
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    supplement = models.ForeignKey(
        "cases.SupplementRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("in answer to"),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta(CaseLinked.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["slot", "-uploaded_at"]

    def __str__(self):
        return f"{self.slot}: {self.original_name}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
