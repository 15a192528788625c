"""Who works a case: automatic even assignment, "assign to me", and assignment by a lead."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from portal.accounts.models import Role
from portal.cases import registry
from portal.cases.permissions import is_lead, reviews_agency


def reviewers_of(agency: str):
    return get_user_model().objects.filter(
        is_active=True, is_staff=True, role=Role.REVIEWER, agency=agency
    )


def open_load(agency: str) -> dict[int, int]:
    """Cases each reviewer of `agency` holds now at the agency's stages, all workflows."""
    load: dict[int, int] = {}
    for workflow_model in registry.models():
        states = [stage.state for stage in workflow_model.workflow.stages_of(agency)]
        if not states:
            continue
        rows = (
            workflow_model.objects.filter(state__in=states, assigned_reviewer__isnull=False)
            .values("assigned_reviewer")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            load[row["assigned_reviewer"]] = load.get(row["assigned_reviewer"], 0) + row["n"]
    return load


def pick_reviewer(agency: str):
    """The active reviewer of `agency` holding the fewest open cases (ties: the longest
    serving account), or None when the agency has no reviewer yet."""
    candidates = list(reviewers_of(agency).order_by("pk"))
    if not candidates:
        return None
    load = open_load(agency)
    return min(candidates, key=lambda user: (load.get(user.pk, 0), user.pk))


class AssignmentError(Exception):
    pass


def assign(case, reviewer, *, by) -> None:
    """Give `case` to `reviewer`. A reviewer may take an unassigned case of their agency
    ("assign to me"); a lead may give any case of their agency to any of its reviewers."""
    agency = case.agency
    if not reviews_agency(reviewer, agency) or (
        reviewer.role != Role.REVIEWER and not reviewer.is_superuser
    ):
        raise AssignmentError("not a reviewer of this stage")
    taking_free_case = by.pk == reviewer.pk and case.assigned_reviewer_id in (None, by.pk)
    if not taking_free_case and not (is_lead(by) and reviews_agency(by, agency)):
        raise AssignmentError("only a lead may assign cases to others")
    # A plain column update: assignment is not a state change and must not race with one.
    updated = (
        type(case)
        .objects.filter(Q(pk=case.pk), Q(state=case.state))
        .update(assigned_reviewer=reviewer)
    )
    if not updated:
        raise AssignmentError("the case has moved on")
    case.assigned_reviewer = reviewer
