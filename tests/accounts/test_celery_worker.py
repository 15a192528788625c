"""With a broker configured (CI points CELERY_BROKER_URL at Redis), the verification e-mail
goes through a real Celery worker, not the in-process shortcut of the embedded default."""

import time

import pytest
from django.conf import settings
from django.core import mail

from portal.accounts.tasks import send_verification_email
from portal.celery import app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="needs a broker (CI has Redis)"),
]


@pytest.fixture
def queued_tasks():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def test_verification_email_is_sent_by_a_real_worker(queued_tasks, user_factory):
    from celery.contrib.testing.worker import start_worker

    user = user_factory(email="queued@example.com", unverified=True)
    send_verification_email.delay(user.pk)
    assert mail.outbox == []  # queued in Redis, not run in-process
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["queued@example.com"]]
    assert "/accounts/verify/" in mail.outbox[0].body
