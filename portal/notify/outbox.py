"""Writing notices into the outbox and handing them to Celery after the commit."""

from django.db import transaction

from portal.notify.models import Notice
from portal.notify.queueing import enqueue_safely

__all__ = ["enqueue_safely", "queue_case_notice", "send_later"]


def queue_case_notice(case, case_event, event: str) -> list[Notice]:
    """Write one notice per contact of the case (`portal.cases.parties`) for this event, in
    the contact's language; send them once the transaction commits."""
    notices = []
    # Someone told about this event another way (the payer of an order gets one e-mail for
    # the whole order, with its receipt) is left out here.
    skip = set((case_event.data or {}).get("skip_recipients", []))
    for contact in case.contacts():
        if contact.user is not None and contact.user.pk in skip:
            continue
        notice = Notice(
            event=event,
            key=f"{event}:{case_event.pk}:{contact.key}",
            case_event=case_event,
            recipient=contact.user,
            email=contact.email,
            language=contact.language,
        )
        notice.link_to(case)
        notices.append(notice)
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    ids = list(
        Notice.objects.filter(key__in=[n.key for n in notices], sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: send_later(ids))
    return notices


def send_later(notice_ids) -> None:
    from portal.notify.tasks import send_notice

    for notice_id in notice_ids:
        enqueue_safely(send_notice, notice_id)
