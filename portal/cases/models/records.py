"""What happened to a case: the audit log, reviewers' decisions and logged data views."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.models import Agency

from .links import CaseLinked


class CaseEvent(CaseLinked):
    """One performed action: written in the same transaction as the state change."""

    action = models.CharField(_("action"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("who acted", "by"),
        help_text=_("Empty when the platform acted by itself."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_state = models.CharField(_("from"), max_length=40)
    to_state = models.CharField(_("to"), max_length=40)
    agency = models.CharField(_("agency holding the case"), max_length=8, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta(CaseLinked.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        permissions = [
            ("assign_cases", _("Can assign cases to other reviewers")),
            ("view_case_reports", _("Can view the case reports")),
        ]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"


class Decision(CaseLinked):
    """A reviewer's outcome at a stage: its own record, not only a state value."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved / sent on")
        SUPPLEMENT = "supplement", _("Supplement requested")
        REJECTED = "rejected", _("Rejected")

    event = models.OneToOneField(CaseEvent, on_delete=models.PROTECT, related_name="decision")
    stage = models.CharField(_("stage"), max_length=40)
    agency = models.CharField(_("agency"), max_length=8, choices=Agency.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("who acted", "by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta(CaseLinked.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.agency})"


class PersonalDataView(CaseLinked):
    """A reviewer (or other staff) looked at a case's personal data or one of its files."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("who acted", "by"),
    )
    viewed_at = models.DateTimeField(_("at"), default=timezone.now)
    what = models.CharField(_("what"), max_length=100)

    class Meta(CaseLinked.Meta):
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ["-viewed_at"]

    def __str__(self):
        viewed = date_format(timezone.localtime(self.viewed_at), "DATETIME_FORMAT")
        return f"{self.viewer} {self.what} {viewed}"
