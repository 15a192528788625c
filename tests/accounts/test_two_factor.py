"""Staff sign in with a second factor (ADR 0011), end to end through the pages: enrolment of
the authenticator, sign-in with its code, a recovery code, and refusal without it."""

import base64
import html
import re
import time
from datetime import timedelta
from urllib.parse import unquote

import pytest
import segno
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.twofactor.signin import PENDING_KEY
from tests.two_factor import authenticator_for, code_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def _english(client):
    # Between the two steps nobody is signed in yet: the page's language is the cookie's.
    client.cookies["portal_language"] = "en"


@pytest.fixture
def reviewer(user_factory):
    return user_factory(email="reviewer@nia.example.gov.tw", reviewer=True, language="en")


@pytest.fixture
def enrolled(reviewer):
    return authenticator_for(reviewer)


def password_step(client, user, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD, **extra}
    )


def code_step(client, code):
    return client.post(reverse("accounts:second_factor"), {"code": code})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def wait_out_the_throttle():
    """As if the doubling wait after the last wrong code had passed."""
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(days=1))


def test_a_reviewer_signs_in_with_password_then_code_and_lands_on_the_queues(
    client, reviewer, enrolled
):
    response = password_step(client, reviewer)
    assert response.url == reverse("accounts:second_factor")
    # The password alone signs nobody in, and opens no admin page.
    assert signed_in_as(client) is None
    assert client.get("/admin/queues/").status_code == 302
    assert signed_in_as(client) is None

    page = client.get(reverse("accounts:second_factor"))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]

    wrong = code_step(client, "000000" if code_for(enrolled) != "000000" else "111111")
    assert wrong.status_code == 200
    assert "This code is not correct" in wrong.content.decode()
    assert signed_in_as(client) is None

    wait_out_the_throttle()
    response = code_step(client, code_for(enrolled))
    assert response.status_code == 302
    assert response.url == reverse("review_queues")
    assert signed_in_as(client) == str(reviewer.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == enrolled.persistent_id
    assert PENDING_KEY not in client.session
    assert client.get("/admin/queues/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_session_id_changes_at_each_step(client, reviewer, enrolled):
    client.get(reverse("accounts:login"))
    session = client.session
    session["before"] = True
    session.save()
    first = client.session.session_key
    password_step(client, reviewer)
    second = client.session.session_key
    code_step(client, code_for(enrolled))
    assert len({first, second, client.session.session_key}) == 3


def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(client, reviewer, enrolled):
    password_step(client, reviewer, next="/admin/reports/")
    assert code_step(client, code_for(enrolled)).url == "/admin/reports/"
    client.post(reverse("accounts:logout"))
    password_step(client, reviewer, next="https://evil.example/")
    assert code_step(client, code_for(enrolled)).url == reverse("review_queues")


def test_an_applicant_needs_no_second_factor_and_lands_on_home(client, verified_user):
    response = password_step(client, verified_user)
    assert response.url == reverse("pages:home")
    assert signed_in_as(client) == str(verified_user.pk)
    assert not TOTPDevice.objects.exists()


def test_the_same_code_does_not_work_twice(client, reviewer, enrolled):
    code = code_for(enrolled)
    password_step(client, reviewer)
    assert code_step(client, code).status_code == 302
    other = Client()
    password_step(other, reviewer)
    enrolled.refresh_from_db()
    response = code_step(other, code)
    assert response.status_code == 200
    assert signed_in_as(other) is None


def test_wrong_codes_are_throttled(client, reviewer, enrolled):
    password_step(client, reviewer)
    right = code_for(enrolled)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    code_step(client, wrong)
    code_step(client, wrong)
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 1  # the second came too soon to count
    # Even the right code waits out the delay, which doubles with each failure.
    response = code_step(client, right)
    assert "Too many wrong codes" in response.content.decode()
    assert signed_in_as(client) is None
    enrolled.throttling_failure_timestamp = timezone.now() - timedelta(seconds=2)
    enrolled.save()
    assert code_step(client, right).status_code == 302
    assert signed_in_as(client) == str(reviewer.pk)
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 0


def test_the_step_expires_after_ten_minutes(client, reviewer, enrolled):
    password_step(client, reviewer)
    session = client.session
    session[PENDING_KEY]["at"] = time.time() - 10 * 60 - 1
    session.save()
    response = code_step(client, code_for(enrolled))
    assert response.url == reverse("accounts:login")
    assert signed_in_as(client) is None


def test_a_password_changed_between_the_steps_voids_the_first(client, reviewer, enrolled):
    password_step(client, reviewer)
    reviewer.set_password("brand-new-pass-7")
    reviewer.save()
    response = code_step(client, code_for(enrolled))
    assert response.url == reverse("accounts:login")
    assert signed_in_as(client) is None


def test_the_steps_need_the_password_first(client, reviewer, enrolled):
    for name in ("accounts:second_factor", "accounts:enrol_second_factor"):
        assert client.get(reverse(name)).url == reverse("accounts:login")
        assert client.post(reverse(name), {"code": code_for(enrolled)}).url == reverse(
            "accounts:login"
        )
    assert signed_in_as(client) is None


# --- enrolment --------------------------------------------------------------------------


def secret_on(page) -> bytes:
    typed = re.search(r'<code class="secret"[^>]*>([A-Z2-7 ]+)</code>', page).group(1)
    padded = typed.replace(" ", "")
    return base64.b32decode(padded + "=" * (-len(padded) % 8))


def app_code(key: bytes, step_ahead=0) -> str:
    totp = TOTP(key)
    totp.time = time.time() + 30 * step_ahead
    return f"{totp.token():06d}"


def test_a_reviewer_without_an_authenticator_enrols_one_then_gets_recovery_codes(client, reviewer):
    response = password_step(client, reviewer)
    assert client.get(response.url).url == reverse("accounts:enrol_second_factor")
    page = client.get(reverse("accounts:enrol_second_factor")).content.decode()
    # The QR code is drawn on the server, as a data: image (the CSP allows no other host).
    qr = re.search(r'<img class="qr-code" src="(data:image/svg\+xml[^"]+)"', page).group(1)
    key = secret_on(page)
    address = TOTPDevice.objects.get(user=reviewer).config_url
    assert address.startswith("otpauth://totp/")
    assert f"secret={base64.b32encode(key).decode()}" in unquote(address)
    assert "reviewer%40nia.example.gov.tw" in address
    assert qr == html.escape(segno.make(address, error="m").svg_data_uri(scale=5, border=4))
    # Reloading keeps the same key: the phone may have scanned it already.
    assert secret_on(client.get(reverse("accounts:enrol_second_factor")).content.decode()) == key

    wrong = client.post(reverse("accounts:enrol_second_factor"), {"code": "12345"})
    assert wrong.status_code == 200
    assert signed_in_as(client) is None
    assert not TOTPDevice.objects.filter(confirmed=True).exists()

    assert (
        "try again after"
        in client.post(
            reverse("accounts:enrol_second_factor"), {"code": app_code(key)}
        ).content.decode()
    )  # wrong codes are throttled here too
    wait_out_the_throttle()
    response = client.post(reverse("accounts:enrol_second_factor"), {"code": app_code(key)})
    assert response.url == reverse("accounts:recovery_codes")
    assert signed_in_as(client) == str(reviewer.pk)
    device = TOTPDevice.objects.get(user=reviewer)
    assert device.confirmed and device.bin_key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id

    shown = client.get(reverse("accounts:recovery_codes")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert f'href="{reverse("review_queues")}"' in shown
    # Shown once.
    assert client.get(reverse("accounts:recovery_codes")).url == reverse("accounts:account")
    assert client.get("/admin/queues/").status_code == 200


def test_a_new_authenticator_replaces_the_old_one(client, reviewer, enrolled):
    enrolled.delete()  # an administrator removed the lost phone's authenticator
    password_step(client, reviewer)
    page = client.get(reverse("accounts:enrol_second_factor")).content.decode()
    key = secret_on(page)
    client.post(reverse("accounts:enrol_second_factor"), {"code": app_code(key)})
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1
    # With an authenticator, the enrolment page is closed.
    client.post(reverse("accounts:logout"))
    password_step(client, reviewer)
    assert client.get(reverse("accounts:enrol_second_factor")).url == reverse(
        "accounts:second_factor"
    )


# --- recovery codes ---------------------------------------------------------------------


def enrol(client, reviewer) -> list[str]:
    password_step(client, reviewer)
    key = secret_on(client.get(reverse("accounts:enrol_second_factor")).content.decode())
    client.post(reverse("accounts:enrol_second_factor"), {"code": app_code(key)})
    html = client.get(reverse("accounts:recovery_codes")).content.decode()
    client.post(reverse("accounts:logout"))
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)


def test_a_recovery_code_signs_in_once(client, reviewer):
    codes = enrol(client, reviewer)
    password_step(client, reviewer)
    response = code_step(client, codes[0].upper()[:4] + " " + codes[0][4:])
    assert response.url == reverse("review_queues")
    assert signed_in_as(client) == str(reviewer.pk)
    assert client.get("/admin/").status_code == 200
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("9 are left" in m for m in messages)

    client.post(reverse("accounts:logout"))
    password_step(client, reviewer)
    again = code_step(client, codes[0])
    assert again.status_code == 200
    assert signed_in_as(client) is None
    assert StaticToken.objects.count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, reviewer):
    old = enrol(client, reviewer)
    client.force_login(reviewer)
    assert "10 recovery codes are left" in client.get(reverse("accounts:account")).content.decode()
    response = client.post(reverse("accounts:recovery_codes"))
    html = client.get(response.url).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_applicants_have_no_recovery_codes(signed_in_client):
    assert signed_in_client.post(reverse("accounts:recovery_codes")).status_code == 404
    assert not StaticToken.objects.exists()


# --- refusal without it -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/queues/", "/admin/reports/", "/admin/payments/reconciliation/", "/"],
)
def test_a_staff_session_without_a_second_factor_is_signed_out(reviewer, enrolled, path):
    bare = Client()  # Django's own: force_login gives no second factor
    bare.force_login(reviewer)
    assert signed_in_as(bare) == str(reviewer.pk)
    response = bare.get(path)
    assert signed_in_as(bare) is None
    if path.startswith("/admin/"):
        assert response.status_code == 302
        assert "/login/" in response.url or "/sign-in/" in response.url


def test_removing_the_authenticator_ends_the_staff_session(client, reviewer, enrolled):
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 200
    enrolled.delete()
    assert client.get("/admin/").status_code == 302
    assert signed_in_as(client) is None


def test_the_admin_sign_in_page_sends_staff_to_the_portals(client):
    response = client.get("/admin/login/?next=/admin/queues/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=/admin/queues/"


def test_an_applicant_at_the_admin_is_refused_not_looped(signed_in_client, verified_user):
    response = signed_in_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert signed_in_as(signed_in_client) == str(verified_user.pk)


def test_the_admin_itself_refuses_staff_without_a_verified_session(reviewer, enrolled):
    """Not only the middleware: the admin site asks too."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = reviewer
    assert not admin.site.has_permission(request)  # no django-otp middleware: no factor


def test_a_password_reset_clears_the_code_throttle(client, reviewer, enrolled):
    enrolled.throttling_failure_count = 30
    enrolled.throttling_failure_timestamp = timezone.now()
    enrolled.save()
    client.post(reverse("accounts:password_reset"), {"email": reviewer.email})
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    client.post(
        response.url, {"new_password1": "brand-new-pass-7", "new_password2": "brand-new-pass-7"}
    )
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 0
    assert signed_in_as(client) is None  # a reset signs nobody in


def test_the_steps_carry_the_security_headers(client, reviewer):
    from tests.pages.test_security import assert_security_headers

    password_step(client, reviewer)
    enrol = client.get(reverse("accounts:enrol_second_factor"))
    assert_security_headers(enrol)
    # The QR code is an image the policy allows: data:, not another host, no script.
    assert "img-src 'self' data:" in enrol["Content-Security-Policy"]
    assert "<script>" not in enrol.content.decode()
    authenticator_for(reviewer)
    assert_security_headers(client.get(reverse("accounts:second_factor")))


def test_the_steps_in_chinese(client, reviewer):
    """Passes once the catalogue has the accounts translations (var/i18n/accounts.json)."""
    client.cookies["portal_language"] = "zh-hant"
    password_step(client, reviewer)
    assert "設定您的驗證器" in client.get(reverse("accounts:enrol_second_factor")).content.decode()
    authenticator_for(reviewer)
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "第二道驗證" in page
    assert "你" not in page
