"""Celery tasks that send the case notices. They take IDs and are idempotent."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.notify.messages import build_case_message
from portal.notify.models import Notice

logger = logging.getLogger(__name__)

# A notice younger than this is still on its way through the normal path.
DISPATCH_GRACE = timedelta(seconds=60)
MAX_ATTEMPTS = 10


@shared_task(acks_late=True, bind=True, max_retries=5, default_retry_delay=60)
def send_notice(self, notice_id: int) -> str:
    """Send one notice exactly once: the row stays locked from the check to the commit of
    `sent_at`, so a second run (duplicate delivery, the dispatcher) finds it sent."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(skip_locked=True)
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return "already sent or being sent"
        try:
            build_case_message(notice).send(fail_silently=False)
        except Exception as error:  # recorded below; the dispatcher stops after MAX_ATTEMPTS
            failure = error
        else:
            notice.sent_at = timezone.now()
            notice.attempts += 1
            notice.save(update_fields=["sent_at", "attempts"])
            return "sent"
    Notice.objects.filter(pk=notice_id).update(
        attempts=F("attempts") + 1, last_error=str(failure)[:2000]
    )
    if isinstance(failure, OSError):  # SMTP trouble is worth retrying soon; a bug is not
        raise self.retry(exc=failure)
    raise failure


@shared_task(acks_late=True)
def dispatch_pending_notices() -> int:
    """Queue again every notice that should have gone out by now (run by Celery beat)."""
    from portal.notify.queueing import enqueue_safely

    cutoff = timezone.now() - DISPATCH_GRACE
    pending = Notice.objects.filter(
        sent_at__isnull=True, created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS
    ).values_list("pk", flat=True)[:500]
    queued = 0
    for notice_id in pending:
        if enqueue_safely(send_notice, notice_id):
            queued += 1
    return queued
