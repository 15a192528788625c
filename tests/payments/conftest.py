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
