"""The outbox: every e-mail notice about a case is a row written in the same transaction as
the change it reports, then sent by Celery. A notice whose task was lost (the broker was down
at commit time) is sent by the periodic dispatcher; a notice is sent at most once because
the sender locks its row and records `sent_at` before committing."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Language
from portal.cases.models import CaseLinked


class CaseNoticeEvent(models.TextChoices):
    """The notices the engine's moves send; a workflow declares its own besides
    (`Workflow.notices`)."""

    SUBMITTED = "submitted", _("Submission received")
    SUBMITTED_UNPAID = "submitted_unpaid", _("Submission received, fee due")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    PAYMENT_DUE = "payment_due", _("Payment due")
    PAID = "paid", _("Payment received")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    READY_FOR_PICKUP = "ready_for_pickup", _("Ready for pickup")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Notice(CaseLinked):
    # An engine event (CaseNoticeEvent) or one the case's workflow declares: no fixed choices.
    event = models.CharField(_("event"), max_length=32)
    # One notice per (event occurrence, recipient): a retried transaction or task cannot
    # create a second one.
    key = models.CharField(_("key"), max_length=100, unique=True)
    case_event = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Empty for a person without an account, reached only at the address given for them.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta(CaseLinked.Meta):
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at"]
        indexes = [
            *CaseLinked.Meta.indexes,
            models.Index(fields=["sent_at", "created_at"], name="notify_notice_pending"),
        ]

    def __str__(self):
        return f"{self.event_label} → {self.email}"

    @property
    def event_label(self):
        return notice_label(self.event, self.case.workflow if self.case_id else None)


def notice_label(event: str, workflow=None):
    """The name of a notice event, from the engine's list or the workflow's own."""
    if event in CaseNoticeEvent.values:
        return CaseNoticeEvent(event).label
    declared = {n.name: n.label for n in (workflow.notices if workflow else ())}
    return declared.get(event, event)
