"""Who works a case: the even automatic assignment when a case enters a review stage, the
return to the reviewer who asked for a supplement, and `assignment.assign` ("assign to me"
and assignment by a lead)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from portal.cases import assignment
from portal.cases.documents import store_document
from portal.cases.services import SupplementAsk, perform_action
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import SampleCaseFactory, UserFactory, sample_answers
from tests.sampleflow.models import SampleCase

pytestmark = pytest.mark.django_db


def reviewer(agency="NIA", **fields):
    return UserFactory(reviewer=True, agency=agency, **fields)


def make_lead(user):
    """Put `user` in their agency's lead group; returns a fresh copy (no stale perm cache)."""
    call_command("setup_reviewer_groups", verbosity=0)
    user.groups.add(Group.objects.get(name=f"{user.agency} leads"))
    return type(user).objects.get(pk=user.pk)


def submitted_case(applicant=None):
    """A complete draft submitted by its applicant, through the real action."""
    applicant = applicant or UserFactory()
    case = SampleCaseFactory(owner=applicant, answers=sample_answers())
    store_document(case, case.workflow.slot("photo"), png_upload(), user=applicant)
    store_document(case, case.workflow.slot("passport"), pdf_upload(), user=applicant)
    perform_action(case, applicant, "submit")
    return case


def load_of(*reviewers):
    return [
        SampleCase.objects.filter(assigned_reviewer=person, state="nia_review").count()
        for person in reviewers
    ]


# --- automatic assignment ------------------------------------------------------------------


def test_submitted_cases_are_spread_evenly_over_the_active_reviewers():
    first, second, third = reviewer(), reviewer(), reviewer()
    away = reviewer(is_active=False)
    reviewer(agency="WDA")
    applicant = UserFactory()
    for _ in range(9):
        submitted_case(applicant)
    assert load_of(first, second, third) == [3, 3, 3]
    assert load_of(away) == [0]
    assert not SampleCase.objects.filter(assigned_reviewer__agency="WDA").exists()


def test_the_next_case_goes_to_the_reviewer_holding_the_fewest():
    busy, free = reviewer(), reviewer()
    SampleCaseFactory.create_batch(2, submitted=True, assigned_reviewer=busy)
    # Cases of the agency that are no longer open do not count.
    SampleCaseFactory.create_batch(3, withdrawn=True, assigned_reviewer=free)
    case = submitted_case()
    assert case.assigned_reviewer == free


def test_a_case_stays_unassigned_while_the_agency_has_no_reviewer():
    case = submitted_case()
    assert case.state == "nia_review"
    assert case.assigned_reviewer is None


def test_an_answered_supplement_goes_back_to_the_reviewer_who_asked():
    asker, other = reviewer(), reviewer()
    case = submitted_case()
    SampleCase.objects.filter(pk=case.pk).update(assigned_reviewer=asker)
    case.refresh_from_db()
    perform_action(
        case,
        asker,
        "request_supplement",
        supplement=SupplementAsk(items=[("document", "photo", "The photo is blurred.")]),
    )
    assert case.state == "supplement_requested"
    assert case.assigned_reviewer == asker  # kept on record while the applicant works
    # The asker now holds more open cases than the other reviewer...
    SampleCaseFactory.create_batch(3, submitted=True, assigned_reviewer=asker)
    assert assignment.pick_reviewer("NIA") == other
    # ...but the answered case still returns to them.
    perform_action(case, case.owner, "answer_supplement")
    case.refresh_from_db()
    assert case.state == "nia_review"
    assert case.assigned_reviewer == asker


def test_an_answered_supplement_is_reassigned_when_the_asker_left():
    asker, other = reviewer(), reviewer()
    case = submitted_case()
    SampleCase.objects.filter(pk=case.pk).update(assigned_reviewer=asker)
    case.refresh_from_db()
    perform_action(
        case,
        asker,
        "request_supplement",
        supplement=SupplementAsk(items=[("other", "", "Sign the form.")]),
    )
    type(asker).objects.filter(pk=asker.pk).update(is_active=False)
    perform_action(case, case.owner, "answer_supplement")
    case.refresh_from_db()
    assert case.assigned_reviewer == other


def test_moving_to_a_wda_stage_assigns_a_wda_reviewer():
    nia = reviewer()
    wda = reviewer(agency="WDA")
    reviewer(agency="WDA", is_active=False)
    case = submitted_case()
    assert case.assigned_reviewer == nia
    perform_action(case, nia, "send_to_wda")
    case.refresh_from_db()
    assert case.state == "wda_review"
    assert case.assigned_reviewer == wda


def test_a_closed_case_keeps_its_last_reviewer_on_record():
    nia = reviewer()
    case = submitted_case()
    perform_action(case, nia, "reject", reason="Forged passport.")
    case.refresh_from_db()
    assert case.state == "rejected"
    assert case.assigned_reviewer == nia


# --- assign() ------------------------------------------------------------------------------


@pytest.fixture
def nia_case():
    return SampleCaseFactory(submitted=True)


def test_a_reviewer_takes_an_unassigned_case(nia_case):
    me = reviewer()
    assignment.assign(nia_case, me, by=me)
    nia_case.refresh_from_db()
    assert nia_case.assigned_reviewer == me


def test_taking_a_case_one_already_holds_is_allowed(nia_case):
    me = reviewer()
    SampleCase.objects.filter(pk=nia_case.pk).update(assigned_reviewer=me)
    nia_case.refresh_from_db()
    assignment.assign(nia_case, me, by=me)
    assert nia_case.assigned_reviewer == me


def test_a_reviewer_cannot_take_a_case_assigned_to_someone_else(nia_case):
    holder, me = reviewer(), reviewer()
    SampleCase.objects.filter(pk=nia_case.pk).update(assigned_reviewer=holder)
    nia_case.refresh_from_db()
    with pytest.raises(assignment.AssignmentError):
        assignment.assign(nia_case, me, by=me)
    nia_case.refresh_from_db()
    assert nia_case.assigned_reviewer == holder


def test_a_plain_reviewer_cannot_give_a_case_to_a_colleague(nia_case):
    me, colleague = reviewer(), reviewer()
    with pytest.raises(assignment.AssignmentError):
        assignment.assign(nia_case, colleague, by=me)
    nia_case.refresh_from_db()
    assert nia_case.assigned_reviewer is None


def test_a_lead_assigns_to_any_reviewer_of_the_agency(nia_case):
    holder, colleague = reviewer(), reviewer()
    lead = make_lead(reviewer())
    SampleCase.objects.filter(pk=nia_case.pk).update(assigned_reviewer=holder)
    nia_case.refresh_from_db()
    assignment.assign(nia_case, colleague, by=lead)
    nia_case.refresh_from_db()
    assert nia_case.assigned_reviewer == colleague
    assignment.assign(nia_case, lead, by=lead)
    nia_case.refresh_from_db()
    assert nia_case.assigned_reviewer == lead


def test_a_lead_of_another_agency_cannot_assign(nia_case):
    wda_lead = make_lead(reviewer(agency="WDA"))
    nia = reviewer()
    with pytest.raises(assignment.AssignmentError):
        assignment.assign(nia_case, nia, by=wda_lead)


def test_nobody_assigns_to_a_reviewer_of_another_agency(nia_case):
    wda = reviewer(agency="WDA")
    nia_lead = make_lead(reviewer())
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for by in (wda, nia_lead, superuser):
        with pytest.raises(assignment.AssignmentError):
            assignment.assign(nia_case, wda, by=by)
    nia_case.refresh_from_db()
    assert nia_case.assigned_reviewer is None


def test_nobody_assigns_to_an_inactive_reviewer_or_an_applicant(nia_case):
    lead = make_lead(reviewer())
    for person in (reviewer(is_active=False), UserFactory()):
        with pytest.raises(assignment.AssignmentError):
            assignment.assign(nia_case, person, by=lead)


def test_a_case_that_moved_on_cannot_be_assigned(nia_case):
    me = reviewer()
    stale = SampleCase.objects.get(pk=nia_case.pk)
    perform_action(nia_case, me, "send_to_wda")
    with pytest.raises(assignment.AssignmentError):
        assignment.assign(stale, me, by=me)


def test_open_load_counts_only_the_agencys_open_stages():
    nia = reviewer()
    SampleCaseFactory.create_batch(2, submitted=True, assigned_reviewer=nia)
    SampleCaseFactory(
        at_wda=True, assigned_reviewer=nia, state_entered_at=timezone.now() - datetime.timedelta(1)
    )
    SampleCaseFactory(withdrawn=True, assigned_reviewer=nia)
    assert assignment.open_load("NIA") == {nia.pk: 2}
    assert assignment.open_load("MOFA") == {}
