"""Application numbers: `115` + workflow code + 7-digit sequence, gapless and per series.

Guards the shape of the number (ROC year, code, zero-padded sequence), one series per year
and per workflow code, that the counter may only be taken inside a transaction, that a
rolled-back transaction gives its number back, and that a full series refuses to wrap.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from portal.cases.models import NumberSeries
from portal.cases.numbers import (
    SeriesExhausted,
    application_number,
    next_value,
    roc_year,
)

JAN_2026 = datetime.date(2026, 1, 5)

pytestmark = pytest.mark.django_db


def test_shape_for_2026_on_a_fresh_series():
    assert application_number("99", JAN_2026) == "115990000001"
    assert application_number("99", JAN_2026) == "115990000002"
    assert application_number("99", datetime.date(2026, 12, 31)) == "115990000003"


def test_roc_year():
    assert roc_year(datetime.date(2026, 1, 1)) == 115
    assert roc_year(datetime.date(2011, 6, 1)) == 100
    assert roc_year(datetime.date(1912, 1, 1)) == 1


def test_roc_year_100_keeps_three_digits():
    assert application_number("99", datetime.date(2011, 3, 1)) == "100990000001"


def test_a_new_year_restarts_the_series():
    assert application_number("99", datetime.date(2026, 12, 31)) == "115990000001"
    assert application_number("99", datetime.date(2026, 12, 31)) == "115990000002"
    assert application_number("99", datetime.date(2027, 1, 1)) == "116990000001"
    assert application_number("99", datetime.date(2026, 12, 31)) == "115990000003"


def test_each_workflow_code_has_its_own_series():
    assert application_number("99", JAN_2026) == "115990000001"
    assert application_number("55", JAN_2026) == "115550000001"
    assert application_number("99", JAN_2026) == "115990000002"
    assert application_number("55", JAN_2026) == "115550000002"
    assert set(NumberSeries.objects.values_list("key", "last_value")) == {
        ("application-115-99", 2),
        ("application-115-55", 2),
    }


def test_today_is_the_default_day():
    number = application_number("99")
    assert number == f"{roc_year(timezone.localdate()):03d}990000001"


def test_a_rolled_back_transaction_gives_its_number_back():
    assert application_number("99", JAN_2026) == "115990000001"
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert application_number("99", JAN_2026) == "115990000002"
        _ = 1 / 0  # the submission fails after taking its number
    assert application_number("99", JAN_2026) == "115990000002"
    assert NumberSeries.objects.get(key="application-115-99").last_value == 2


def test_a_full_series_refuses_to_wrap():
    NumberSeries.objects.create(key="application-115-99", last_value=9_999_998)
    assert application_number("99", JAN_2026) == "115999999999"
    with pytest.raises(SeriesExhausted), transaction.atomic():
        application_number("99", JAN_2026)
    # The failed attempt rolled back with its transaction: the series stays at its last number.
    assert NumberSeries.objects.get(key="application-115-99").last_value == 9_999_999
    # Another series is not affected.
    assert application_number("55", JAN_2026) == "115550000001"


def test_next_value_counts_any_series():
    assert [next_value("test-series") for _ in range(3)] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_next_value_outside_a_transaction_raises():
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        next_value("application-115-99")
    with pytest.raises(RuntimeError):
        application_number("99", JAN_2026)
    assert not NumberSeries.objects.exists()
    with transaction.atomic():
        assert application_number("99", JAN_2026) == "115990000001"
