import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/faq/",
    "/accounts/sign-in/",
    "/accounts/sign-up/",
    "/accounts/password/reset/",
    "/accounts/verify/resend/",
]


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_public_html_responses_carry_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_security_headers(response)


@pytest.mark.parametrize("name", ["pages:home", "accounts:account"])
def test_signed_in_pages_carry_security_headers(signed_in_client, name):
    response = signed_in_client.get(reverse(name))
    assert response.status_code == 200
    assert_security_headers(response)


def test_error_and_lockout_pages_carry_security_headers(client, verified_user):
    assert_security_headers(client.get("/no-such-page/"))
    for _ in range(5):
        response = client.post(
            "/accounts/sign-in/", {"username": verified_user.email, "password": "wrong-wrong-1"}
        )
    assert response.status_code == 429
    assert_security_headers(response)


def test_forms_need_csrf(verified_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/sign-in/", {"username": verified_user.email, "password": "correct-horse-42"}
    )
    assert response.status_code == 403


def test_session_cookie_is_http_only(client, verified_user):
    response = client.post(
        "/accounts/sign-in/", {"username": verified_user.email, "password": "correct-horse-42"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
