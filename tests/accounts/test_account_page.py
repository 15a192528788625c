import pytest
from django.urls import reverse

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_account_page_requires_sign_in(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_profile_update_stores_language(signed_in_client, verified_user):
    response = signed_in_client.post(
        reverse("accounts:account"),
        {"full_name": "Maria S.", "phone": "0912345678", "language": "zh-hant"},
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.language == "zh-hant"
    assert verified_user.full_name == "Maria S."


def test_profile_bad_input_keeps_what_was_typed(signed_in_client, verified_user):
    name = verified_user.full_name
    response = signed_in_client.post(
        reverse("accounts:account"), {"full_name": "", "phone": "0912345678", "language": "zh-hant"}
    )
    assert response.status_code == 400
    assert "0912345678" in response.content.decode()
    verified_user.refresh_from_db()
    assert (verified_user.full_name, verified_user.phone, verified_user.language) == (
        name,
        "",
        "en",
    )
    assert "portal_language" not in response.cookies


def test_password_change(signed_in_client, verified_user):
    response = signed_in_client.post(
        reverse("accounts:account"),
        {
            "change_password": "1",
            "old_password": "correct-horse-42",
            "new_password1": "another-pass-77",
            "new_password2": "another-pass-77",
        },
    )
    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password("another-pass-77")
    assert not verified_user.check_password("correct-horse-42")
    # Still signed in after changing the password.
    assert signed_in_client.get(reverse("pages:home")).status_code == 200
    assert signed_in_client.session["_auth_user_id"] == str(verified_user.pk)


def test_password_change_wrong_old_password(signed_in_client, verified_user):
    response = signed_in_client.post(
        reverse("accounts:account"),
        {
            "change_password": "1",
            "old_password": "nope-nope-1",
            "new_password1": "another-pass-77",
            "new_password2": "another-pass-77",
        },
    )
    assert response.status_code == 400
    assert "old_password" in response.context["password_form"].errors
    verified_user.refresh_from_db()
    assert verified_user.check_password("correct-horse-42")
    assert not verified_user.check_password("another-pass-77")
    assert signed_in_client.session["_auth_user_id"] == str(verified_user.pk)


def test_password_change_needs_the_same_password_twice(signed_in_client, verified_user):
    response = signed_in_client.post(
        reverse("accounts:account"),
        {
            "change_password": "1",
            "old_password": "correct-horse-42",
            "new_password1": "another-pass-77",
            "new_password2": "another-pass-78",
        },
    )
    assert response.status_code == 400
    verified_user.refresh_from_db()
    assert verified_user.check_password("correct-horse-42")


def test_account_page_lists_memberships(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    html = client.get(reverse("accounts:account")).content.decode()
    assert membership.organisation.name in html
    assert membership.organisation.id_number in html
