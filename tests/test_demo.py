import base64

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP

from portal.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from portal.accounts.models import Role, User
from portal.reference.models import County, District

pytestmark = pytest.mark.django_db


def test_demo_loads_one_account_per_role_and_is_idempotent(capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    roles = {(u.role, u.agency) for u in User.objects.all()}
    for expected in [
        (Role.APPLICANT, ""),
        (Role.EMPLOYER, ""),
        (Role.AGENCY, ""),
        (Role.SCHOOL, ""),
        (Role.REVIEWER, "WDA"),
        (Role.REVIEWER, "NIA"),
        (Role.REVIEWER, "MOFA"),
        (Role.ADMIN, ""),
    ]:
        assert expected in roles
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(DEMO_PASSWORD) and user.has_verified_email
        assert account.email in out
    assert County.objects.count() == 22
    assert District.objects.count() == 368


def test_demo_accounts_can_sign_in(client):
    call_command("load_demo", verbosity=0)
    response = client.post(
        "/accounts/sign-in/", {"username": "applicant@portal.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    client.post("/accounts/sign-out/")
    response = client.post(
        "/accounts/sign-in/", {"username": "nia.reviewer@portal.example", "password": DEMO_PASSWORD}
    )
    # Staff then enter the code of an authenticator app set up with the published key.
    totp = TOTP(base64.b32decode(DEMO_TOTP_SECRET))
    client.post(response.url, {"code": f"{totp.token():06d}"})
    assert client.get("/admin/").status_code == 200


def test_the_demo_prints_the_staff_authenticator_key(capsys):
    call_command("load_demo")
    assert DEMO_TOTP_SECRET in capsys.readouterr().out
