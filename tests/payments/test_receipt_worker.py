"""With a broker (CI has Redis), a payment's receipt is rendered and e-mailed by a real Celery
worker after the callback's commit, not in-process."""

import time

import pytest
from django.conf import settings
from django.core import mail

from payments import services
from portal.celery import app
from portal.pdf.models import IssuedPdf
from tests.payments.conftest import post_callback, simulated_message, start_attempt

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fee_schedule", "private_media"),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL, reason="needs a broker (CI has Redis)"),
]


@pytest.fixture
def queued_tasks():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def test_the_receipt_is_rendered_and_mailed_by_a_real_worker(
    queued_tasks, client, payer, due_cases
):
    from celery.contrib.testing.worker import start_worker

    order = services.build_order(payer, due_cases)
    assert post_callback(client, simulated_message(start_attempt(order))).content == b"1|OK"
    assert not IssuedPdf.objects.exists()  # queued in Redis, not rendered in-process
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 60
        while not IssuedPdf.objects.exists() or not _order_mails(order):
            assert time.monotonic() < deadline, "the worker did not issue the receipt"
            time.sleep(0.2)
    [message] = _order_mails(order)
    [(_name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-")
    assert IssuedPdf.objects.get().owner == payer


def _order_mails(order):
    return [m for m in mail.outbox if order.batch_number in m.subject]
