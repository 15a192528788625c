import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts.models import Membership, Organisation, Role, User

pytestmark = pytest.mark.django_db

GOOD = {
    "account_type": "applicant",
    "full_name": "Maria Santos",
    "email": "Maria.Santos@Example.com",
    "password1": "sunny-harbour-42",
    "password2": "sunny-harbour-42",
    "language": "en",
}


def sign_up(client, **changes):
    return client.post(reverse("accounts:sign_up"), {**GOOD, **changes})


def test_sign_up_creates_unverified_account_and_sends_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "maria.santos@example.com"  # normalised
    assert not user.has_verified_email
    assert user.language == "en"
    assert user.role == Role.APPLICANT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria.santos@example.com"]
    assert message.subject == "Verify your e-mail address"  # in the chosen language
    assert (
        re.search(r"http://testserver/accounts/verify/\S+/\S+/", message.body)
        or "/accounts/verify/" in message.body
    )


def test_sign_up_mail_is_in_the_chosen_language(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, language="zh-hant")
    assert mail.outbox[0].subject == "請驗證您的電子郵件地址"


def test_employer_sign_up_creates_organisation_and_membership(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(
            client,
            account_type="company",
            organisation_name="示範科技股份有限公司",
            organisation_id="12345675",
        )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.role == Role.EMPLOYER
    membership = Membership.objects.get()
    assert membership.user == user and membership.level == Membership.Level.ADMIN
    assert membership.organisation.id_number == "12345675"


@pytest.mark.parametrize(
    ("changes", "field", "code_text"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"password1": "short1", "password2": "short1"}, "password1", "at least 8 characters"),
        ({"password1": "password1", "password2": "password1"}, "password1", "too common"),
        ({"password1": "wrinkle1", "password2": "wrinkle1"}, "password1", "data breach"),
        ({"password1": "mariasantos", "password2": "mariasantos"}, "password1", "too similar"),
        ({"password2": "sunny-harbour-43"}, "password2", "do not match"),
        (
            {"account_type": "company", "organisation_name": "X", "organisation_id": "12345678"},
            "organisation_id",
            "business number",
        ),
        (
            {
                "account_type": "household",
                "organisation_name": "王家",
                "organisation_id": "A123456788",
            },
            "organisation_id",
            "national ID",
        ),
        (
            {"account_type": "school", "organisation_name": "", "organisation_id": ""},
            "organisation_name",
            "organisation's name",
        ),
    ],
)
def test_bad_sign_up_explains_and_creates_nothing(client, changes, field, code_text):
    client.cookies["portal_language"] = "en"
    response = sign_up(client, **changes)
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert code_text in errors
    assert User.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert len(mail.outbox) == 0
    # Nothing the person typed is lost (except passwords, which are never echoed back).
    html = response.content.decode()
    if changes.get("email", GOOD["email"]) and field != "email":
        assert GOOD["email"] in html
    assert GOOD["full_name"] in html
    assert GOOD["password1"] not in html


def test_already_used_email_is_refused_case_insensitively(client, verified_user):
    client.cookies["portal_language"] = "en"
    response = sign_up(client, email=verified_user.email.upper())
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["email"])
    assert User.objects.count() == 1


def test_bad_sign_up_messages_in_chinese(client):
    client.cookies["portal_language"] = "zh-hant"
    response = sign_up(client, password2="different-42")
    assert "兩次輸入的密碼不一致" in str(response.context["form"].errors["password2"])
    response = sign_up(client, password1="短密碼", password2="短密碼")
    assert "至少 8 個字元" in str(response.context["form"].errors["password1"])
    response = sign_up(client, password1="wrinkle1", password2="wrinkle1")
    # The breached-list message is translated once the catalogue is merged.
    assert "曾外洩" in str(response.context["form"].errors["password1"])
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    "password",
    [
        "🐉🌊🍜🎋🏯🚲🧋🌸" * 8,
        "我的貓咪喜歡在陽台曬太陽",
        "NOLOWERCASE42",
        "nodigitshere",
        "20240101555",
    ],
)
def test_any_characters_make_a_password(client, django_capture_on_commit_callbacks, password):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, password1=password, password2=password)
    assert response.status_code == 302
    assert User.objects.get().check_password(password)


def test_organisation_already_registered_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, account_type="company", organisation_name="A", organisation_id="12345675")
    client.cookies["portal_language"] = "en"
    response = sign_up(
        client,
        email="other@example.com",
        account_type="company",
        organisation_name="B",
        organisation_id="12345675",
    )
    assert "already has an account" in str(response.context["form"].errors["organisation_id"])
    assert User.objects.count() == 1
