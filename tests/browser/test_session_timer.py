"""The idle countdown in a real browser (with Playwright's clock): the warning appears
without taking the focus from someone typing, is announced politely, and the background
saves of a draft re-sync the countdown, so that steady typing never sees the warning."""

import pytest

from tests.factories import SampleCaseFactory, UserFactory, sample_answers

PASSWORD = "correct-horse-42"


@pytest.fixture
def typing_page(page, live_server, db):
    applicant = UserFactory(email="typist@example.com", language="en")
    draft = SampleCaseFactory(owner=applicant, answers=sample_answers())
    page.clock.install()
    page.goto(live_server.url + "/accounts/sign-in/")
    page.fill("#id_username", applicant.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.goto(f"{live_server.url}/cases/sample/{draft.pk}/edit/person/")
    page.focus("#id_surname")
    return page


def _countdown(page):
    return page.text_content("[data-countdown]")


@pytest.mark.django_db(transaction=True)
def test_the_warning_never_steals_the_focus_and_is_announced(typing_page):
    page = typing_page
    page.clock.fast_forward("26:00")
    warning = page.locator("[data-session-warning]")
    warning.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "id_surname"
    announced = page.text_content("[data-session-announce]")
    assert "signed out soon" in announced
    assert page.get_attribute("[data-session-announce]", "aria-live") == "polite"
    # Typing goes on into the field, not onto the "Stay signed in" button.
    page.keyboard.type(" X")
    assert " X" in page.input_value("#id_surname")


@pytest.mark.django_db(transaction=True)
def test_autosave_resyncs_the_countdown(typing_page):
    page = typing_page
    page.clock.fast_forward("26:00")
    page.locator("[data-session-warning]").wait_for(state="visible")
    assert _countdown(page).startswith(("3:", "4:"))
    # The person keeps typing: the autosave's answer carries the server's remaining time.
    page.keyboard.type("son")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.clock.fast_forward(2000)
    page.locator("[data-session-warning]").wait_for(state="hidden")
    page.clock.fast_forward(1000)
    assert _countdown(page).startswith(("29:", "30:"))
