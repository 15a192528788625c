import pytest
from django.core.management import call_command

from portal.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
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
        assert user.check_password(DEMO_PASSWORD) and user.is_verified
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
    assert client.get("/admin/").status_code == 200
