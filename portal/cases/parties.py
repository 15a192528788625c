"""Who a case's parties are, and how each is reached: the one definition the case list's
queryset, `is_party` and every notice read.

The parties are the applicant's account (`owner`), the person who filed (`filer`) and the
members of the filing organisation, and, once the case is submitted, whoever signs in with
the verified e-mail address given for the applicant (`applicant_email`): an employee filed
for by an employer, a student filed for by a school, a worker filed for by an agency.

Notices go to the owner, the filer and the applicant's address, once each. A person with an
account reads them in the language they chose; a person without one, in the case's language
(the language the case was filed in). Colleagues of the filer are parties but are not e-mailed.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Q


def party_filter(user) -> Q:
    """The cases `user` is a party to, as a filter on any case model."""
    parties = Q(owner=user) | Q(filer=user) | Q(filer_organisation__memberships__user=user)
    if user.email_verified_at and user.email:
        parties |= Q(number__isnull=False, applicant_email__iexact=user.email)
    return parties


def is_party(case, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.pk in (case.owner_id, case.filer_id):
        return True
    if is_applicant_by_email(case, user):
        return True
    if case.filer_organisation_id:
        return user.memberships.filter(organisation_id=case.filer_organisation_id).exists()
    return False


def is_applicant_by_email(case, user) -> bool:
    return bool(
        case.number
        and case.applicant_email
        and user.email_verified_at
        and user.email
        and user.email.lower() == case.applicant_email.lower()
    )


@dataclass(frozen=True)
class Contact:
    """One person a notice goes to: an account, or only an address."""

    email: str
    language: str
    full_name: str
    user: object = None  # the account, when the person has one

    @property
    def key(self) -> str:
        """Stable and short, for the notice's once-only key (an address may be 254 long)."""
        if self.user is not None:
            return str(self.user.pk)
        return "@" + hashlib.sha256(self.email.lower().encode()).hexdigest()[:20]


def contacts(case) -> list[Contact]:
    """Everyone a notice about `case` goes to, once each (by account and by address)."""
    from portal.accounts.models import User

    people = [case.owner]
    if case.filer_id and case.filer_id != case.owner_id:
        people.append(case.filer)
    found = [
        Contact(p.email, p.language, p.full_name, p) for p in people if p.is_active and p.email
    ]
    address = (case.applicant_email or "").strip()
    if address and address.lower() not in {c.email.lower() for c in found}:
        account = (
            User.objects.filter(
                email__iexact=address, email_verified_at__isnull=False, is_active=True
            )
            .only("pk", "email", "language", "full_name")
            .first()
        )
        if account is not None:
            if account.pk not in {c.user.pk for c in found}:
                found.append(Contact(account.email, account.language, account.full_name, account))
        else:
            found.append(Contact(address, case.language, case.describe_applicant(), None))
    return found
