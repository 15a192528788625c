"""The reports page shows, per stage, how long Gold Card cases wait, and the goal of under 20
days from payment to approval (from 45)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from goldcard.models import GoldCardCase
from portal.cases import reports
from portal.cases.models import CaseEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def event(case, from_state, to_state, at):
    row = CaseEvent(action="x", at=at, from_state=from_state, to_state=to_state)
    row.link_to(case)
    row.save()


@pytest.fixture
def history(applicant):
    """Two cases: one approved 12 days after payment, one after 30; each waited 2 days at WDA."""
    start = timezone.now() - datetime.timedelta(days=60)
    for approval_days in (12, 30):
        case = GoldCardCase.objects.create(owner=applicant)
        event(case, "payment_due", "nia_initial_review", start)
        event(case, "nia_initial_review", "wda_review", start + datetime.timedelta(days=1))
        event(case, "wda_review", "nia_final_review", start + datetime.timedelta(days=3))
        event(
            case,
            "nia_final_review",
            "card_production",
            start + datetime.timedelta(days=approval_days),
        )


def gold_card_report():
    return next(r for r in reports.build() if r.name == str(GoldCardCase.workflow.name))


def test_goal_measured_from_payment_to_approval(history):
    target = gold_card_report().target
    assert target.days == 20 and target.before_days == 45
    assert target.cases == 2
    assert target.median_days == pytest.approx(21)
    assert target.within_target == 1


def test_days_waiting_per_stage(history):
    wda = next(s for s in gold_card_report().stages if s.agency == "WDA")
    assert wda.median_days == pytest.approx(2)
    assert wda.finished_visits == 2


def test_reports_page_shows_the_goal(client, history):
    from django.core.management import call_command

    staff = UserFactory(reviewer=True, agency="NIA", language="en")
    call_command("setup_reviewer_groups", verbosity=0)
    client.force_login(staff)
    response = client.get(reverse("case_reports"))
    assert response.status_code == 200
    assert 'class="target"' in response.content.decode()
