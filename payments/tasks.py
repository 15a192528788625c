"""Celery tasks of payments. They take IDs and are idempotent."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from payments.models import OrderState, PaymentOrder
from payments.simgateway.tasks import deliver_callback  # noqa: F401 (registers the task)

logger = logging.getLogger("payments")
RECEIPT_GRACE = timedelta(minutes=2)
# Older orders are left alone: a broker down for a week is an incident for people.
SWEEP_WINDOW = timedelta(days=7)


# A render that hangs (a pathological input, a font problem) must not hold a worker: the soft
# limit raises inside the task, the hard one kills the child process.
@shared_task(
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=60,
    soft_time_limit=60,
    time_limit=90,
)
def issue_receipt(self, order_id: int) -> str:
    from payments.receipts import issue_receipt_pdf, send_receipt_once

    order = PaymentOrder.objects.select_related("payer", "payer_organisation").get(pk=order_id)
    if order.state != OrderState.PAID:
        return "not paid"
    receipt = issue_receipt_pdf(order)
    try:
        return send_receipt_once(order, receipt)
    except OSError as error:  # SMTP trouble: the receipt is stored; try the e-mail again
        if self.request.is_eager:
            raise
        raise self.retry(exc=error) from error


@shared_task(acks_late=True)
def issue_missing_receipts() -> int:
    """Catch recently paid orders whose receipt is not issued and e-mailed (the task was lost:
    the broker was down at payment time). Run by Celery beat."""
    from payments.receipts import receipt_key_for
    from portal.notify.outbox import enqueue_safely
    from portal.pdf.delivery import delivered_keys

    now = timezone.now()
    paid = list(
        PaymentOrder.objects.filter(
            state=OrderState.PAID, paid_at__lte=now - RECEIPT_GRACE, paid_at__gte=now - SWEEP_WINDOW
        )
        .order_by("paid_at")
        .values_list("pk", flat=True)[:500]
    )
    done = delivered_keys(receipt_key_for(order_id) for order_id in paid)
    pending = [order_id for order_id in paid if receipt_key_for(order_id) not in done]
    return sum(1 for order_id in pending[:200] if enqueue_safely(issue_receipt, order_id))
