"""Every move of the sample workflow, checked against one explicit table.

`ALLOWED` below lists each (situation, action, actor) that `perform_action` must accept,
with the state the case lands in. The parametrized tests try EVERY situation x EVERY
transition method x EVERY actor: a triple in the table must succeed (state, audit row,
decision row), any other must raise PermissionDenied and change nothing. `available_actions`
must offer exactly the table's actions. Further tests guard what the table cannot express:
assignment blocking other reviewers (but not leads), required inputs, completeness on submit,
the supplement loop and its working-day deadline, `closed_at`, and a withdrawn case staying
readable for its applicant.
"""

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.accounts.models import User
from portal.cases.actions import all_transitions, available_actions, final_states
from portal.cases.documents import store_document
from portal.cases.models import CaseEvent, Decision, NumberSeries, SupplementRequest
from portal.cases.services import ActionError, SupplementAsk, perform_action
from portal.reference.models import WorkingDayOverride
from portal.reference.workdays import add_working_days
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import SampleCaseFactory, UserFactory, sample_answers
from tests.sampleflow.models import SampleCase, State

# --- the table ------------------------------------------------------------------------------

# Every allowed move: (situation, action, actor) -> target state. Anything not listed here
# must be refused. A situation is a state, plus for `supplement_requested` which agency
# asked and whether the deadline has passed ("due today" has not: it passes tomorrow).
ALLOWED = {
    ("draft", "submit", "applicant"): "nia_review",
    #
    ("nia_review", "send_to_wda", "nia"): "wda_review",
    ("nia_review", "request_supplement", "nia"): "supplement_requested",
    ("nia_review", "reject", "nia"): "rejected",
    ("nia_review", "withdraw", "applicant"): "withdrawn",
    #
    ("wda_review", "approve", "wda"): "payment_due",
    ("wda_review", "request_supplement", "wda"): "supplement_requested",
    ("wda_review", "reject", "wda"): "rejected",
    ("wda_review", "withdraw", "applicant"): "withdrawn",
    #
    ("supplement_requested by NIA, due today", "answer_supplement", "applicant"): "nia_review",
    ("supplement_requested by NIA, due today", "withdraw", "applicant"): "withdrawn",
    ("supplement_requested by NIA, overdue", "answer_supplement", "applicant"): "nia_review",
    ("supplement_requested by NIA, overdue", "withdraw", "applicant"): "withdrawn",
    ("supplement_requested by NIA, overdue", "reject_unanswered", "nia"): "rejected",
    ("supplement_requested by WDA, due today", "answer_supplement", "applicant"): "wda_review",
    ("supplement_requested by WDA, due today", "withdraw", "applicant"): "withdrawn",
    ("supplement_requested by WDA, overdue", "answer_supplement", "applicant"): "wda_review",
    ("supplement_requested by WDA, overdue", "withdraw", "applicant"): "withdrawn",
    ("supplement_requested by WDA, overdue", "reject_unanswered", "wda"): "rejected",
    #
    ("payment_due", "confirm_payment", "platform"): "card_production",
    ("payment_due", "withdraw", "applicant"): "withdrawn",
    #
    ("card_production", "card_ready", "nia"): "ready",
    ("ready", "hand_over", "nia"): "issued",
    # issued, rejected and withdrawn are final: nothing leaves them.
}


@dataclass(frozen=True)
class Situation:
    state: str
    asked_by: str = ""  # "nia" or "wda": the agency with an open supplement request
    overdue: bool = False


SITUATIONS = {
    "draft": Situation(State.DRAFT),
    "nia_review": Situation(State.NIA_REVIEW),
    "wda_review": Situation(State.WDA_REVIEW),
    "supplement_requested by NIA, due today": Situation(State.SUPPLEMENT_REQUESTED, "nia"),
    "supplement_requested by NIA, overdue": Situation(State.SUPPLEMENT_REQUESTED, "nia", True),
    "supplement_requested by WDA, due today": Situation(State.SUPPLEMENT_REQUESTED, "wda"),
    "supplement_requested by WDA, overdue": Situation(State.SUPPLEMENT_REQUESTED, "wda", True),
    "payment_due": Situation(State.PAYMENT_DUE),
    "card_production": Situation(State.CARD_PRODUCTION),
    "ready": Situation(State.READY),
    "issued": Situation(State.ISSUED),
    "rejected": Situation(State.REJECTED),
    "withdrawn": Situation(State.WITHDRAWN),
}

ACTORS = ["applicant", "nia", "wda", "stranger", "platform", "other_agency_reviewer"]

# Every transition method of the model (read from django-fsm, so a new one is tried too).
ACTIONS = sorted({t.name for t in all_transitions(SampleCase)})

# What each action needs besides permission; given to every attempt, allowed or not, so a
# refusal is never caused by missing inputs.
INPUTS = {
    "reject": {"reason": "The passport has expired."},
    "reject_unanswered": {"reason": "No answer before the deadline."},
    "request_supplement": {
        "reason": "Please send a readable passport scan.",
        "supplement": SupplementAsk(items=[("document", "passport", "The scan is blurred.")]),
    },
}

# The reviewer's decision record each decision writes (other actions write none).
DECISION_OUTCOMES = {
    "send_to_wda": Decision.Outcome.APPROVED,
    "approve": Decision.Outcome.APPROVED,
    "card_ready": Decision.Outcome.APPROVED,
    "hand_over": Decision.Outcome.APPROVED,
    "request_supplement": Decision.Outcome.SUPPLEMENT,
    "reject": Decision.Outcome.REJECTED,
    "reject_unanswered": Decision.Outcome.REJECTED,
}

_numbers = itertools.count(1)


# --- building cases and actors ----------------------------------------------------------------


@pytest.fixture
def actors(applicant, nia_reviewer, wda_reviewer):
    return {
        "applicant": applicant,
        "nia": nia_reviewer,
        "wda": wda_reviewer,
        "stranger": UserFactory(email="stranger@example.com"),
        "platform": None,
        "other_agency_reviewer": UserFactory(
            email="mofa@example.gov.tw", reviewer=True, agency="MOFA"
        ),
    }


def make_complete_draft(owner):
    case = SampleCaseFactory(owner=owner, answers=sample_answers())
    store_document(case, case.workflow.slot("photo"), png_upload(), user=owner)
    store_document(case, case.workflow.slot("passport"), pdf_upload(), user=owner)
    return case


def case_in(situation: Situation, actors, **extra):
    """A case put straight into the situation's state (the FSM field accepts a value at
    construction), with the open supplement request the state implies."""
    owner = actors["applicant"]
    if situation.state == State.DRAFT:
        return make_complete_draft(owner)
    now = timezone.now()
    final = situation.state in final_states(SampleCase)
    case = SampleCaseFactory(
        owner=owner,
        state=situation.state,
        number=f"11599{next(_numbers):07d}",
        submitted_at=now,
        closed_at=now if final else None,
        **extra,
    )
    if situation.asked_by:
        today = timezone.localdate()
        asker = actors[situation.asked_by]
        request = SupplementRequest(
            requested_by=asker,
            return_state=f"{situation.asked_by}_review",
            agency=asker.agency,
            deadline=today - datetime.timedelta(days=1) if situation.overdue else today,
            message="Please send a readable passport scan.",
        )
        request.link_to(case)
        request.save()
    return case


def db_state(case):
    return SampleCase.objects.values_list("state", flat=True).get(pk=case.pk)


def events(case):
    return CaseEvent.objects.for_case(case)


def make_lead(agency, email):
    lead = UserFactory(email=email, reviewer=True, agency=agency)
    lead.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="assign_cases")
    )
    return User.objects.get(pk=lead.pk)  # fresh: no cached permissions


# --- the table is complete and well-formed ----------------------------------------------------


def test_table_names_only_known_situations_actions_and_actors():
    for situation, action, actor in ALLOWED:
        assert situation in SITUATIONS
        assert action in ACTIONS
        assert actor in ACTORS


def test_every_state_and_every_transition_is_covered():
    assert {s.state for s in SITUATIONS.values()} == set(State.values)
    assert {action for _situation, action, _actor in ALLOWED} == set(ACTIONS)


def test_final_states_are_the_ones_nothing_leaves():
    assert final_states(SampleCase) == {State.ISSUED, State.REJECTED, State.WITHDRAWN}
    leaving = {SITUATIONS[situation].state for situation, _action, _actor in ALLOWED}
    assert leaving.isdisjoint(final_states(SampleCase))


# --- every situation x every action x every actor ---------------------------------------------


@pytest.mark.parametrize(
    ("situation", "action", "actor"),
    list(itertools.product(SITUATIONS, ACTIONS, ACTORS)),
    ids=lambda value: value.replace(" ", "_").replace(",", ""),
)
def test_move(situation, action, actor, actors):
    setup = SITUATIONS[situation]
    case = case_in(setup, actors)
    user = actors[actor]
    number_before = case.number
    target = ALLOWED.get((situation, action, actor))

    if target is None:
        with pytest.raises(PermissionDenied):
            perform_action(case, user, action, **INPUTS.get(action, {}))
        assert db_state(case) == setup.state
        assert case.state == setup.state
        assert not events(case).exists()
        assert not Decision.objects.for_case(case).exists()
        assert SampleCase.objects.get(pk=case.pk).number == number_before
        return

    event = perform_action(case, user, action, **INPUTS.get(action, {}))

    assert case.state == target
    assert db_state(case) == target
    stored = events(case).get()
    assert stored == event
    assert (stored.action, stored.from_state, stored.to_state) == (action, setup.state, target)
    assert stored.actor == user

    decisions = Decision.objects.for_case(case)
    if action in DECISION_OUTCOMES:
        decision = decisions.get()
        assert decision.event == stored
        assert decision.author == user
        assert decision.outcome == DECISION_OUTCOMES[action]
        assert decision.stage == setup.state
        assert decision.agency == user.agency
    else:
        assert not decisions.exists()


@pytest.mark.parametrize(
    ("situation", "actor"),
    list(itertools.product(SITUATIONS, ACTORS)),
    ids=lambda value: value.replace(" ", "_").replace(",", ""),
)
def test_available_actions_are_exactly_the_tables(situation, actor, actors):
    case = case_in(SITUATIONS[situation], actors)
    offered = [action.name for action in available_actions(case, actors[actor])]
    expected = {a for (s, a, who) in ALLOWED if s == situation and who == actor}
    assert sorted(offered) == sorted(expected)


# --- assignment: another reviewer's case is blocked, except for leads -----------------------


def test_case_assigned_to_another_reviewer_is_blocked_for_non_leads(actors):
    reviewer_a = actors["nia"]
    reviewer_b = UserFactory(email="nia-b@example.gov.tw", reviewer=True, agency="NIA")
    case = case_in(SITUATIONS["nia_review"], actors, assigned_reviewer=reviewer_a)

    assert available_actions(case, reviewer_b) == []
    with pytest.raises(PermissionDenied):
        perform_action(case, reviewer_b, "send_to_wda")
    assert db_state(case) == State.NIA_REVIEW
    assert not events(case).exists()

    assert {a.name for a in available_actions(case, reviewer_a)} == {
        "send_to_wda",
        "request_supplement",
        "reject",
    }
    perform_action(case, reviewer_a, "send_to_wda")
    assert db_state(case) == State.WDA_REVIEW


def test_a_lead_may_act_on_a_case_assigned_to_someone_else(actors):
    lead = make_lead("NIA", "nia-lead@example.gov.tw")
    case = case_in(SITUATIONS["nia_review"], actors, assigned_reviewer=actors["nia"])

    assert "reject" in {a.name for a in available_actions(case, lead)}
    event = perform_action(case, lead, "reject", reason="Forged passport.")

    assert db_state(case) == State.REJECTED
    assert event.actor == lead
    assert Decision.objects.for_case(case).get().author == lead


def test_a_lead_of_another_agency_may_not_act(actors):
    wda_lead = make_lead("WDA", "wda-lead@example.gov.tw")
    case = case_in(SITUATIONS["nia_review"], actors, assigned_reviewer=actors["nia"])

    assert available_actions(case, wda_lead) == []
    with pytest.raises(PermissionDenied):
        perform_action(case, wda_lead, "send_to_wda")
    assert db_state(case) == State.NIA_REVIEW


# --- required inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_reject_needs_a_reason(actors, reason):
    case = case_in(SITUATIONS["nia_review"], actors)
    with pytest.raises(ActionError):
        perform_action(case, actors["nia"], "reject", reason=reason)
    assert db_state(case) == State.NIA_REVIEW
    assert not events(case).exists()
    assert not Decision.objects.for_case(case).exists()


def test_reject_unanswered_needs_a_reason_too(actors):
    case = case_in(SITUATIONS["supplement_requested by NIA, overdue"], actors)
    with pytest.raises(ActionError):
        perform_action(case, actors["nia"], "reject_unanswered")
    assert db_state(case) == State.SUPPLEMENT_REQUESTED


@pytest.mark.parametrize(
    "supplement",
    [
        None,
        SupplementAsk(items=[]),
        SupplementAsk(items=[("document", "passport", "  ")]),
    ],
    ids=["no-ask", "no-items", "item-without-reason"],
)
def test_request_supplement_needs_items_with_reasons(actors, supplement):
    case = case_in(SITUATIONS["wda_review"], actors)
    with pytest.raises(ActionError):
        perform_action(
            case, actors["wda"], "request_supplement", reason="Missing", supplement=supplement
        )
    assert db_state(case) == State.WDA_REVIEW
    assert not events(case).exists()
    assert not SupplementRequest.objects.for_case(case).exists()


def test_submitting_an_incomplete_draft_lists_the_problems(applicant):
    answers = sample_answers()
    del answers["person"]["surname"]
    case = SampleCaseFactory(owner=applicant, answers=answers)
    store_document(case, case.workflow.slot("photo"), png_upload(), user=applicant)

    with pytest.raises(ActionError) as raised:
        perform_action(case, applicant, "submit")

    problems = {(p.section, p.field) for p in raised.value.errors}
    assert problems == {("person", "surname"), ("documents", "passport")}
    saved = SampleCase.objects.get(pk=case.pk)
    assert saved.state == State.DRAFT
    assert saved.number is None
    assert saved.submitted_at is None
    assert not events(case).exists()
    assert not NumberSeries.objects.filter(last_value__gt=0).exists()


def test_submit_gives_a_number_and_sends_the_case_to_nia(complete_draft, applicant, nia_reviewer):
    event = perform_action(complete_draft, applicant, "submit")

    saved = SampleCase.objects.get(pk=complete_draft.pk)
    assert saved.state == State.NIA_REVIEW
    assert saved.number.startswith(f"{timezone.localdate().year - 1911:03d}99")
    assert len(saved.number) == 12
    assert saved.submitted_at == event.at
    assert saved.applicant_name == "Nguyen Van An"
    assert saved.assigned_reviewer == nia_reviewer
    assert event.agency == ""  # a draft is held by no agency


# --- the supplement loop ------------------------------------------------------------------------


def ask(reviewer, case, **kwargs):
    return perform_action(
        case,
        reviewer,
        "request_supplement",
        reason="Please fix the passport scan.",
        supplement=SupplementAsk(items=[("document", "passport", "Blurred")], **kwargs),
    )


def test_answer_returns_the_case_to_the_stage_that_asked(
    submitted, applicant, nia_reviewer, wda_reviewer
):
    case = submitted
    # NIA asks; the answer goes back to NIA review and to the reviewer who asked.
    ask(nia_reviewer, case)
    request = SupplementRequest.objects.for_case(case).get()
    assert (request.return_state, request.agency) == (State.NIA_REVIEW, "NIA")
    assert db_state(case) == State.SUPPLEMENT_REQUESTED
    assert case.agency == ""  # nobody holds a case that waits for the applicant

    perform_action(case, applicant, "answer_supplement", note="New scan attached.")
    saved = SampleCase.objects.get(pk=case.pk)
    assert saved.state == State.NIA_REVIEW
    assert saved.assigned_reviewer == nia_reviewer
    request.refresh_from_db()
    assert request.answered_at is not None
    assert request.answered_by == applicant
    assert request.answer_note == "New scan attached."

    # WDA asks later; the answer goes back to WDA review.
    perform_action(case, nia_reviewer, "send_to_wda")
    ask(wda_reviewer, case)
    second = SupplementRequest.objects.for_case(case).filter(answered_at__isnull=True).get()
    assert (second.return_state, second.agency) == (State.WDA_REVIEW, "WDA")

    event = perform_action(case, applicant, "answer_supplement")
    assert (event.from_state, event.to_state) == (State.SUPPLEMENT_REQUESTED, State.WDA_REVIEW)
    saved = SampleCase.objects.get(pk=case.pk)
    assert saved.state == State.WDA_REVIEW
    assert saved.assigned_reviewer == wda_reviewer
    assert not SupplementRequest.objects.for_case(case).filter(answered_at__isnull=True).exists()


def test_supplement_deadline_counts_working_days(submitted, nia_reviewer):
    today = timezone.localdate()
    event = ask(nia_reviewer, submitted, working_days=3)
    request = SupplementRequest.objects.for_case(submitted).get()
    assert request.deadline == add_working_days(today, 3)
    assert event.data["deadline"] == request.deadline.isoformat()
    assert event.data["supplement_id"] == request.pk
    assert list(request.items.values_list("target_kind", "target")) == [("document", "passport")]


def test_supplement_deadline_defaults_to_the_workflows_days(actors):
    case = case_in(SITUATIONS["wda_review"], actors)
    ask(actors["wda"], case)
    request = SupplementRequest.objects.for_case(case).get()
    assert case.workflow.supplement_days == 10
    assert request.deadline == add_working_days(timezone.localdate(), 10)


def test_supplement_deadline_skips_days_closed_by_an_override(actors):
    """The deadline follows the working-day calendar, staff's overrides included."""
    today = timezone.localdate()
    closed = [today + datetime.timedelta(days=n) for n in range(1, 15)]
    WorkingDayOverride.objects.bulk_create(
        WorkingDayOverride(date=day, is_working_day=False, reason_en="Typhoon") for day in closed
    )
    case = case_in(SITUATIONS["nia_review"], actors)
    ask(actors["nia"], case, working_days=1)
    deadline = SupplementRequest.objects.for_case(case).get().deadline
    assert deadline == add_working_days(today, 1)
    assert deadline > closed[-1]


def test_an_explicit_deadline_is_kept(actors):
    case = case_in(SITUATIONS["nia_review"], actors)
    chosen = timezone.localdate() + datetime.timedelta(days=30)
    ask(actors["nia"], case, deadline=chosen)
    assert SupplementRequest.objects.for_case(case).get().deadline == chosen


# --- closing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "action", "actor", "closes"),
    [
        ("nia_review", "reject", "nia", True),
        ("wda_review", "withdraw", "applicant", True),
        ("supplement_requested by WDA, overdue", "reject_unanswered", "wda", True),
        ("ready", "hand_over", "nia", True),
        ("nia_review", "send_to_wda", "nia", False),
        ("payment_due", "confirm_payment", "platform", False),
    ],
)
def test_final_states_get_closed_at(situation, action, actor, closes, actors):
    case = case_in(SITUATIONS[situation], actors)
    event = perform_action(case, actors[actor], action, **INPUTS.get(action, {}))
    closed_at = SampleCase.objects.values_list("closed_at", flat=True).get(pk=case.pk)
    assert closed_at == (event.at if closes else None)


def test_a_withdrawn_case_stays_readable_for_its_applicant(client, submitted, applicant):
    perform_action(submitted, applicant, "withdraw")
    url = f"/cases/sample/{submitted.pk}/"

    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Withdrawn" in page
    assert submitted.number in page
    assert f'href="/cases/sample/{submitted.pk}/act/' not in page  # nothing left to do

    client.force_login(UserFactory(email="someone-else@example.com"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("action", "actor"), [("withdraw", "applicant"), ("reject_unanswered", "nia")]
)
def test_a_closed_case_shows_no_open_supplement(client, actors, action, actor):
    case = case_in(SITUATIONS["supplement_requested by NIA, overdue"], actors)
    perform_action(case, actors[actor], action, **INPUTS.get(action, {}))

    client.force_login(actors["applicant"])
    page = client.get(f"/cases/sample/{case.pk}/").content.decode()
    assert 'id="supplement-title"' not in page
