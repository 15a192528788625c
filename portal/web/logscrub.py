"""Keeping personal data out of log lines.

Logs go to places with wider access and longer lives than the database (aggregators,
support tickets), so a log line must not carry what identifies a person: e-mail addresses,
Taiwanese national ID and UI numbers (統一證號), passport and other document numbers, names.
Code should not log them in the first place; this filter is the net under that rule for
what code does not control: exception messages that echo data (a database error quoting the
JSON it could not store, a unique-key violation naming the address), and third-party
libraries. It rewrites the record once, for every handler.

A log scan over the whole test suite (tests/logscan.py) checks that the net holds.
"""

import logging
import re

REDACTED = "[redacted]"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# National ID (A123456789), new UI number (A800000014) and old UI number (AA00000009).
_TW_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Da-d0-9]\d{8}(?![A-Za-z0-9])")
# What PostgreSQL adds to an error to show the data at fault: "DETAIL: Key (email)=(...)",
# "CONTEXT: JSON data, line 1: {...". The first line of the error stays readable.
_DB_DETAIL = re.compile(r"^(\s*(?:DETAIL|CONTEXT|LINE \d+)):.*$", re.MULTILINE)
# "field": "value" pairs (JSON, dict reprs) whose field says it holds personal data.
_PERSONAL_KEY = r"[^\"'\n]*(?:passport|number|name|mail|birth|phone|address|id_no|ui_no)[^\"'\n]*"
_PERSONAL_PAIR = re.compile(
    r"""(?P<key>(?P<q>["'])"""
    + _PERSONAL_KEY
    + r"""(?P=q)\s*:\s*)(?P<v>["'])(?:(?!(?P=v)).)*(?P=v)""",
    re.IGNORECASE,
)


def scrub(text: str) -> str:
    if not text:
        return text
    text = _DB_DETAIL.sub(lambda m: f"{m[1]}: {REDACTED}", text)
    text = _PERSONAL_PAIR.sub(lambda m: f"{m['key']}{m['v']}{REDACTED}{m['v']}", text)
    text = _EMAIL.sub("[e-mail]", text)
    return _TW_ID.sub("[ID]", text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, scrubbed
            message = f"{record.msg} {record.args}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
