"""Traditional Chinese dates: 2026/12/02 (see portal/formats/__init__.py)."""

DATE_FORMAT = "Y/m/d"  # 2026/12/02
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "Y/m/d H:i"  # 2026/12/02 14:05
# One form, also where a template asks for the short one.
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
