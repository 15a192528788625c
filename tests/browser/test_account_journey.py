"""A visitor switches language, signs up, verifies by the e-mailed link, signs in, sees the
idle countdown, signs out, and is locked out after five wrong passwords."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from portal.accounts.forms import SignInForm

pytestmark = pytest.mark.django_db(transaction=True)

SWITCH_FROM = {"en": "zh-hant", "zh-hant": "en"}


def t(language, text):
    with translation.override(language):
        return gettext(text)


def link_in_last_mail():
    return re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_sign_up_verify_sign_in_countdown_and_lockout(page, live_server, screenshot, language):
    # Start in the other language and switch with the button on the page.
    page.context.add_cookies(
        [{"name": "portal_language", "value": SWITCH_FROM[language], "url": live_server.url}]
    )
    page.goto(live_server.url + "/")
    page.click(f".language-switch button[value='{language}']")
    expected_lang = "en" if language == "en" else "zh-Hant-TW"
    assert page.get_attribute("html", "lang") == expected_lang
    assert t(language, "Services") in page.inner_text("#services-title")
    screenshot(f"landing-{language}")

    # Sign up.
    page.click(f"nav >> text={t(language, 'Sign up')}")
    page.check("input[name=account_type][value=applicant]")
    page.fill("#id_full_name", "Maria Santos")
    page.fill("#id_email", f"maria-{language}@example.com")
    page.fill("#id_password1", "sunny-harbour-42")
    page.fill("#id_password2", "sunny-harbour-42")
    page.select_option("#id_language", language)
    screenshot(f"sign-up-{language}")
    page.click("button[type=submit].primary")
    assert page.inner_text("h1") == t(language, "Check your e-mail")

    # Not verified yet: signing in is refused with a clear message.
    page.goto(live_server.url + "/accounts/sign-in/")
    page.fill("#id_username", f"maria-{language}@example.com")
    page.fill("#id_password", "sunny-harbour-42")
    page.click("button[type=submit].primary")
    with translation.override(language):
        unverified = str(SignInForm.error_messages["unverified"])
    assert unverified in page.inner_text(".error-summary")

    # The delivered e-mail is in the chosen language and its link verifies the account.
    assert mail.outbox[-1].subject == t(language, "Verify your e-mail address")
    page.goto(link_in_last_mail())
    verified = t(language, "Thank you: your e-mail address is verified. Please sign in.")
    assert verified in page.inner_text(".messages")

    # Sign in: the to-do list and the countdown.
    page.fill("#id_username", f"maria-{language}@example.com")
    page.fill("#id_password", "sunny-harbour-42")
    page.click("button[type=submit].primary")
    assert page.inner_text("#todo-title") == t(language, "To-do list")
    countdown = page.locator("[data-countdown]")
    countdown.wait_for(state="visible")
    assert re.fullmatch(r"(30:00|29:5\d)", countdown.inner_text())
    screenshot(f"home-{language}")

    # Sign out, then five wrong passwords lock the account.
    page.click(f"nav button >> text={t(language, 'Sign out')}")
    for _ in range(5):
        page.goto(live_server.url + "/accounts/sign-in/")
        page.fill("#id_username", f"maria-{language}@example.com")
        page.fill("#id_password", "wrong-password-1")
        page.click("button[type=submit].primary")
    assert page.inner_text("h1") == t(language, "Account locked")
    screenshot(f"locked-{language}")


def test_countdown_warns_then_stay_signed_in_then_times_out(
    page, live_server, settings, user_factory, screenshot
):
    settings.SESSION_IDLE_SECONDS = 9
    settings.SESSION_WARNING_SECONDS = 6
    user_factory(email="idle@example.com", password="sunny-harbour-42", language="en")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.fill("#id_username", "idle@example.com")
    page.fill("#id_password", "sunny-harbour-42")
    page.click("button[type=submit].primary")
    warning = page.locator("[data-session-warning]")
    warning.wait_for(state="visible", timeout=8_000)
    screenshot("session-warning-en")
    page.click("[data-keepalive] button")
    warning.wait_for(state="hidden")
    # Now let it run out: the page leaves for the sign-in page with an explanation.
    page.wait_for_url(re.compile(r".*/accounts/sign-in/.*"), timeout=20_000)
    assert "30 minutes without activity" in page.inner_text(".messages")


def test_switching_language_keeps_what_was_typed(page, live_server):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/sign-up/")
    page.check("input[name=account_type][value=company]")
    page.fill("#id_organisation_name", "示範科技股份有限公司")
    page.fill("#id_organisation_id", "12345675")
    page.fill("#id_full_name", "Wang Da-ming")
    page.fill("#id_email", "wang@example.com")
    page.fill("#id_password1", "sunny-harbour-42")
    page.click(".language-switch button[value='zh-hant']")
    assert page.inner_text("h1") == t("zh-hant", "Sign up")
    assert page.is_checked("input[name=account_type][value=company]")
    assert page.is_visible("#id_organisation_name")
    assert page.input_value("#id_organisation_name") == "示範科技股份有限公司"
    assert page.input_value("#id_organisation_id") == "12345675"
    assert page.input_value("#id_full_name") == "Wang Da-ming"
    assert page.input_value("#id_email") == "wang@example.com"
    assert page.input_value("#id_password1") == ""  # passwords are never carried
