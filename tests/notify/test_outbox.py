"""The outbox: a notice is written in the transaction of the action it reports, sent once
after the commit, never duplicated, and never lost when the broker or the SMTP server is down
(the periodic dispatcher sends what is left)."""

import contextlib
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, transaction
from django.utils import timezone

from portal.cases.documents import store_document
from portal.cases.models import CaseEvent, NumberSeries
from portal.cases.services import perform_action
from portal.celery import app
from portal.notify import outbox
from portal.notify.models import Notice
from portal.notify.tasks import DISPATCH_GRACE, dispatch_pending_notices, send_notice
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import MembershipFactory, SampleCaseFactory, UserFactory, sample_answers

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


class BrokenSMTPBackend(BaseEmailBackend):
    """An e-mail backend whose server is unreachable."""

    def send_messages(self, email_messages):
        raise OSError("SMTP server unreachable")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.com")


@pytest.fixture(autouse=True)
def reviewers(db):
    return (
        UserFactory(email="nia@example.gov.tw", reviewer=True, agency="NIA"),
        UserFactory(email="wda@example.gov.tw", reviewer=True, agency="WDA"),
    )


def complete_case(owner, **fields):
    case = SampleCaseFactory(owner=owner, answers=sample_answers(), **fields)
    store_document(case, case.workflow.slot("photo"), png_upload(), user=owner)
    store_document(case, case.workflow.slot("passport"), pdf_upload(), user=owner)
    return case


@pytest.fixture
def draft(applicant):
    return complete_case(applicant)


def forget_broker_connections():
    """Drop Celery's cached connection pools so the next publish uses the current broker_url."""
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down(settings):
    """Tasks are really queued (not run in-process), to a broker nobody listens on.

    Kombu keeps reconnecting for `broker_connection_timeout` (about 6 s per task) unless told
    otherwise; one quick retry keeps these tests fast without changing what they check."""
    conf = app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.broker_transport_options
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.task_always_eager = False
    conf.broker_url = CLOSED_PORT_BROKER
    conf.broker_transport_options = {"max_retries": 1, "interval_start": 0, "interval_max": 0}
    forget_broker_connections()
    try:
        with pytest.MonkeyPatch.context() as env:
            # Celery reads the environment first: CI sets CELERY_BROKER_URL to its Redis.
            env.setenv("CELERY_BROKER_URL", CLOSED_PORT_BROKER)
            env.delenv("CELERY_BROKER_WRITE_URL", raising=False)
            yield
    finally:
        conf.broker_url, conf.task_always_eager, conf.broker_transport_options = saved
        settings.CELERY_TASK_ALWAYS_EAGER = saved[1]
        forget_broker_connections()


def age(notices, by=DISPATCH_GRACE + timedelta(seconds=1)):
    """Pretend the notices were written long enough ago for the dispatcher to take them."""
    notices.update(created_at=timezone.now() - by)


# --- written with the action, sent after the commit ---------------------------------------------


def test_the_notice_is_written_with_the_action_and_sent_after_the_commit(
    draft, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        event = perform_action(draft, applicant, "submit")

    notice = Notice.objects.for_case(draft).get()
    assert (notice.event, notice.case_event, notice.recipient) == ("submitted", event, applicant)
    assert (notice.email, notice.language) == ("applicant@example.com", draft.language)
    assert notice.key == f"submitted:{event.pk}:{applicant.pk}"
    assert notice.sent_at is None and notice.attempts == 0
    assert mail.outbox == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()

    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.attempts == 1
    assert [m.subject for m in mail.outbox] == [f"Submission received: {draft.number}"]


def test_a_failing_transaction_takes_the_notice_with_it(
    draft, applicant, django_capture_on_commit_callbacks
):
    class Later(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Later),
        transaction.atomic(),
    ):
        perform_action(draft, applicant, "submit")
        assert Notice.objects.for_case(draft).count() == 1
        raise Later

    draft.refresh_from_db()
    assert (draft.state, draft.number) == ("draft", None)
    assert not Notice.objects.exists()
    assert not CaseEvent.objects.exists()
    assert mail.outbox == []


def test_a_failing_notice_takes_the_action_with_it(
    draft, applicant, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(outbox, "queue_case_notice", broken)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DatabaseError):
        perform_action(draft, applicant, "submit")

    draft.refresh_from_db()
    assert (draft.state, draft.number) == ("draft", None)
    assert not CaseEvent.objects.exists()
    assert not NumberSeries.objects.filter(last_value__gt=0).exists()  # the number is given back
    assert mail.outbox == []


def test_an_action_without_notify_writes_no_notice(draft, applicant, reviewers):
    perform_action(draft, applicant, "submit")
    Notice.objects.all().delete()

    perform_action(draft, reviewers[0], "send_to_wda")

    assert not Notice.objects.exists()


# --- sent once --------------------------------------------------------------------------------


@pytest.fixture
def unsent(draft, applicant, django_capture_on_commit_callbacks):
    """A submitted case whose notice is written but whose commit callbacks never ran."""
    with django_capture_on_commit_callbacks(execute=False):
        perform_action(draft, applicant, "submit")
    return Notice.objects.for_case(draft).get()


def test_send_notice_twice_sends_one_email(unsent):
    assert send_notice.delay(unsent.pk).get() == "sent"
    assert send_notice.delay(unsent.pk).get() == "already sent or being sent"
    assert send_notice(unsent.pk) == "already sent or being sent"

    unsent.refresh_from_db()
    assert unsent.sent_at is not None
    assert unsent.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["applicant@example.com"]


def test_send_notice_of_an_unknown_id_does_nothing(db):
    assert send_notice(123456) == "already sent or being sent"
    assert mail.outbox == []


def test_queueing_the_same_event_twice_keeps_one_notice_per_recipient(
    applicant, django_capture_on_commit_callbacks
):
    filer = MembershipFactory(user__email="hr@example.com").user
    case = complete_case(applicant, filer=filer)
    with django_capture_on_commit_callbacks(execute=False):
        event = perform_action(case, applicant, "submit")

    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_case_notice(case, event, "submitted")
        outbox.queue_case_notice(case, event, "submitted")

    notices = Notice.objects.for_case(case)
    assert sorted(n.email for n in notices) == ["applicant@example.com", "hr@example.com"]
    assert sorted(m.to[0] for m in mail.outbox) == ["applicant@example.com", "hr@example.com"]
    assert all(n.sent_at is not None for n in notices)


def test_the_dispatcher_does_not_send_a_sent_notice_again(unsent):
    send_notice(unsent.pk)
    age(Notice.objects.all())

    assert dispatch_pending_notices() == 0
    assert len(mail.outbox) == 1


# --- the broker is down -----------------------------------------------------------------------


def test_a_broker_outage_does_not_fail_the_submission_and_the_dispatcher_catches_up(
    draft, applicant, settings, caplog, django_capture_on_commit_callbacks
):
    with (
        broker_down(settings),
        caplog.at_level(logging.WARNING, logger="portal.notify.queueing"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        perform_action(draft, applicant, "submit")

    draft.refresh_from_db()
    assert draft.state == "nia_review" and draft.number  # the user's action went through
    notice = Notice.objects.for_case(draft).get()
    assert notice.sent_at is None and notice.attempts == 0
    assert mail.outbox == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("send_notice" in r.getMessage() for r in warnings), caplog.text
    assert all("will be retried" in r.getMessage() for r in warnings)

    # The broker is back (in-process again). A notice younger than the grace period is left to
    # the normal path; an older one is sent by the dispatcher, exactly once.
    assert dispatch_pending_notices() == 0
    assert mail.outbox == []
    age(Notice.objects.filter(pk=notice.pk))
    assert dispatch_pending_notices() == 1
    assert dispatch_pending_notices() == 0

    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert [m.subject for m in mail.outbox] == [f"Submission received: {draft.number}"]


def test_the_dispatcher_itself_survives_a_broker_outage(unsent, settings, caplog):
    age(Notice.objects.all())

    with broker_down(settings), caplog.at_level(logging.WARNING, logger="portal.notify.queueing"):
        assert dispatch_pending_notices() == 0

    assert "could not queue" in caplog.text
    unsent.refresh_from_db()
    assert unsent.sent_at is None


# --- the SMTP server is down ----------------------------------------------------------------


def test_an_smtp_failure_leaves_the_notice_unsent_with_the_error(unsent, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenSMTPBackend"

    with pytest.raises(OSError, match="SMTP server unreachable"):
        send_notice(unsent.pk)

    unsent.refresh_from_db()
    assert unsent.sent_at is None
    assert unsent.attempts == 1
    assert unsent.last_error == "SMTP server unreachable"


def test_an_smtp_failure_does_not_fail_the_submission_and_is_sent_later(
    draft, applicant, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenSMTPBackend"

    with django_capture_on_commit_callbacks(execute=True):
        perform_action(draft, applicant, "submit")

    draft.refresh_from_db()
    assert draft.state == "nia_review"
    notice = Notice.objects.for_case(draft).get()
    assert notice.sent_at is None
    assert notice.attempts == 1  # Celery retries later; the dispatcher too
    assert notice.last_error == "SMTP server unreachable"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age(Notice.objects.all())
    assert dispatch_pending_notices() == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert len(mail.outbox) == 1


def test_a_notice_that_keeps_failing_is_given_up_by_the_dispatcher(unsent):
    from portal.notify.tasks import MAX_ATTEMPTS

    Notice.objects.filter(pk=unsent.pk).update(attempts=MAX_ATTEMPTS)
    age(Notice.objects.all())

    assert dispatch_pending_notices() == 0
    assert mail.outbox == []


# --- recipients -------------------------------------------------------------------------------


def test_the_applicant_and_the_filer_each_get_one_email(
    applicant, django_capture_on_commit_callbacks
):
    filer = MembershipFactory(user__email="hr@example.com").user
    case = complete_case(applicant, filer=filer)

    with django_capture_on_commit_callbacks(execute=True):
        perform_action(case, filer, "submit")

    assert sorted(n.recipient.email for n in Notice.objects.for_case(case)) == [
        "applicant@example.com",
        "hr@example.com",
    ]
    assert sorted(m.to for m in mail.outbox) == [["applicant@example.com"], ["hr@example.com"]]


def test_a_filer_applying_for_themself_gets_one_email(django_capture_on_commit_callbacks):
    filer = MembershipFactory(user__email="self@example.com").user
    case = complete_case(filer, filer=filer)

    with django_capture_on_commit_callbacks(execute=True):
        perform_action(case, filer, "submit")

    assert Notice.objects.for_case(case).count() == 1
    assert [m.to for m in mail.outbox] == [["self@example.com"]]


def test_an_inactive_filer_gets_nothing(applicant, django_capture_on_commit_callbacks):
    filer = UserFactory(email="left@example.com", is_active=False)
    case = complete_case(applicant, filer=filer)

    with django_capture_on_commit_callbacks(execute=True):
        perform_action(case, applicant, "submit")

    assert [m.to for m in mail.outbox] == [["applicant@example.com"]]


def test_organisation_colleagues_are_not_recipients(applicant):
    membership = MembershipFactory()
    MembershipFactory(organisation=membership.organisation, user__email="colleague@example.com")
    case = SampleCaseFactory(
        owner=applicant, filer=membership.user, filer_organisation=membership.organisation
    )

    assert [c.user for c in case.contacts()] == [applicant, membership.user]
