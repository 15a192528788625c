"""Two workers delivering the same issued PDF at once, on PostgreSQL: one e-mail per person.

A duplicate task delivery (acks_late after a lost connection, the sweeper beside the task)
runs `send_once` twice at the same moment. The delivery row is locked from the check to the
commit of `sent_at`; the other worker skips it and sends nothing. A slow mail server widens
the window in which both hold their copy. Skipped on SQLite, which serialises writers.
"""

import threading
import time

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from portal.cases.parties import Contact
from portal.pdf.delivery import NOTHING_TO_SEND, SENT, send_once
from portal.pdf.models import Delivery, IssuedKind, IssuedPdf
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


class SlowBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


def test_two_workers_at_once_send_one_email_per_person(settings, private_media):
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    people = [UserFactory(email=f"p{i}@example.com", language="en") for i in range(3)]
    contacts = [Contact(p.email, p.language, p.full_name, p) for p in people]
    issued = IssuedPdf(
        key="race:1", kind=IssuedKind.RECEIPT, title="T", language="en", size=1, sha256="0"
    )
    issued.file.save("x.pdf", ContentFile(b"%PDF-1.7 race"), save=True)
    context = {
        "order": type("Order", (), {"batch_number": "P1", "total": 100})(),
        "lines": [],
        "order_url": "u",
        "downloads_url": "d",
    }
    barrier = threading.Barrier(2, timeout=30)
    outcomes = [None, None]

    def worker(index):
        try:
            mine = IssuedPdf.objects.get(pk=issued.pk)
            barrier.wait()
            outcomes[index] = send_once(mine, contacts, email="order_paid", context=context)
        except Exception as error:  # reported by the assertions below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert SENT in outcomes and all(o in (SENT, NOTHING_TO_SEND) for o in outcomes), outcomes
    assert sorted(m.to[0] for m in mail.outbox) == [p.email for p in people]
    assert Delivery.objects.filter(issued=issued, sent_at__isnull=False).count() == 3
