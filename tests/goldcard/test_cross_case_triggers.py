"""A move of one workflow's case moves the cases of another workflow waiting on it, in the same
transaction, each with its own audit row, declared by slug and move name (no app imports the
other). Here the sample workflow's approval stands for WDA issuing an employment permit, and
Gold Card cases awaiting payment stand for residence cases waiting on that serial."""

import dataclasses

import pytest

from goldcard.models import GoldCardCase
from portal.cases import checks
from portal.cases.models import CaseEvent
from portal.cases.services import perform_action
from portal.cases.workflow import Trigger
from tests.factories import SampleCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def waiting_on(sample_case):
    return GoldCardCase.objects.filter(
        state="payment_due", applicant_email__iexact=sample_case.applicant_email
    )


@pytest.fixture
def declared(monkeypatch):
    def declare(**overrides):
        trigger = Trigger(
            **{
                "source": "sample",
                "action": "approve",
                "waiting": waiting_on,
                "move": "confirm_payment",
                **overrides,
            }
        )
        workflow = dataclasses.replace(GoldCardCase.workflow, triggers=(trigger,))
        monkeypatch.setattr(GoldCardCase, "workflow", workflow)

    return declare


def submitted_goldcard(complete_draft, applicant):
    case = complete_draft()
    perform_action(case, applicant, "submit")
    return case


def test_the_waiting_cases_move_with_one_audit_row_each(
    declared, complete_draft, applicant, fee_schedule
):
    declared()
    waiting = [submitted_goldcard(complete_draft, applicant) for _ in range(2)]
    elsewhere = submitted_goldcard(complete_draft, applicant)
    GoldCardCase.objects.filter(pk=elsewhere.pk).update(applicant_email="someone@example.com")
    source = SampleCaseFactory(at_wda=True, applicant_email=applicant.email)
    wda = UserFactory(reviewer=True, agency="WDA")

    event = perform_action(source, wda, "approve")

    for case in waiting:
        case.refresh_from_db()
        assert case.state == "nia_initial_review"
        [audit] = CaseEvent.objects.for_case(case).filter(action="confirm_payment")
        assert audit.actor is None
        assert audit.data["triggered_by"] == {
            "workflow": "sample",
            "case": source.pk,
            "number": source.number,
            "action": "approve",
            "event": event.pk,
        }
    elsewhere.refresh_from_db()
    assert elsewhere.state == "payment_due"


def test_a_failing_follower_rolls_the_source_move_back(
    declared, complete_draft, applicant, fee_schedule
):
    """Same transaction: if a waiting case cannot move, the source's move does not happen."""
    declared(move="send_to_wda")  # not open to the platform, nor from payment_due
    submitted_goldcard(complete_draft, applicant)
    source = SampleCaseFactory(at_wda=True, applicant_email=applicant.email)

    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied from the follower)
        perform_action(source, UserFactory(reviewer=True, agency="WDA"), "approve")

    source.refresh_from_db()
    assert source.state == "wda_review"
    assert not CaseEvent.objects.for_case(source).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source": "nowhere"}, "trigger source 'nowhere' is unknown"),
        ({"action": "approvee"}, "trigger action 'approvee' is not a move of 'sample'"),
        ({"move": "approve"}, "trigger move 'approve' is not a move of the platform"),
    ],
)
def test_the_check_refuses_a_wrong_trigger(declared, overrides, message):
    declared(**overrides)

    assert [e.msg for e in checks.check_workflows() if e.id == "cases.E007"] == [
        f"goldcard: {message}"
    ]
