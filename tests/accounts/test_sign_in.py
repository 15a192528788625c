import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def attempt(client, email, password, **extra):
    return client.post("/accounts/sign-in/", {"username": email, "password": password, **extra})


def test_sign_in_rotates_the_session_id(client, verified_user):
    client.get("/")
    client.session["anything"] = 1
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    response = attempt(client, verified_user.email, "correct-horse-42")
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_sign_in_is_case_insensitive_on_the_address(client, verified_user):
    assert attempt(client, verified_user.email.upper(), "correct-horse-42").status_code == 302
    assert client.session["_auth_user_id"] == str(verified_user.pk)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/accounts/",
        "https:/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_never_redirects_off_site(client, verified_user, target):
    response = attempt(client, verified_user.email, "correct-horse-42", next=target)
    assert response.status_code == 302
    assert response.url == reverse("pages:home")
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_next_on_site_is_followed(client, verified_user):
    response = attempt(client, verified_user.email, "correct-horse-42", next="/accounts/account/")
    assert response.url == "/accounts/account/"
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_wrong_password_and_unknown_user_get_the_same_message(client, verified_user):
    from axes.models import AccessAttempt

    wrong = attempt(client, verified_user.email, "wrong-password-1")
    unknown = attempt(client, "nobody@example.com", "wrong-password-1")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
    # Both count towards a lockout: the unknown address too (no enumeration).
    assert sorted(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("maria@example.com", 1),
        ("nobody@example.com", 1),
    ]


def test_five_wrong_passwords_lock_the_account(client, verified_user):
    for _ in range(4):
        assert attempt(client, verified_user.email, "wrong-password-1").status_code == 200
    locked = attempt(client, verified_user.email, "wrong-password-1")
    assert locked.status_code == 429
    # Even the right password is refused now.
    response = attempt(client, verified_user.email, "correct-horse-42")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_looks_the_same_for_unknown_addresses(client, verified_user):
    client.cookies["portal_language"] = "en"
    for _ in range(5):
        known = attempt(client, verified_user.email, "wrong-password-1")
        unknown = attempt(client, "nobody@example.com", "wrong-password-1")
    assert known.status_code == unknown.status_code == 429
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(known) == strip(unknown)
    assert "Account locked" in strip(known)


def test_password_reset_unlocks_the_account(client, verified_user):
    for _ in range(5):
        attempt(client, verified_user.email, "wrong-password-1")
    assert attempt(client, verified_user.email, "correct-horse-42").status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": verified_user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path)  # Django swaps the token for a session marker and redirects
    response = client.post(
        response.url, {"new_password1": "brand-new-pass-7", "new_password2": "brand-new-pass-7"}
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password("brand-new-pass-7")
    assert "_auth_user_id" not in client.session  # the reset itself signs nobody in
    assert attempt(client, verified_user.email, "brand-new-pass-7").status_code == 302
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_password_reset_answers_the_same_for_unknown_addresses(client, verified_user):
    known = client.post(reverse("accounts:password_reset"), {"email": verified_user.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mail.outbox) == 1


def test_reset_email_is_in_the_accounts_language(client, user_factory):
    user_factory(email="zh@example.com", language="zh-hant")
    client.cookies["portal_language"] = "en"
    client.post(reverse("accounts:password_reset"), {"email": "zh@example.com"})
    assert mail.outbox[0].subject == "設定新密碼"


def test_sign_out_requires_post(signed_in_client, verified_user):
    assert signed_in_client.get("/accounts/sign-out/").status_code == 405
    assert signed_in_client.session["_auth_user_id"] == str(verified_user.pk)
    assert signed_in_client.post("/accounts/sign-out/").status_code == 302
    assert "_auth_user_id" not in signed_in_client.session


@pytest.mark.parametrize(
    "username",
    [
        "a" * 256,
        "a" * 250 + "@example.com",
        "x" * 5000,
        "İ" * 200 + "@example.com",  # 212 typed, but lower-casing makes each İ two characters
    ],
)
def test_an_over_long_address_is_a_form_error_and_records_nothing(client, username):
    from axes.models import AccessAttempt, AccessFailureLog

    client.cookies["portal_language"] = "en"
    response = attempt(client, username, "wrong-password-1")
    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert "at most 254 characters" in " ".join(errors)
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()
    # What was typed stays in the field.
    assert username[:50] in response.content.decode()


def test_the_longest_possible_address_is_counted_normally(client):
    from axes.models import AccessAttempt

    username = "a" * 242 + "@example.com"  # 254 characters
    assert attempt(client, username, "wrong-password-1").status_code == 200
    assert AccessAttempt.objects.get().username == username


# --- staff: locked per address and IP, for 15 minutes (ADR 0011) ----------------------------

STRANGER, OFFICE = "203.0.113.9", "198.51.100.20"


def attempt_from(client, ip, email, password):
    return client.post(
        "/accounts/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_a_stranger_cannot_lock_a_reviewer_out(client, user_factory):
    from tests.two_factor import authenticator_for

    reviewer = user_factory(reviewer=True)
    authenticator_for(reviewer)
    stranger = type(client)()
    for _ in range(5):
        attempt_from(stranger, STRANGER, reviewer.email, "guess-guess-1")
    # The stranger's IP is locked for this address...
    assert attempt_from(stranger, STRANGER, reviewer.email, "correct-horse-42").status_code == 429
    assert "_auth_user_id" not in stranger.session
    # ...the reviewer, from the office, passes the password step as usual.
    response = attempt_from(client, OFFICE, reviewer.email, "correct-horse-42")
    assert response.status_code == 302
    assert response.url == reverse("accounts:second_factor")


def test_a_reviewers_own_lockout_ends_after_15_minutes(client, user_factory):
    from axes.models import AccessAttempt, AccessAttemptExpiration

    reviewer = user_factory(reviewer=True)
    for _ in range(5):
        attempt_from(client, OFFICE, reviewer.email, "typo-typo-1")
    assert attempt_from(client, OFFICE, reviewer.email, "correct-horse-42").status_code == 429
    # 15 minutes after the last failure.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    AccessAttemptExpiration.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = attempt_from(client, OFFICE, reviewer.email, "correct-horse-42")
    assert response.status_code == 302
    assert response.url == reverse("accounts:second_factor")


def test_an_applicant_is_still_locked_from_every_ip_until_a_reset(client, verified_user):
    from axes.models import AccessAttempt

    for _ in range(5):
        attempt_from(client, STRANGER, verified_user.email, "guess-guess-1")
    # A day later, from another address: still locked.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=1))
    other = type(client)()
    assert attempt_from(other, OFFICE, verified_user.email, "correct-horse-42").status_code == 429
    assert "_auth_user_id" not in other.session
    # Staff failures elsewhere do not clean the applicant's record away.
    reviewer_client = type(client)()
    attempt_from(reviewer_client, OFFICE, "someone@example.gov.tw", "x-x-x-x-1")
    assert attempt_from(other, OFFICE, verified_user.email, "correct-horse-42").status_code == 429


def test_the_lockout_page_is_the_same_for_staff_and_applicants(client, user_factory, verified_user):
    reviewer = user_factory(reviewer=True)
    client.cookies["portal_language"] = "en"
    for _ in range(5):
        staff = attempt_from(client, STRANGER, reviewer.email, "guess-guess-1")
        applicant = attempt_from(client, STRANGER, verified_user.email, "guess-guess-1")
    assert staff.status_code == applicant.status_code == 429
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(staff) == strip(applicant)
