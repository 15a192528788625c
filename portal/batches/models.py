"""A batch: a file uploaded by an organisation's user, one draft per row."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.cases.models import CaseLinked


class Batch(models.Model):
    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    workflow = models.CharField(_("workflow"), max_length=40)  # its slug
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    file_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("file type"), max_length=4, choices=Kind.choices)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # The last time its rows were submitted together.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="batches_owner_recent")]

    def __str__(self):
        return f"{self.workflow} {self.pk}: {self.file_name}"


class BatchRow(CaseLinked):
    """One row of the file and the draft made from it (the case link). The draft holds the
    answers from then on; `values` keeps what the file said, for the record."""

    class Outcome(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REFUSED = "refused", _("Not submitted")

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row in the file"))
    values = models.JSONField(_("values as uploaded"), default=dict, blank=True)
    # What the last "submit all" did with this row, and why it refused, in the words the
    # person who submitted read.
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("why not submitted"), blank=True)

    class Meta(CaseLinked.Meta):
        verbose_name = _("batch row")
        verbose_name_plural = _("batch rows")
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="batches_row_once"),
        ]

    def __str__(self):
        return f"{self.batch_id}#{self.number}"
