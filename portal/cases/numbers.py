"""The one allocator behind application numbers (and, later, serials and batch numbers).

Gapless and duplicate-free: the counter row is locked (`SELECT ... FOR UPDATE`) and bumped
inside the caller's transaction, so a submission that rolls back gives its number back and
two concurrent submissions queue on the row instead of reading the same value. On SQLite the
whole database is locked by the writing transaction, which gives the same guarantee.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from portal.cases.models import NumberSeries

SEQUENCE_DIGITS = 7


class SeriesExhausted(RuntimeError):
    pass


def roc_year(day: datetime.date) -> int:
    """The Republic of China year: 2026 is 115."""
    return day.year - 1911


def next_value(key: str) -> int:
    """Take the next value of a series. Must run inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value() must run inside transaction.atomic()")
    # Create the series on first use without racing: a concurrent creator's row wins and
    # ours is ignored; either way the row exists before we lock it.
    NumberSeries.objects.bulk_create([NumberSeries(key=key)], ignore_conflicts=True)
    series = NumberSeries.objects.select_for_update().get(key=key)
    series.last_value += 1
    series.save(update_fields=["last_value"])
    return series.last_value


def application_number(workflow_code: str, day: datetime.date | None = None) -> str:
    """`115` + `55` + `0000123`: ROC year, workflow code, 7-digit sequence within the year."""
    day = day or timezone.localdate()
    year = roc_year(day)
    value = next_value(f"application-{year:03d}-{workflow_code}")
    if value >= 10**SEQUENCE_DIGITS:
        raise SeriesExhausted(
            f"{year}/{workflow_code} has used all {SEQUENCE_DIGITS}-digit numbers"
        )
    return f"{year:03d}{workflow_code}{value:0{SEQUENCE_DIGITS}d}"
