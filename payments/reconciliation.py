"""The daily reconciliation figures: what was paid per day and method, against what the
gateways told us, and everything staff must look at."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from payments.models import FLAGGED_OUTCOMES, GatewayMessage, Payment, PaymentOrder


@dataclass
class Day:
    date: datetime.date
    methods: list = field(default_factory=list)  # (method label, orders, total)
    orders: int = 0
    total: int = 0
    received: int = 0  # the sum of the gateway's payments recorded that day
    flagged_messages: int = 0


def daily(start: datetime.date, end: datetime.date) -> list[Day]:
    tz = timezone.get_current_timezone()
    days = {}

    def day(date):
        return days.setdefault(date, Day(date))

    paid = (
        PaymentOrder.objects.filter(paid_at__date__range=(start, end))
        .annotate(day=TruncDate("paid_at", tzinfo=tz))
        .values("day", "method")
        .annotate(orders=Count("pk"), total=Sum("total"))
        .order_by("day", "method")
    )
    labels = dict(PaymentOrder._meta.get_field("method").choices)
    for row in paid:
        entry = day(row["day"])
        entry.methods.append(
            (labels.get(row["method"], row["method"]), row["orders"], row["total"])
        )
        entry.orders += row["orders"]
        entry.total += row["total"]
    received = (
        Payment.objects.filter(paid_at__date__range=(start, end))
        .annotate(day=TruncDate("paid_at", tzinfo=tz))
        .values("day")
        .annotate(total=Sum("amount"))
    )
    for row in received:
        day(row["day"]).received = row["total"]
    flagged = (
        GatewayMessage.objects.filter(
            received_at__date__range=(start, end), outcome__in=FLAGGED_OUTCOMES
        )
        .annotate(day=TruncDate("received_at", tzinfo=tz))
        .values("day")
        .annotate(count=Count("pk"))
    )
    for row in flagged:
        day(row["day"]).flagged_messages = row["count"]
    return sorted(days.values(), key=lambda d: d.date, reverse=True)


def anomalies(start: datetime.date, end: datetime.date):
    orders = PaymentOrder.objects.filter(needs_attention=True).order_by("-paid_at")[:100]
    messages = (
        GatewayMessage.objects.filter(
            Q(received_at__date__range=(start, end)), outcome__in=FLAGGED_OUTCOMES
        )
        .select_related("order")
        .order_by("-received_at")[:200]
    )
    return orders, messages
