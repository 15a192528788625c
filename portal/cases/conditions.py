"""Reusable `conditions=` and `permission=` helpers for supplement handling."""

from django.utils import timezone

from portal.cases.permissions import reviews_agency


def open_supplement(case):
    from portal.cases.services import open_supplement as find

    return find(case)


def supplement_overdue(case) -> bool:
    """The applicant let the supplement deadline pass: the reviewer may reject."""
    request = open_supplement(case)
    return request is not None and timezone.localdate() > request.deadline


def supplement_reviewer(case, user) -> bool:
    """A reviewer of the agency that asked for the open supplement."""
    request = open_supplement(case)
    return request is not None and reviews_agency(user, request.agency)


def return_state_after_supplement(case) -> str:
    """The stage that asked for the supplement: an answered case goes back there."""
    return open_supplement(case).return_state
