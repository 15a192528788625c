"""What the engine derives from a workflow's django-fsm metadata: final states, withdrawable
states, the generated diagrams, and the registry's guards."""

import pytest
from django.core.management import call_command

from portal.cases import registry
from portal.cases.actions import can_withdraw, final_states, states_with_action_kind
from portal.cases.diagrams import mermaid
from portal.cases.workflow import ActionKind, Workflow
from tests.factories import SampleCaseFactory
from tests.sampleflow.models import SampleCase


def test_final_states_are_those_no_transition_leaves():
    assert final_states(SampleCase) == {"issued", "rejected", "withdrawn"}


def test_withdrawable_states_come_from_the_transitions():
    assert states_with_action_kind(SampleCase, ActionKind.WITHDRAW) == {
        "nia_review",
        "wda_review",
        "supplement_requested",
        "payment_due",
    }


def test_can_withdraw_follows_the_state(db):
    case = SampleCaseFactory(submitted=True)
    assert can_withdraw(case, case.owner)
    issued = SampleCaseFactory(submitted=True, state="issued")
    assert not can_withdraw(issued, issued.owner)


def test_agency_and_stage_are_derived_from_the_state(db):
    case = SampleCaseFactory(at_wda=True)
    assert case.agency == "WDA"
    assert case.stage.label == "WDA review"
    assert SampleCaseFactory(state="payment_due").agency == ""


def test_diagram_lists_every_transition_and_final_state():
    diagram = mermaid(SampleCase)
    assert diagram.startswith("stateDiagram-v2")
    assert "[*] --> draft" in diagram
    assert "supplement_requested --> nia_review : answer_supplement" in diagram
    assert "supplement_requested --> wda_review : answer_supplement" in diagram
    for state in ("issued", "rejected", "withdrawn"):
        assert f"{state} --> [*]" in diagram
    assert "nia_review : NIA review [NIA]" in diagram


def test_docs_diagrams_are_up_to_date():
    call_command("workflow_docs", "--check")


def test_registry_refuses_a_second_workflow_with_the_same_code():
    class Duplicate:
        workflow = Workflow(code="99", slug="another", name="Another")

    with pytest.raises(ValueError, match="number code"):
        registry.register(Duplicate)
    assert registry.model_for("sample") is SampleCase
