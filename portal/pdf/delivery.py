"""E-mailing an issued PDF: once per person, whatever runs it how often. Receipts and
certificates both come through here.

The caller (a Celery task taking IDs, with `acks_late`) names the people
(`portal.cases.parties.Contact`, each with their own language) and the e-mail's templates.
Each person gets a `Delivery` row (unique per document and person); each row is locked from
the check to the commit of its `sent_at`, so a duplicate run, a retry or a sweeper finds it
sent and sends nothing. A failed e-mail leaves its row unsent, with the error, for the retry.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.notify.emails import render_email
from portal.pdf.models import Delivery, IssuedPdf

SENT = "sent"
NOTHING_TO_SEND = "already sent or being sent"


def send_once(issued: IssuedPdf, contacts, *, email: str, context: dict) -> str:
    """E-mail `issued`, attached, to every contact who has not had it: the message is
    `templates/emails/<email>/`, rendered in the contact's language with `context` plus
    `recipient` (the delivery: `full_name`, `email`), `document` and `verification_code`.

    Returns SENT if this call sent at least one e-mail. Raises the first failure after
    trying every pending delivery (an OSError is the mail server's trouble: worth a retry)."""
    record_recipients(issued, contacts)
    pending = list(
        issued.deliveries.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    if not pending:
        return NOTHING_TO_SEND
    with issued.file.open("rb") as handle:
        attachment = handle.read()
    sent, failure = 0, None
    for delivery_id in pending:
        try:
            sent += _send(delivery_id, issued, attachment, email, context)
        except Exception as error:  # the others are still tried; raised below
            failure = failure or error
    if failure is not None:
        raise failure
    return SENT if sent else NOTHING_TO_SEND


def record_recipients(issued: IssuedPdf, contacts) -> None:
    Delivery.objects.bulk_create(
        [
            Delivery(
                issued=issued,
                key=f"{issued.pk}:{contact.key}",
                recipient=contact.user,
                email=contact.email,
                full_name=(contact.full_name or "")[:200],
                language=contact.language,
            )
            for contact in contacts
            if contact.email
        ],
        ignore_conflicts=True,
    )


def _send(delivery_id: int, issued, attachment: bytes, email: str, context: dict) -> int:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, sent_at__isnull=True)
            .first()
        )
        if delivery is None:
            return 0  # sent meanwhile, or being sent by another worker right now
        try:
            message = render_email(
                email,
                {
                    **context,
                    "recipient": delivery,
                    "document": issued,
                    "verification_code": issued.display_code,
                    "verification_url": issued.verification_url,
                },
                delivery.language,
                [delivery.email],
            )
            message.attach(issued.filename, attachment, "application/pdf")
            message.send(fail_silently=False)
        except Exception as error:  # recorded below, outside the rolled-back block
            failure = error
        else:
            delivery.sent_at = timezone.now()
            delivery.attempts += 1
            delivery.save(update_fields=["sent_at", "attempts"])
            return 1
    Delivery.objects.filter(pk=delivery_id).update(
        attempts=F("attempts") + 1, last_error=str(failure)[:2000]
    )
    raise failure


def delivered_keys(keys) -> set[str]:
    """Of these IssuedPdf keys, those issued and e-mailed to everyone they were meant for
    (what a sweeper need not queue again)."""
    from django.db.models import Count, Q

    return set(
        IssuedPdf.objects.filter(key__in=list(keys))
        .annotate(
            recipients=Count("deliveries"),
            unsent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=True)),
        )
        .filter(recipients__gt=0, unsent=0)
        .values_list("key", flat=True)
    )
