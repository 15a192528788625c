"""The whole path once, through the pages: list → confirm → gateway form → callback → paid."""

from django.urls import reverse

from payments.models import OrderState, PaymentAttempt, PaymentOrder
from tests.payments.conftest import simulated_message


def test_pay_two_cases_in_one_order(client, payer, due_cases, django_capture_on_commit_callbacks):
    client.force_login(payer)
    keys = [f"sample:{case.pk}" for case in due_cases]
    page = client.post(reverse("payments:list"), {"cases": keys})
    assert page.status_code == 200
    assert b"NT$ 9,400" in page.content  # 5,700 + 3,700
    response = client.post(
        reverse("payments:confirm"), {"cases": keys, "method": "card", "no_refund": "on"}
    )
    assert response.status_code == 200
    order = PaymentOrder.objects.get()
    assert order.total == 9400 and order.lines.count() == 2
    attempt = PaymentAttempt.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post(
            reverse("payments:callback", args=["simulated"]), simulated_message(attempt)
        )
    assert answer.content == b"1|OK"
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    for case in due_cases:
        case.refresh_from_db()
        assert case.state == "card_production"
