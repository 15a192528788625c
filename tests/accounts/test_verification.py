import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User
from portal.accounts.tokens import email_verification_token, encode_uid

pytestmark = pytest.mark.django_db


def verification_path(user):
    return reverse(
        "accounts:verify", args=[encode_uid(user), email_verification_token.make_token(user)]
    )


def test_unverified_account_cannot_sign_in(client, user_factory):
    user_factory(email="new@example.com", unverified=True, password="sunny-harbour-42")
    client.cookies["portal_language"] = "en"
    response = client.post(
        reverse("accounts:login"), {"username": "new@example.com", "password": "sunny-harbour-42"}
    )
    assert response.status_code == 200
    assert "verify your e-mail address first" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_link_from_the_delivered_email_verifies(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:sign_up"),
            {
                "account_type": "applicant",
                "full_name": "Ana",
                "email": "ana@example.com",
                "password1": "sunny-harbour-42",
                "password2": "sunny-harbour-42",
                "language": "en",
            },
        )
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    assert User.objects.get().has_verified_email
    # The same link a second time says so instead of failing.
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    response = client.post(
        reverse("accounts:login"), {"username": "ana@example.com", "password": "sunny-harbour-42"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_tampered_link_is_refused(client, user_factory):
    user = user_factory(unverified=True)
    path = verification_path(user)
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.has_verified_email
    assert "_auth_user_id" not in client.session


def test_resend_sends_a_new_link_only_to_unverified_accounts(client, user_factory):
    user_factory(email="new@example.com", unverified=True)
    user_factory(email="done@example.com")
    for address in ["new@example.com", "done@example.com", "nobody@example.com"]:
        response = client.post(reverse("accounts:resend_verification"), {"email": address})
        assert response.status_code == 302  # same answer for all: no enumeration
    assert [m.to for m in mail.outbox] == [["new@example.com"]]


@pytest.mark.parametrize(
    "uid",
    [
        "YWJj",  # "abc": not a number
        "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",  # 30 nines: beyond any database integer
        "LTE",  # "-1"
        "4pyT",  # "✓"
    ],
)
def test_a_link_with_a_malformed_account_number_fails_cleanly(client, user_factory, uid):
    user = user_factory(unverified=True)
    token = email_verification_token.make_token(user)
    client.cookies["portal_language"] = "en"
    response = client.get(reverse("accounts:verify", args=[uid, token]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_verified_email
    assert "_auth_user_id" not in client.session
