"""The move table of every registered workflow, checked against the engine's two calls: in
every state, for every kind of person, a move that `available_actions` offers is performed
(landing in one of its declared targets, with an audit row) and every other move is refused
with PermissionDenied, changing nothing. The sample workflow's exact table is in
test_transitions.py; this one needs no table, so a new workflow is covered by registering.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_fsm import RETURN_VALUE

from portal.cases import registry
from portal.cases.actions import all_transitions, available_actions
from portal.cases.models import CaseEvent, SupplementRequest
from portal.cases.services import ActionError, SupplementAsk, perform_action
from tests.factories import (
    GoldCardCaseFactory,
    GoldCardServiceFactory,
    SampleCaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Each registered workflow's factory (a workflow without one fails the first test below).
FACTORIES = {
    "sample": SampleCaseFactory,
    "goldcard": GoldCardCaseFactory,
    "goldcard-service": GoldCardServiceFactory,
}
INPUTS = {
    "reject": {"reason": "Refused for the test."},
    "reject_unanswered": {"reason": "No answer before the deadline."},
    "request_supplement": {
        "reason": "Please send it again.",
        "supplement": SupplementAsk(items=[("other", "", "Send a clearer scan.")]),
    },
}
MODELS = registry.models()


def test_every_registered_workflow_has_a_factory():
    assert {model.workflow.slug for model in MODELS} == set(FACTORIES)


def people():
    reviewers = {a: UserFactory(reviewer=True, agency=a) for a in ("NIA", "WDA", "MOFA")}
    return {"platform": None, "stranger": UserFactory(), **reviewers}


def build(model, state, owner):
    """A case of `model` in `state`, with the open supplement request its state implies."""
    workflow = model.workflow
    draft = state == "draft"
    case = FACTORIES[workflow.slug](owner=owner, submitted=not draft, state=state)
    if workflow.moves and state == workflow.moves.supplement:
        stage = workflow.stage_for(workflow.review_states[0])
        request = SupplementRequest(
            requested_by=UserFactory(reviewer=True, agency=stage.agency),
            return_state=stage.state,
            agency=stage.agency,
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )
        request.link_to(case)
        request.save()
    return case


def targets(model, name, state) -> set[str]:
    method = getattr(model, name)
    target = method._django_fsm.get_transition(state).target
    if isinstance(target, RETURN_VALUE):
        return set(target.allowed_states)
    return {target}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.workflow.slug)
def test_offered_moves_are_performed_and_others_refused(model, reference_data, fee_schedule):
    everyone = people()
    names = sorted({t.name for t in all_transitions(model)})
    for state, _label in model._meta.get_field("state").flatchoices:
        owner = UserFactory()
        for who, person in {**everyone, "owner": owner}.items():
            case = build(model, state, owner)
            offered = {a.name for a in available_actions(case, person)}
            for name in names:
                if name in offered:
                    continue
                with pytest.raises(PermissionDenied):
                    perform_action(case, person, name, **INPUTS.get(name, {}))
                assert type(case).objects.get(pk=case.pk).state == state, (state, who, name)
            assert not CaseEvent.objects.for_case(case).exists()
            for name in offered:
                fresh = build(model, state, owner)
                try:
                    event = perform_action(fresh, person, name, **INPUTS.get(name, {}))
                except ActionError:
                    continue  # offered but its inputs are missing (an incomplete draft)
                assert fresh.state in targets(model, name, state), (state, who, name)
                assert (event.from_state, event.to_state) == (state, fresh.state)
