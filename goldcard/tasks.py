"""Celery tasks of the Gold Card. They take IDs and are idempotent."""

from celery import shared_task
from django.db import transaction
from django.dispatch import receiver

from goldcard.models import GoldCardCase
from goldcard.models.case import State
from portal.cases.signals import case_moved
from portal.notify.outbox import enqueue_safely


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=60,
    soft_time_limit=60,
    time_limit=90,
)
def issue_certificate_task(self, case_id: int) -> str:
    from goldcard.certificates import issue_certificate, send_certificate_once

    case = GoldCardCase.objects.select_related("pickup_station").get(pk=case_id)
    if case.card_valid_from is None:  # set by the approval (GoldCardCase.after_transition)
        return "no card yet"
    issue_certificate(case)
    try:
        return send_certificate_once(case_id)
    except OSError as error:  # SMTP trouble: the certificate is stored; mail it again later
        if self.request.is_eager:
            raise
        raise self.retry(exc=error) from error


@receiver(case_moved, sender=GoldCardCase, dispatch_uid="goldcard-certificate-on-approval")
def issue_certificate_on_approval(sender, case, event, **kwargs):
    """NIA's final approval issues the overseas approval certificate, once committed."""
    if event.from_state == State.NIA_FINAL and event.to_state == State.CARD_PRODUCTION:
        transaction.on_commit(lambda: enqueue_safely(issue_certificate_task, case.pk))
