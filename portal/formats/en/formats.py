"""English dates: 2 December 2026 (see portal/formats/__init__.py)."""

DATE_FORMAT = "j F Y"  # 2 December 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j F Y, H:i"  # 2 December 2026, 14:05
# One form, also where a template asks for the short one.
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 2 December
