"""Supplement requests (補件): what a reviewer asked for, by when, and the answer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Agency

from .links import CaseLinked


class SupplementRequest(CaseLinked):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The stage that asked: the case returns there once the applicant answers.
    return_state = models.CharField(_("stage that asked"), max_length=40)
    agency = models.CharField(_("agency"), max_length=8, choices=Agency.choices)
    deadline = models.DateField(_("deadline"))
    message = models.TextField(_("message to the applicant"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answer_note = models.TextField(_("applicant's note"), blank=True)
    # Set when the case left "supplement requested" without an answer (withdrawn, or
    # rejected after the deadline): the request is over, though never answered.
    closed_at = models.DateTimeField(_("closed unanswered at"), null=True, blank=True)

    class Meta(CaseLinked.Meta):
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        date = date_format(timezone.localtime(self.requested_at))
        return _("Supplement requested %(date)s") % {"date": date}

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.localdate() > self.deadline


class SupplementItem(models.Model):
    """One thing to fix: a form field or a document slot, with the reviewer's reason."""

    class Target(models.TextChoices):
        FIELD = "field", _("Form field")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Other")

    request = models.ForeignKey(SupplementRequest, on_delete=models.CASCADE, related_name="items")
    target_kind = models.CharField(_("kind"), max_length=8, choices=Target.choices)
    # "section.field" for a field, the slot code for a document, "" for other.
    target = models.CharField(_("what"), max_length=100, blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("supplement item")
        verbose_name_plural = _("supplement items")
        ordering = ["id"]

    def __str__(self):
        return f"{self.target}: {self.reason}"

    @property
    def section(self) -> str:
        return self.target.split(".", 1)[0] if self.target_kind == self.Target.FIELD else ""

    @property
    def field_name(self) -> str:
        return self.target.split(".", 1)[1] if self.target_kind == self.Target.FIELD else ""
