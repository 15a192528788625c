"""Demo accounts, one per role, with known passwords (embedded default and local demos only).

Staff sign in with a second factor; the demo staff share one published authenticator key,
so that anyone trying the demo can add it to an authenticator app (README)."""

import base64
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Agency, Membership, Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = "portal-demo-2026"  # noqa: S105 — published in the README on purpose
# The demo staff's authenticator key (base32, as apps take it), also published on purpose.
DEMO_TOTP_SECRET = "PORTALDEMOSTAFFPORTALDEMOSTAFF22"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    agency: str = ""
    organisation: tuple[str, str, str] | None = None  # kind, name, id number
    language: str = "en"


DEMO_ACCOUNTS = [
    DemoAccount("applicant@portal.example", "Maria Santos", Role.APPLICANT),
    DemoAccount(
        "employer@portal.example",
        "王大明",
        Role.EMPLOYER,
        organisation=(OrganisationKind.COMPANY_EMPLOYER, "示範科技股份有限公司", "12345675"),
        language="zh-hant",
    ),
    DemoAccount(
        "agency@portal.example",
        "林美華",
        Role.AGENCY,
        organisation=(OrganisationKind.AGENCY, "示範人力仲介有限公司", "12340004"),
        language="zh-hant",
    ),
    DemoAccount(
        "school@portal.example",
        "陳國際",
        Role.SCHOOL,
        organisation=(OrganisationKind.SCHOOL, "示範大學國際事務處", "12340009"),
        language="zh-hant",
    ),
    DemoAccount("wda.reviewer@portal.example", "WDA Reviewer", Role.REVIEWER, Agency.WDA),
    DemoAccount("nia.reviewer@portal.example", "NIA Reviewer", Role.REVIEWER, Agency.NIA),
    DemoAccount("mofa.reviewer@portal.example", "MOFA Reviewer", Role.REVIEWER, Agency.MOFA),
    DemoAccount("admin@portal.example", "Portal Administrator", Role.ADMIN),
]

ANNOUNCEMENT_EDITORS = "announcement editors"


@transaction.atomic
def load_demo_accounts() -> list[DemoAccount]:
    editors = _announcement_editors()
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first() or User(email=account.email)
        user.full_name = account.name
        user.role = account.role
        user.agency = account.agency
        user.language = account.language
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.is_staff = account.role in (Role.REVIEWER, Role.ADMIN)
        user.is_superuser = account.role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        if user.is_staff:
            _demo_authenticator(user)
        if account.role == Role.REVIEWER:
            user.groups.add(editors)
        if account.organisation:
            kind, name, number = account.organisation
            organisation, _ = Organisation.objects.get_or_create(
                kind=kind, id_number=number, defaults={"name": name, "verified_at": timezone.now()}
            )
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"level": Membership.Level.ADMIN}
            )
    return DEMO_ACCOUNTS


def _demo_authenticator(user) -> None:
    TOTPDevice.objects.filter(user=user).exclude(name="demo authenticator").delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        name="demo authenticator",
        defaults={
            "key": base64.b32decode(DEMO_TOTP_SECRET).hex(),
            "confirmed": True,
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )


def _announcement_editors() -> Group:
    group, _ = Group.objects.get_or_create(name=ANNOUNCEMENT_EDITORS)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="pages", content_type__model="announcement"
        )
    )
    return group
