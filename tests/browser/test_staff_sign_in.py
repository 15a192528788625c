"""A reviewer's first sign-in in a real browser, in both languages: password, enrolment of
the authenticator from the page (QR code drawn under the page's CSP, key typed by hand),
recovery codes, the queues; then a second sign-in with a code, and one with a recovery
code."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP

from tests.browser.test_case_journey import admin_sign_in, sign_in
from tests.factories import UserFactory


def app_code(typed_key: str, steps_ahead: int = 0) -> str:
    key = typed_key.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_a_reviewer_enrols_then_signs_in_with_a_code_and_a_recovery_code(
    page, live_server, screenshot, language
):
    email = f"reviewer-{language}@nia.example.gov.tw"
    UserFactory(email=email, reviewer=True, language=language)
    base = live_server.url
    page.context.add_cookies([{"name": "portal_language", "value": language, "url": base}])
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append((page.url, message.text[:60])),
    )

    sign_in(page, base, email)
    page.wait_for_url("**/accounts/second-factor/enrol/")
    assert page.locator("html").get_attribute("lang").startswith(language[:2])
    # The QR code is an image the browser drew (the CSP allowed it).
    assert page.eval_on_selector("img.qr-code", "img => img.complete && img.naturalWidth") > 0
    typed_key = page.inner_text("code.secret")
    screenshot(f"staff-enrol-{language}")
    page.fill("#id_code", app_code(typed_key))
    page.click("button[type=submit].primary")

    page.wait_for_url("**/accounts/second-factor/recovery-codes/")
    codes = [c.strip() for c in page.locator("ul.recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    screenshot(f"staff-recovery-codes-{language}")
    page.click("a.button.primary")
    page.wait_for_url("**/admin/queues/")

    # Sign out, and in again with the next code of the same app.
    page.goto(base + "/admin/")
    page.click("#logout-form button")
    sign_in(page, base, email)
    page.wait_for_url("**/accounts/second-factor/")
    page.fill("#id_code", app_code(typed_key, steps_ahead=1))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/admin/queues/")

    # And once with a recovery code, as with a lost phone.
    page.goto(base + "/admin/")
    page.click("#logout-form button")
    sign_in(page, base, email)
    page.fill("#id_code", codes[0])
    page.click("button[type=submit].primary")
    page.wait_for_url("**/admin/queues/")
    # Nothing on the second-factor pages broke the policy or failed to load.
    assert [e for e in errors if "/second-factor/" in e[0]] == []


@pytest.mark.django_db(transaction=True)
def test_the_journeys_admin_sign_in_helper_lands_on_the_queues(page, live_server):
    UserFactory(email="helper@nia.example.gov.tw", reviewer=True)
    admin_sign_in(page, live_server.url, "helper@nia.example.gov.tw")
    assert page.url.endswith("/admin/queues/")
