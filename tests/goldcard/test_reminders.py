"""The Gold Card's periodic task, declared in its workflow and scheduled by beat: holders are
told once per validity that their card can be extended."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from goldcard.models import GoldCardCase
from goldcard.reminders import remind_extension_window
from portal.cases import checks
from portal.cases.workflow import Periodic
from portal.notify.models import Notice
from tests.goldcard.test_services import issued_card  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def run(day=TODAY):
    return remind_extension_window(day.isoformat())


def test_a_card_in_its_window_is_reminded_once_per_validity(
    issued_card,  # noqa: F811
    applicant,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    card = issued_card(TODAY + datetime.timedelta(days=90))

    with django_capture_on_commit_callbacks(execute=True):
        assert run() == 1
        assert run() == 0  # the next day's run, or a duplicate delivery

    [notice] = Notice.objects.for_case(card)
    assert (notice.event, notice.email) == ("extension_open", applicant.email)
    [mail] = mailoutbox
    assert mail.subject == f"Your Gold Card can be extended now: {card.number}"
    assert "You can apply to extend it" in mail.body

    # Extended: the new validity gets its own reminder when its window opens.
    card.permit.valid_until = TODAY + datetime.timedelta(days=400)
    card.permit.save()
    assert run() == 0
    assert run(TODAY + datetime.timedelta(days=300)) == 1


@pytest.mark.parametrize("days_left", [200, -1])
def test_cards_outside_the_window_are_left_alone(issued_card, days_left):  # noqa: F811
    issued_card(TODAY + datetime.timedelta(days=days_left))

    assert run() == 0


def test_beat_schedules_the_declared_task():
    from portal.celery import app

    entry = app.conf.beat_schedule["goldcard-extension-reminders"]
    assert entry == {"task": "goldcard.reminders.remind_extension_window", "schedule": 86400}
    assert "dispatch-pending-notices" in app.conf.beat_schedule  # the engine's stay


@pytest.mark.parametrize(
    ("periodic", "message"),
    [
        (Periodic("x", "goldcard.reminders.nothing_here", 60), "'goldcard.reminders.nothing_h"),
        (Periodic("dispatch-pending-notices", "goldcard.reminders.remind_extension_window", 60),
         "named twice"),
    ],
)  # fmt: skip
def test_the_check_refuses_a_wrong_periodic_task(monkeypatch, periodic, message):
    workflow = dataclasses.replace(GoldCardCase.workflow, periodic=(periodic,))
    monkeypatch.setattr(GoldCardCase, "workflow", workflow)

    [error] = [e for e in checks.check_workflows() if e.id == "cases.E008"]
    assert message in error.msg
