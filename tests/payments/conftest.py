import pytest
from django.utils import timezone

from payments.gateways import get_gateway
from payments.gateways.simulated import signed
from tests.factories import SampleCaseFactory, UserFactory, sample_answers


@pytest.fixture
def payer(db):
    return UserFactory(email="payer@example.com", full_name="Chen Da-Wen", language="en")


@pytest.fixture
def due_cases(payer):
    """Two cases of the payer waiting for their fee (Gold Card, 3 and 1 years)."""
    return [
        SampleCaseFactory(
            owner=payer,
            payment_due=True,
            term_years=3,
            applicant_name="Nguyen Van An",
        ),
        SampleCaseFactory(
            owner=payer,
            payment_due=True,
            term_years=1,
            applicant_name="陳小明",
            answers=sample_answers(surname="陳", given_name="小明"),
        ),
    ]


def simulated_message(attempt, **overrides) -> dict[str, str]:
    """A callback as the simulated gateway sends it for `attempt`, signed with its secret;
    `overrides` change fields before signing (None removes one)."""
    fields = {
        "Reference": attempt.reference,
        "TransactionId": f"SIMTX{attempt.pk:06d}",
        "Amount": str(attempt.amount),
        "Method": attempt.method,
        "Status": "paid",
        "Simulated": "1",
        "PaidAt": timezone.now().isoformat(),
        "Message": "Paid",
    }
    for key, value in overrides.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return signed(fields, get_gateway("simulated").secret)


# --- helpers shared by the payments tests (pricing, orders, callbacks, pages, receipts) ---


@pytest.fixture
def private_media(settings, tmp_path):
    """Issued PDFs of these tests go to a temporary directory, not var/test-media."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def no_gateway_server(settings):
    """The simulated gateway posts its callbacks by HTTP to SITE_URL: point it at a closed
    port (discard, 9) so that nothing running on the machine answers them by accident."""
    settings.SITE_URL = "http://127.0.0.1:9"
    return settings.SITE_URL


def nationality(code, **fields):
    """A Nationality row with these fields (created if the reference data is not loaded)."""
    from portal.reference.models import Nationality

    defaults = {"name_zh": code, "name_en": code, **fields}
    row, _created = Nationality.objects.update_or_create(code=code, defaults=defaults)
    return row


def start_attempt(order, method="card"):
    """Start a payment of `order` as the payer's "Pay" button does; the new attempt."""
    from payments import services

    services.start_payment(order, method)
    return order.attempts.order_by("-pk").first()


def post_callback(client, fields, gateway="simulated"):
    from django.urls import reverse

    return client.post(reverse("payments:callback", args=[gateway]), fields)
