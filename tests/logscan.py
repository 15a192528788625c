"""A scan of everything the suite logs, for personal data (issue: no personal data in any
log line).

Every record logged while the suite runs is formatted as the site's console handler would
write it, through the same filters (request reference, personal-data scrubbing), and kept.
At the end the lines are searched for e-mail addresses, Taiwanese ID and UI numbers, and
every passport number the tests type (collected from the test sources). A hit fails the run
and names the line, whatever test wrote it.
"""

import logging
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_TW_ID = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-D0-9]\d{8}(?![A-Za-z0-9])")
_TYPED_PASSPORT = re.compile(
    r"""passport_number["']?\s*[:=]\s*["']([A-Za-z0-9 ]{5,})["']""", re.IGNORECASE
)


def _typed_passport_numbers() -> set[str]:
    numbers = set()
    for source in TESTS.rglob("*.py"):
        for match in _TYPED_PASSPORT.finditer(source.read_text(encoding="utf-8")):
            numbers.add("".join(match[1].split()).upper())
    return numbers


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot be formatted is not ours to judge here
            self.handleError(record)


_kept = _Keep()


def pytest_sessionstart(session):
    from portal.web.logscrub import PersonalDataFilter
    from portal.web.request_ids import RequestIdFilter

    _kept.addFilter(RequestIdFilter())
    _kept.addFilter(PersonalDataFilter())
    _kept.setFormatter(logging.Formatter("[%(request_id)s] %(levelname)s %(name)s %(message)s"))
    logging.getLogger().addHandler(_kept)


def find_personal_data(lines, passport_numbers) -> list[str]:
    hits = []
    for line in lines:
        words = set(re.findall(r"[A-Za-z0-9]+", line.upper()))
        if _EMAIL.search(line) or _TW_ID.search(line) or words & passport_numbers:
            hits.append(line)
    return hits


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    logging.getLogger().removeHandler(_kept)
    hits = find_personal_data(_kept.lines, _typed_passport_numbers())
    if hits:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("")
            reporter.write_line("Personal data in log lines (logscrub missed it):", red=True)
            for line in hits[:20]:
                reporter.write_line("  " + line.splitlines()[0][:300])
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
