import datetime
import zoneinfo

import pytest

from portal.reference.models import WorkingDayOverride
from portal.reference.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # Founding Day of the Republic of China
        D(2026, 2, 16),  # Lunar New Year's Eve (Monday)
        D(2026, 2, 17),  # Lunar New Year
        D(2026, 2, 20),  # observed, for the Eve falling on a Sunday
        D(2026, 2, 27),  # Peace Memorial Day observed (28 February is a Saturday)
        D(2026, 5, 1),  # Labour Day, a national holiday since 2026
        D(2026, 10, 9),  # National Day observed (10 October is a Saturday)
        D(2026, 10, 10),  # National Day
    ],
)
def test_national_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 3, 11),  # an ordinary Wednesday
        D(2026, 2, 13),  # the Friday before the Lunar New Year break
        D(2026, 3, 12),  # Arbor Day: commemorated, but offices are open
    ],
)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 3, 14))
    assert not is_working_day(D(2026, 3, 15))


def test_make_up_working_days_from_the_package():
    # 2025: Monday 27 January off, paid for by working on Saturday 8 February.
    assert is_working_day(D(2025, 2, 8))
    assert not is_working_day(D(2025, 1, 27))
    # 2024: Thursday 8 February off, made up on Saturday 17 February.
    assert is_working_day(D(2024, 2, 17))
    # The make-up day of 2015's bridge holiday fell in the year before.
    assert is_working_day(D(2014, 12, 27))


def test_override_can_close_a_working_day():
    WorkingDayOverride.objects.create(
        date=D(2026, 3, 11), is_working_day=False, reason_zh="颱風停班", reason_en="Typhoon day off"
    )
    assert not is_working_day(D(2026, 3, 11))
    assert add_working_days(D(2026, 3, 10), 1) == D(2026, 3, 12)


def test_override_can_open_a_weekend_or_holiday():
    WorkingDayOverride.objects.create(date=D(2026, 3, 14), is_working_day=True)
    WorkingDayOverride.objects.create(date=D(2026, 10, 9), is_working_day=True)
    assert is_working_day(D(2026, 3, 14))
    assert is_working_day(D(2026, 10, 9))
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)


def test_override_can_cancel_a_make_up_day():
    WorkingDayOverride.objects.create(date=D(2025, 2, 8), is_working_day=False)
    assert not is_working_day(D(2025, 2, 8))


def test_add_working_days_across_a_weekend():
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)  # Friday -> Monday
    assert add_working_days(D(2026, 3, 14), 1) == D(2026, 3, 16)  # Saturday -> Monday
    assert add_working_days(D(2026, 3, 11), 3) == D(2026, 3, 16)


def test_add_working_days_across_lunar_new_year():
    assert add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    # The student ARC payment notice: 14 working days after a submission on 10 February 2026
    # (11-13 Feb, 23-26 Feb, 2-6 Mar, 9-10 Mar; 27 Feb is Peace Memorial Day observed).
    assert add_working_days(D(2026, 2, 10), 14) == D(2026, 3, 10)


def test_add_working_days_counts_a_make_up_saturday():
    assert add_working_days(D(2025, 2, 7), 1) == D(2025, 2, 8)


def test_add_zero_working_days_returns_the_date_itself():
    assert add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 14)


def test_negative_n_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 11), -1)


def test_aware_datetimes_count_in_taipei_time():
    # 20:00 UTC on Friday 13 March is already Saturday 14 March in Taipei.
    moment = datetime.datetime(2026, 3, 13, 20, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert not is_working_day(moment)
    assert add_working_days(moment, 1) == D(2026, 3, 16)


def test_long_closure_beyond_the_first_window():
    start = D(2026, 3, 2)
    WorkingDayOverride.objects.bulk_create(
        WorkingDayOverride(date=start + datetime.timedelta(days=i), is_working_day=False)
        for i in range(1, 45)
    )
    assert add_working_days(start, 1) == D(2026, 4, 16)  # first working day after the closure


def test_working_days_between():
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 16)) == 1
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 16)) == 0
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 13)) == -1
    assert working_days_between(D(2026, 2, 12), D(2026, 2, 23)) == 2


def test_between_is_the_inverse_of_add():
    start = D(2025, 12, 20)
    for n in range(0, 60, 7):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_constant_number_of_queries(django_assert_num_queries):
    WorkingDayOverride.objects.create(date=D(2026, 3, 20), is_working_day=False)
    with django_assert_num_queries(1):
        add_working_days(D(2026, 2, 10), 30)
    with django_assert_num_queries(1):
        add_working_days(D(2026, 2, 10), 120)
    with django_assert_num_queries(1):
        working_days_between(D(2026, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(1):
        is_working_day(D(2026, 3, 11))
