"""Who may take an action: the `permission=` callables of every workflow's transitions.

django-fsm calls them as `permission(case, user)`; `user` is None when the platform itself
acts (a payment callback, a periodic task).
"""


def applicant_side(case, user) -> bool:
    """The applicant, the filer, or a member of the filing organisation."""
    return user is not None and case.is_party(user)


def is_lead(user) -> bool:
    return user.has_perm("cases.assign_cases")


def reviews_agency(user, agency: str) -> bool:
    if user is None or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or (bool(agency) and user.agency == agency)


def stage_reviewer(case, user) -> bool:
    """A reviewer of the agency holding the case now; when the case is assigned to someone
    else, only that reviewer or a lead may act on it."""
    if not reviews_agency(user, case.agency):
        return False
    if case.assigned_reviewer_id in (None, user.pk):
        return True
    return is_lead(user)


def platform(case, user) -> bool:
    return user is None
