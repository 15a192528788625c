"""The system check over every registered workflow refuses each mistake a declaration can
make, and every workflow lists its actions in every state without failing."""

import dataclasses

import pytest
from django.core.management import call_command

from portal.cases import actions, checks, registry
from portal.cases.workflow import Stage
from tests.factories import UserFactory
from tests.sampleflow.models import SampleCase, State


def errors_of(code):
    return [e for e in checks.check_workflows() if e.id == f"cases.{code}"]


def redeclare(monkeypatch, **changes):
    workflow = dataclasses.replace(SampleCase.workflow, **changes)
    monkeypatch.setattr(SampleCase, "workflow", workflow)
    return workflow


def transition(model, name, source):
    method = getattr(model, name)
    return method._django_fsm.get_transition(source)


def test_every_registered_workflow_passes_and_manage_check_runs_it():
    assert checks.check_workflows() == []
    call_command("check", "--fail-level", "ERROR")


def test_a_stage_that_is_not_a_state(monkeypatch):
    redeclare(monkeypatch, stages=(*SampleCase.workflow.stages, Stage("nowhere", "NIA", "X")))

    [error] = errors_of("E001")
    assert "'nowhere'" in error.msg and error.msg.startswith("sample:")


def test_shared_moves_that_name_a_missing_state(monkeypatch):
    moves = dataclasses.replace(SampleCase.workflow.moves, rejected="refused")
    redeclare(monkeypatch, moves=moves)

    [error] = errors_of("E002")
    assert "moves.rejected" in error.msg


def test_a_workflow_without_shared_moves(monkeypatch):
    redeclare(monkeypatch, moves=None)

    assert errors_of("E002")


def test_a_review_stage_that_cannot_ask_for_a_supplement_nor_reject(monkeypatch):
    stages = tuple(
        dataclasses.replace(s, review=True) if s.state == State.CARD_PRODUCTION else s
        for s in SampleCase.workflow.stages
    )
    redeclare(monkeypatch, stages=stages)

    messages = [e.msg for e in errors_of("E003")]
    assert messages == [
        "sample: review stage 'card_production' cannot ask for a supplement",
        "sample: review stage 'card_production' cannot reject",
    ]


def test_a_payment_move_open_to_people(monkeypatch):
    paid = transition(SampleCase, "confirm_payment", State.PAYMENT_DUE)
    monkeypatch.setattr(paid, "permission", lambda case, user: True)

    [error] = errors_of("E004")
    assert "'confirm_payment'" in error.msg and "platform" in error.msg


def test_a_model_that_awaits_payment_but_cannot_price_itself(monkeypatch):
    monkeypatch.delattr(SampleCase, "payment_quote")

    [error] = errors_of("E004")
    assert "payment_quote" in error.msg


def test_a_notice_nobody_declared(monkeypatch):
    approve = transition(SampleCase, "approve", State.WDA_REVIEW)
    monkeypatch.setitem(approve.custom, "notify", "approvd")

    [error] = errors_of("E005")
    assert "'approvd'" in error.msg


def test_a_declared_notice_without_templates(monkeypatch):
    from portal.cases.workflow import NoticeEvent

    redeclare(monkeypatch, notices=(NoticeEvent("visit_us", "Visit us"),))
    approve = transition(SampleCase, "approve", State.WDA_REVIEW)
    monkeypatch.setitem(approve.custom, "notify", "visit_us")

    [error] = errors_of("E005")
    assert "no e-mail templates" in error.msg


def test_a_section_whose_form_path_is_wrong(monkeypatch):
    from portal.cases.workflow import Section

    redeclare(monkeypatch, sections=(Section("person", "Person", "tests.sampleflow.forms.Nope"),))

    [error] = errors_of("E006")
    assert "section 'person'" in error.msg


@pytest.mark.django_db
@pytest.mark.parametrize("model", registry.models(), ids=lambda m: m.workflow.slug)
def test_every_state_lists_its_actions_with_empty_answers(model):
    """Conditions run whenever actions are listed: none may fail on a case with no answers,
    in any state, for any kind of user."""
    people = [
        None,
        UserFactory(),
        *[UserFactory(reviewer=True, agency=agency) for agency in ("NIA", "WDA", "MOFA")],
    ]
    case = build_empty_case(model, owner=people[1])
    for state, _label in model._meta.get_field("state").flatchoices:
        vars(case)["state"] = state  # the field is protected; no move leads everywhere
        for person in people:
            actions.available_actions(case, person)


def build_empty_case(model, *, owner):
    """A saved case of `model` with no answers (a workflow's required links filled in)."""
    if model.workflow.slug == "goldcard-service":
        from goldcard.models import GoldCardCase

        card = GoldCardCase.objects.create(owner=owner)
        return model.objects.create(owner=owner, card=card, service="extension")
    return model.objects.create(owner=owner)


@pytest.mark.django_db
def test_an_event_that_is_not_a_move_goes_on_the_timeline_and_in_the_audit(client):
    from django.urls import reverse

    from portal.cases.models import CaseEvent
    from portal.cases.services import record_event
    from tests.factories import SampleCaseFactory

    owner = UserFactory(language="en")
    case = SampleCaseFactory(owner=owner, submitted=True)
    before = case.updated_at

    event = record_event(case, None, "deadline_extended", reason="30 more days")

    assert (event.from_state, event.to_state, event.action) == (case.state,) * 2 + (
        "deadline_extended",
    )
    assert CaseEvent.objects.for_case(case).filter(action="deadline_extended").count() == 1
    case.refresh_from_db()
    assert case.updated_at > before  # the cached timeline is rebuilt
    client.force_login(owner)
    page = client.get(reverse("cases:detail", args=[case.workflow.slug, case.pk]))
    assert "Deadline extended" in page.content.decode()
    with pytest.raises(ValueError):
        record_event(case, None, "made_up")
