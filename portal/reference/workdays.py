"""Working days in Taiwan, for deadlines that the seeds give in working days (工作天).

The rule, for one date D, first match wins:

1. A `WorkingDayOverride` row for D (staff's correction: a typhoon day off, a make-up working
   day the package does not know yet) decides.
2. A Saturday or Sunday is a day off, unless the `holidays` package lists it as a make-up
   working day (補班). The package's Taiwan calendar moves a bridge holiday by recording the
   Saturday it was "substituted from" in `weekend_workdays` (e.g. Saturday 2024-02-17 and
   2025-02-08); this module reads that set. The package lists none for 2026 and later,
   matching the DGPA's 2026 calendar; should one be decreed, staff add it as an override.
3. A weekday is a working day unless it is a public holiday in the package's Taiwan calendar
   (category PUBLIC, observed days included: e.g. Friday 2026-10-09 for National Day on a
   Saturday). Commemorative days on which offices stay open (the package's WORKDAY category,
   e.g. Arbor Day) are working days.

Counting: `add_working_days(d, n)` is the n-th working day *after* d, never d itself, so
"3 working days after a payment on Friday" is the following Wednesday. `n = 0` returns d
unchanged. `working_days_between(a, b)` counts the working days in (a, b], so
`working_days_between(d, add_working_days(d, n)) == n`.

Cost: one query per call (the overrides of the whole date range at once), the package's calendar
built once per year and cached for the process.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache

import holidays
from django.utils import timezone

from .models import WorkingDayOverride

__all__ = ["add_working_days", "is_working_day", "working_days_between"]

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=32)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.Taiwan(years=year, categories=holidays.PUBLIC, expand=False)


def _package_says_working(day: datetime.date) -> bool:
    calendar = _calendar(day.year)
    if calendar.is_weekend(day):
        # A make-up day is recorded by the year of the holiday it pays for, which may be the
        # next year (the 2014-12-27 make-up day paid for 2015-01-02).
        return day in calendar.weekend_workdays or day in _calendar(day.year + 1).weekend_workdays
    return day not in calendar


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _overrides(first: datetime.date, last: datetime.date) -> dict[datetime.date, bool]:
    rows = WorkingDayOverride.objects.filter(date__range=(first, last))
    return dict(rows.values_list("date", "is_working_day"))


def _is_working(day: datetime.date, overrides: Mapping[datetime.date, bool]) -> bool:
    found = overrides.get(day)
    return found if found is not None else _package_says_working(day)


def is_working_day(day: datetime.date | datetime.datetime) -> bool:
    """Whether government offices in Taiwan are open on `day` (one query)."""
    day = _as_date(day)
    return _is_working(day, _overrides(day, day))


def add_working_days(day: datetime.date | datetime.datetime, n: int) -> datetime.date:
    """The n-th working day after `day` (not counting `day`); `day` itself when n is 0.

    Raises ValueError for a negative n. Loads the overrides of a window that comfortably holds
    n working days in one query; only a stretch of closures longer than the window's slack
    (weeks of typhoon days) would need a second one.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    current = _as_date(day)
    remaining = n
    while remaining:
        # 7 calendar days hold at least 5 working days outside holidays; 2n + 30 also covers
        # the longest Lunar New Year break.
        window_end = current + datetime.timedelta(days=2 * remaining + 30)
        overrides = _overrides(current + ONE_DAY, window_end)
        while remaining and current < window_end:
            current += ONE_DAY
            if _is_working(current, overrides):
                remaining -= 1
    return current


def working_days_between(
    start: datetime.date | datetime.datetime, end: datetime.date | datetime.datetime
) -> int:
    """The number of working days in (start, end]: after `start`, up to and including `end`.

    Negative when `end` is before `start` (e.g. how many working days a deadline is overdue).
    One query.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start + ONE_DAY, end)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += _is_working(day, overrides)
    return count
