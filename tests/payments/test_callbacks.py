"""Every rule of what a gateway's message does, through the real callback URL (and the payer's
return, and `services.receive` directly): forged, wrong amount, unknown order, simulated in
production, malformed, the same callback many times, replayed, late after a withdrawal or a
cancellation, paid twice, convenience-store codes (also through the simulated gateway's own
pages and command), the ECPay adapter under the same rules, raw storage of every message, and
who gets the per-case "paid" notice."""

import datetime
import io
import threading
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from payments import services
from payments.gateways import get_gateway
from payments.gateways.ecpay import check_mac_value
from payments.gateways.simulated import SimulatedGateway, signed
from payments.models import (
    GatewayMessage,
    OrderState,
    Outcome,
    Payment,
    PaymentAttempt,
    PaymentOrder,
    SimulatedCharge,
)
from payments.receipts import receipt_key
from payments.simgateway.books import result_fields
from portal.cases.models import CaseEvent
from portal.cases.services import perform_action
from portal.notify.models import Notice
from portal.pdf.models import Delivery, IssuedPdf
from tests.factories import SampleCaseFactory, UserFactory
from tests.payments.conftest import post_callback, simulated_message, start_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media", "no_gateway_server")]

CALLBACK = reverse("payments:callback", args=["simulated"])
RETURN = reverse("payments:return", args=["simulated"])
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")


@pytest.fixture
def order(payer, due_cases):
    return services.build_order(payer, due_cases)


@pytest.fixture
def attempt(order):
    return start_attempt(order, "card")


def translated(msgid):
    """The message in each language of the portal (a gateway's request has no user, so the
    staff note is written in the request's language)."""
    texts = set()
    for language in ("en", "zh-hant"):
        with translation.override(language):
            texts.add(translation.gettext(msgid))
    return texts


def paid_events(case):
    return CaseEvent.objects.for_case(case).filter(action="confirm_payment")


def assert_nothing_paid(order, cases):
    order.refresh_from_db()
    assert order.state == OrderState.UNPAID
    assert order.paid_at is None
    assert not order.needs_attention
    assert not Payment.objects.exists()
    assert set(order.lines.values_list("open", flat=True)) == {True}
    for case in cases:
        case.refresh_from_db()
        assert case.state == "payment_due"
        assert not paid_events(case).exists()


def outcomes():
    return list(GatewayMessage.objects.order_by("pk").values_list("outcome", flat=True))


# --- refused messages -----------------------------------------------------------------------


def _wrong_signature(attempt):
    return {**simulated_message(attempt), "Signature": "0" * 64}


def _missing_signature(attempt):
    fields = simulated_message(attempt)
    del fields["Signature"]
    return fields


def _another_secret(attempt):
    fields = simulated_message(attempt)
    del fields["Signature"]
    return signed(fields, "not-the-portals-secret")


def _amount_changed_after_signing(attempt):
    return {**simulated_message(attempt), "Amount": "1"}


def _empty_signature(attempt):
    return {**simulated_message(attempt), "Signature": ""}


@pytest.mark.parametrize(
    "forge",
    [
        _wrong_signature,
        _missing_signature,
        _another_secret,
        _amount_changed_after_signing,
        _empty_signature,
    ],
)
def test_a_forged_callback_pays_nothing_and_is_stored_as_bad_signature(
    client, order, attempt, due_cases, forge, django_capture_on_commit_callbacks, mailoutbox
):
    fields = forge(attempt)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_callback(client, fields)

    assert response.status_code == 200
    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.BAD_SIGNATURE
    assert message.is_flagged
    assert message.fields == fields
    assert message.source == GatewayMessage.Source.CALLBACK
    assert message.gateway == "simulated"
    assert message.remote_addr == "127.0.0.1"
    assert message.processed_at is not None
    assert message.order is None
    assert_nothing_paid(order, due_cases)
    assert callbacks == []
    assert mailoutbox == []
    assert not IssuedPdf.objects.exists()


def test_a_forged_return_pays_nothing_and_sends_the_payer_to_the_list(
    client, payer, order, attempt, due_cases
):
    client.force_login(payer)

    response = client.post(RETURN, _wrong_signature(attempt), follow=True)

    assert response.redirect_chain[-1][0] == reverse("payments:list")
    assert "We could not confirm this payment" in response.content.decode()
    message = GatewayMessage.objects.get()
    assert (message.outcome, message.source) == (Outcome.BAD_SIGNATURE, "return")
    assert_nothing_paid(order, due_cases)


@pytest.mark.parametrize("amount", ["1", "9399", "9401", "94000", "0"])
def test_a_callback_with_the_wrong_amount_pays_nothing(client, order, attempt, due_cases, amount):
    assert order.total == 9400

    response = post_callback(client, simulated_message(attempt, Amount=amount))

    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.WRONG_AMOUNT
    assert message.order == order  # it is known which order it claims to pay
    assert message.is_flagged
    assert_nothing_paid(order, due_cases)


def test_a_callback_for_an_unknown_order_reference_pays_nothing(client, order, attempt, due_cases):
    fields = simulated_message(attempt, Reference="P11501019999A01")

    response = post_callback(client, fields)

    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.UNKNOWN_ORDER
    assert message.reference == "P11501019999A01"
    assert message.order is None
    assert_nothing_paid(order, due_cases)


def test_a_callback_naming_the_order_instead_of_an_attempt_is_unknown(
    client, order, attempt, due_cases
):
    response = post_callback(client, simulated_message(attempt, Reference=order.batch_number))

    assert response.content == b"0|Error"
    assert outcomes() == [Outcome.UNKNOWN_ORDER]
    assert_nothing_paid(order, due_cases)


def test_a_simulated_payment_is_refused_where_real_money_is_expected(
    client, order, attempt, due_cases
):
    with override_settings(PAYMENTS_ACCEPT_SIMULATED=False):
        response = post_callback(client, simulated_message(attempt))

    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.SIMULATED_REFUSED
    assert message.is_flagged
    assert_nothing_paid(order, due_cases)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"Status": None}, id="no-status"),
        pytest.param({"Amount": None}, id="no-amount"),
        pytest.param({"Reference": None}, id="no-reference"),
        pytest.param({"TransactionId": None}, id="no-transaction"),
        pytest.param({"Method": None}, id="no-method"),
        pytest.param({"Amount": "9,400"}, id="amount-not-a-number"),
        pytest.param({"Method": "cheque"}, id="unknown-method"),
        pytest.param({"Status": "refunded"}, id="unknown-status"),
        pytest.param({"PaidAt": "yesterday"}, id="unreadable-time"),
        pytest.param({"PaidAt": "2026-11-21T10:00:00"}, id="time-without-zone"),
    ],
)
def test_a_malformed_callback_pays_nothing(client, order, attempt, due_cases, overrides):
    fields = simulated_message(attempt, **overrides)  # correctly signed, but unreadable

    response = post_callback(client, fields)

    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.MALFORMED
    assert message.fields == fields
    assert_nothing_paid(order, due_cases)


def test_an_empty_callback_is_stored_and_refused(client, order, due_cases):
    response = post_callback(client, {})

    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.fields == {}
    assert message.outcome == Outcome.BAD_SIGNATURE
    assert_nothing_paid(order, due_cases)


def test_a_callback_for_a_gateway_the_portal_does_not_use_is_not_found(client, attempt):
    response = client.post(
        reverse("payments:callback", args=["newebpay"]), simulated_message(attempt)
    )

    assert response.status_code == 404
    assert not Payment.objects.exists()


def test_the_callback_only_accepts_post(client, attempt):
    assert client.get(CALLBACK, simulated_message(attempt)).status_code == 405
    assert not Payment.objects.exists()


def test_a_declined_card_is_recorded_and_leaves_the_order_payable(client, order, attempt):
    response = post_callback(client, simulated_message(attempt, Status="declined", PaidAt=None))

    assert response.content == b"1|OK"
    assert outcomes() == [Outcome.NOT_PAID]
    order.refresh_from_db()
    assert order.is_unpaid
    assert not Payment.objects.exists()


# --- the same payment told many times ------------------------------------------------------


def test_the_same_callback_five_times_and_the_return_pay_once(
    client, payer, order, attempt, due_cases, django_capture_on_commit_callbacks, mailoutbox
):
    fields = simulated_message(attempt)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [post_callback(client, fields).content for _ in range(3)]
        returned = client.post(RETURN, fields)
        answers += [post_callback(client, fields).content for _ in range(2)]

    assert answers == [b"1|OK"] * 5
    assert returned.status_code == 302
    assert returned["Location"] == reverse("payments:order", args=[order.batch_number])
    assert outcomes() == [Outcome.APPLIED] + [Outcome.DUPLICATE] * 5
    payment = Payment.objects.get()
    assert payment.order == order
    assert payment.amount == 9400
    assert payment.attempt == attempt
    assert payment.transaction_id == fields["TransactionId"]
    assert payment.message == GatewayMessage.objects.order_by("pk").first()
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.method == "card"
    assert order.gateway == "simulated"
    assert not order.needs_attention
    assert Delivery.objects.get(issued__key=receipt_key(order)).sent_at is not None
    for case in due_cases:
        case.refresh_from_db()
        assert case.state == "card_production"
        assert paid_events(case).count() == 1
    assert set(order.lines.values_list("open", flat=True)) == {None}
    assert all(order.lines.values_list("applied_at", flat=True))
    # One receipt, one e-mail to the payer with the PDF; the payer gets no per-case notice.
    receipt = IssuedPdf.objects.get()
    assert receipt.owner == payer
    assert receipt.reference == order.batch_number
    [message] = mailoutbox
    assert message.to == [payer.email]
    assert order.batch_number in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    assert filename.endswith(".pdf")
    assert content.startswith(b"%PDF-")
    assert not Notice.objects.filter(recipient=payer, event="paid").exists()


def test_the_payers_return_alone_settles_the_order_and_the_callback_then_is_a_duplicate(
    client, payer, order, attempt, due_cases
):
    fields = simulated_message(attempt)
    client.force_login(payer)

    page = client.post(RETURN, fields, follow=True)

    assert page.redirect_chain[-1][0] == reverse("payments:order", args=[order.batch_number])
    assert "your payment has been received" in page.content.decode()
    assert post_callback(client, fields).content == b"1|OK"
    assert outcomes() == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert Payment.objects.count() == 1
    for case in due_cases:
        assert paid_events(case).count() == 1


def test_duplicates_through_receive_directly_are_recorded_once(order, attempt, due_cases):
    gateway = get_gateway("simulated")
    fields = simulated_message(attempt)

    results = [services.receive(gateway, fields, source="callback") for _ in range(5)]

    assert [r.message.outcome for r in results] == [Outcome.APPLIED] + [Outcome.DUPLICATE] * 4
    assert all(r.order == order for r in results)
    assert Payment.objects.count() == 1
    for case in due_cases:
        assert paid_events(case).count() == 1


# --- replayed messages ----------------------------------------------------------------------


def test_an_old_signed_callback_replayed_after_the_cases_moved_on_changes_nothing(
    client, payer, order, attempt, due_cases, django_capture_on_commit_callbacks, mailoutbox
):
    fields = simulated_message(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, fields)
    order.refresh_from_db()
    paid_at = order.paid_at
    reviewer = UserFactory(reviewer=True, agency="NIA")
    # The card is produced: the first case moves on once more.
    due_cases[0].refresh_from_db()
    perform_action(due_cases[0], due_cases[0].assigned_reviewer or reviewer, "card_ready")
    mailoutbox.clear()
    events_before = CaseEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        later = post_callback(client, fields)
        again = client.post(RETURN, fields)

    assert later.content == b"1|OK"
    assert again.status_code == 302
    assert outcomes()[-2:] == [Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert Payment.objects.count() == 1
    assert CaseEvent.objects.count() == events_before
    assert IssuedPdf.objects.count() == 1
    assert mailoutbox == []
    assert callbacks == []
    order.refresh_from_db()
    assert order.paid_at == paid_at
    assert not order.needs_attention
    states = [type(c).objects.get(pk=c.pk).state for c in due_cases]
    assert states == ["ready", "card_production"]


def test_a_signed_callback_of_one_order_cannot_pay_another(client, payer, order, attempt):
    other_case = SampleCaseFactory(owner=payer, payment_due=True, term_years=3)
    other = services.build_order(payer, [other_case])
    other_attempt = start_attempt(other)
    genuine = simulated_message(attempt)

    # The reference is signed: pointing the message at the other order breaks the signature.
    redirected = {**genuine, "Reference": other_attempt.reference, "Amount": "5700"}
    assert post_callback(client, redirected).content == b"0|Error"
    # Sent as it is, it pays its own order only.
    assert post_callback(client, genuine).content == b"1|OK"

    assert outcomes() == [Outcome.BAD_SIGNATURE, Outcome.APPLIED]
    other.refresh_from_db()
    other_case.refresh_from_db()
    assert other.state == OrderState.UNPAID
    assert other_case.state == "payment_due"
    assert list(Payment.objects.values_list("order", flat=True)) == [order.pk]


def test_a_transaction_already_recorded_cannot_pay_another_order(client, payer, order, attempt):
    other_case = SampleCaseFactory(owner=payer, payment_due=True, term_years=3)
    other = services.build_order(payer, [other_case])
    other_attempt = start_attempt(other)
    fields = simulated_message(attempt)
    post_callback(client, fields)

    # Even signed, the same gateway transaction reported for the other order pays nothing.
    reused = simulated_message(
        other_attempt, TransactionId=fields["TransactionId"], Amount=str(other.total)
    )
    post_callback(client, reused)

    other.refresh_from_db()
    assert other.state == OrderState.UNPAID
    assert Payment.objects.count() == 1
    other_case.refresh_from_db()
    assert other_case.state == "payment_due"


# --- late payments --------------------------------------------------------------------------


def test_a_payment_after_a_case_was_withdrawn_is_recorded_and_flagged(
    client,
    admin_client,
    payer,
    order,
    attempt,
    due_cases,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    withdrawn, other = due_cases
    perform_action(withdrawn, withdrawn.owner, "withdraw")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_callback(client, simulated_message(attempt))

    assert response.content == b"1|OK"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.LATE
    assert message.is_flagged
    assert Payment.objects.get().amount == 9400
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.needs_attention
    assert withdrawn.number in order.attention_note
    assert other.number not in order.attention_note
    lines = {line.case_id: line for line in order.lines.all()}
    assert lines[withdrawn.pk].not_applied_reason
    assert lines[withdrawn.pk].applied_at is None
    assert lines[other.pk].not_applied_reason == ""
    assert lines[other.pk].applied_at is not None
    assert set(order.lines.values_list("open", flat=True)) == {None}
    withdrawn.refresh_from_db()
    other.refresh_from_db()
    assert withdrawn.state == "withdrawn"
    assert not paid_events(withdrawn).exists()
    assert other.state == "card_production"
    assert paid_events(other).count() == 1
    # The money is on the receipt all the same: the payer paid it.
    assert IssuedPdf.objects.count() == 1
    assert [m.to for m in mailoutbox if m.attachments] == [[payer.email]]

    page = admin_client.get(reverse("payment_reconciliation"))

    assert page.status_code == 200
    html = page.content.decode()
    assert order.batch_number in html
    assert withdrawn.number in html
    assert order in page.context["attention_orders"]
    assert message in page.context["flagged_messages"]


def test_a_payment_after_the_payer_cancelled_is_recorded_and_flagged(
    client, payer, order, attempt, due_cases
):
    services.cancel_order(order, payer)

    response = post_callback(client, simulated_message(attempt))

    assert response.content == b"1|OK"
    assert outcomes() == [Outcome.LATE]
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.needs_attention
    assert order.attention_note in translated("Paid after the payer cancelled the order.")
    assert order.cancelled_at is not None
    for case in due_cases:
        case.refresh_from_db()
        assert case.state == "card_production"
        assert paid_events(case).count() == 1


def test_a_late_payment_of_a_cancelled_order_closes_the_newer_order_of_the_same_cases(
    client, payer, order, attempt, due_cases
):
    services.cancel_order(order, payer)
    newer = services.build_order(payer, due_cases)

    post_callback(client, simulated_message(attempt))

    newer.refresh_from_db()
    assert all(
        case.__class__.objects.get(pk=case.pk).state == "card_production" for case in due_cases
    )
    still_payable = newer.is_unpaid and newer.lines.filter(open=True).exists()
    if still_payable:
        with pytest.raises(services.OrderError):
            services.start_payment(newer, "card")


def test_a_second_transaction_for_a_paid_order_is_recorded_and_flagged(
    client, order, attempt, due_cases, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, simulated_message(attempt, TransactionId="SIMTXFIRST"))
        response = post_callback(client, simulated_message(attempt, TransactionId="SIMTXSECOND"))

    assert response.content == b"1|OK"
    assert outcomes() == [Outcome.APPLIED, Outcome.DOUBLE_PAYMENT]
    assert sorted(Payment.objects.values_list("transaction_id", flat=True)) == [
        "SIMTXFIRST",
        "SIMTXSECOND",
    ]
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.needs_attention
    assert "SIMTXSECOND" in order.attention_note
    for case in due_cases:
        assert paid_events(case).count() == 1
    assert IssuedPdf.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_store_code_paid_after_the_card_is_a_double_payment(client, order, due_cases):
    store = start_attempt(order, "store")
    expires = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    post_callback(
        client,
        simulated_message(
            store, Status="code_issued", StoreCode="SIM00000000001", StoreCodeExpiresAt=expires
        ),
    )
    card = start_attempt(order, "card")
    post_callback(client, simulated_message(card))

    post_callback(client, simulated_message(store, StoreCodeExpiresAt=expires))

    assert outcomes() == [Outcome.CODE_ISSUED, Outcome.APPLIED, Outcome.DOUBLE_PAYMENT]
    order.refresh_from_db()
    assert order.method == "card"
    assert order.needs_attention
    assert Payment.objects.count() == 2
    for case in due_cases:
        assert paid_events(case).count() == 1


# --- convenience-store codes ----------------------------------------------------------------


def test_a_store_code_is_kept_on_the_attempt_then_its_payment_settles_the_order(
    client, payer, order, due_cases
):
    attempt = start_attempt(order, "store")
    expires = timezone.now() + datetime.timedelta(days=3)
    issued = simulated_message(
        attempt,
        Status="code_issued",
        StoreCode="SIM98765432101",
        StoreCodeExpiresAt=expires.isoformat(),
        PaidAt=None,
        Method="store",
    )

    assert post_callback(client, issued).content == b"1|OK"

    attempt.refresh_from_db()
    assert attempt.store_code == "SIM98765432101"
    assert attempt.store_code_expires_at == expires
    assert_nothing_paid(order, due_cases)
    client.force_login(payer)
    page = client.get(reverse("payments:order", args=[order.batch_number]))
    assert "SIM98765432101" in page.content.decode()

    paid = simulated_message(attempt, Method="store")
    assert post_callback(client, paid).content == b"1|OK"

    assert outcomes() == [Outcome.CODE_ISSUED, Outcome.APPLIED]
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.method == "store"
    for case in due_cases:
        case.refresh_from_db()
        assert case.state == "card_production"
    page = client.get(reverse("payments:order", args=[order.batch_number]))
    assert "SIM98765432101" not in page.content.decode()


def test_the_simulated_gateway_issues_a_store_code_for_the_merchant_form(
    client, order, due_cases, no_gateway_server, django_capture_on_commit_callbacks
):
    form = services.start_payment(order, "store")
    assert form.url == no_gateway_server + reverse("simgateway:pay")

    with django_capture_on_commit_callbacks(execute=True) as deliveries:
        response = client.post(reverse("simgateway:pay"), form.fields)

    charge = SimulatedCharge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("simgateway:charge", args=[charge.token])
    assert charge.status == SimulatedCharge.Status.CODE_ISSUED
    assert charge.store_code.startswith("SIM") and len(charge.store_code) == 14
    assert charge.store_code_expires_at > timezone.now()
    attempt = PaymentAttempt.objects.get()
    assert charge.reference == attempt.reference
    assert charge.amount == order.total
    # No server answers SITE_URL here: the gateway's callbacks could not be delivered...
    assert len(deliveries) == 2
    charge.refresh_from_db()
    assert charge.callbacks_sent == 0
    assert charge.last_delivery_error
    assert not GatewayMessage.objects.exists()
    page = client.get(response["Location"])
    assert charge.store_code in page.content.decode()

    # ...so deliver them by hand, as the gateway would have.
    assert post_callback(client, result_fields(charge)).content == b"1|OK"
    attempt.refresh_from_db()
    assert attempt.store_code == charge.store_code
    order.refresh_from_db()
    assert order.is_unpaid

    call_command("simulate_store_payment", charge.store_code, stdout=io.StringIO())

    charge.refresh_from_db()
    assert charge.status == SimulatedCharge.Status.PAID
    assert post_callback(client, result_fields(charge)).content == b"1|OK"
    assert outcomes() == [Outcome.CODE_ISSUED, Outcome.APPLIED]
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.method == "store"
    for case in due_cases:
        case.refresh_from_db()
        assert case.state == "card_production"


def test_a_tampered_merchant_form_is_refused_by_the_simulated_gateway(client, order):
    form = services.start_payment(order, "card")

    response = client.post(reverse("simgateway:pay"), {**form.fields, "Amount": "1"})

    assert response.status_code == 400
    assert not SimulatedCharge.objects.exists()


def test_simulate_store_payment_with_an_unknown_code_fails(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("simulate_store_payment", "SIM00000000000")


def test_a_card_paid_on_the_simulated_page_comes_back_signed_and_settles_the_order(
    client, payer, order, due_cases
):
    form = services.start_payment(order, "card")
    charge_url = client.post(reverse("simgateway:pay"), form.fields)["Location"]

    result = client.post(
        charge_url,
        {"card_number": "4111 1111 1111 1111", "expiry": "08/29", "security_code": "123"},
    )

    charge = SimulatedCharge.objects.get()
    assert charge.status == SimulatedCharge.Status.PAID
    fields = result.context["fields"]
    assert result.context["url"].endswith(RETURN)
    client.force_login(payer)
    back = client.post(RETURN, fields)
    assert back["Location"] == reverse("payments:order", args=[order.batch_number])
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert outcomes() == [Outcome.APPLIED]


def test_a_declined_card_on_the_simulated_page_leaves_the_order_unpaid(client, order, due_cases):
    form = services.start_payment(order, "card")
    charge_url = client.post(reverse("simgateway:pay"), form.fields)["Location"]

    result = client.post(
        charge_url,
        {"card_number": "4000 0000 0000 0002", "expiry": "08/29", "security_code": "123"},
    )
    client.post(RETURN, result.context["fields"])

    assert outcomes() == [Outcome.NOT_PAID]
    assert_nothing_paid(order, due_cases)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fee_schedule")
def test_store_payment_through_the_simulated_gateway_over_http(
    live_server, settings, client, mailoutbox
):
    """The whole store journey with the gateway's real HTTP callbacks (two copies each)."""
    settings.SITE_URL = live_server.url
    payer = UserFactory(email="store-payer@example.com", language="en")
    cases = [SampleCaseFactory(owner=payer, payment_due=True, term_years=t) for t in (1, 2)]
    order = services.build_order(payer, cases)
    form = services.start_payment(order, "store")

    client.post(reverse("simgateway:pay"), form.fields)

    charge = SimulatedCharge.objects.get()
    assert charge.callbacks_sent == settings.PAYMENT_SIMULATED_CALLBACK_COPIES == 2
    assert charge.last_delivery_error == ""
    attempt = PaymentAttempt.objects.get()
    assert attempt.store_code == charge.store_code
    assert PaymentOrder.objects.get().is_unpaid

    call_command("simulate_store_payment", charge.store_code, stdout=io.StringIO())

    charge.refresh_from_db()
    assert charge.callbacks_sent == 4
    # Each second copy is answered from the record of the first.
    assert outcomes() == [
        Outcome.CODE_ISSUED,
        Outcome.DUPLICATE,
        Outcome.APPLIED,
        Outcome.DUPLICATE,
    ]
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert Payment.objects.count() == 1
    for case in cases:
        case.refresh_from_db()
        assert case.state == "card_production"
        assert paid_events(case).count() == 1
    assert IssuedPdf.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[payer.email]]


# --- ECPay under the same rules ----------------------------------------------------------

ECPAY = {
    "CLASS": "payments.gateways.ecpay.EcpayGateway",
    "MERCHANT_ID": "3002607",
    "HASH_KEY": "pwFHCqoQZGmho4w6",
    "HASH_IV": "EkRm7iFT261dpevs",
    "SERVICE_URL": "https://payment-stage.ecpay.com.tw/Cashier/AioCheckOut/V5",
}
ECPAY_CALLBACK = reverse("payments:callback", args=["ecpay"])


@pytest.fixture
def ecpay(settings):
    with override_settings(
        PAYMENT_GATEWAY="ecpay",
        PAYMENT_GATEWAYS={**settings.PAYMENT_GATEWAYS, "ecpay": ECPAY},
    ):
        yield


def ecpay_result(attempt, *, key=ECPAY["HASH_KEY"], iv=ECPAY["HASH_IV"], **overrides):
    fields = {
        "MerchantID": "3002607",
        "MerchantTradeNo": attempt.reference,
        "StoreID": "",
        "RtnCode": "1",
        "RtnMsg": "交易成功",
        "TradeNo": "2311211015301234",
        "TradeAmt": str(attempt.amount),
        "PaymentDate": "2026/11/21 10:15:30",
        "PaymentType": "Credit_CreditCard",
        "PaymentTypeChargeFee": "188",
        "TradeDate": "2026/11/21 10:14:02",
        "SimulatePaid": "0",
        "CustomField1": "",
        "CustomField2": "",
        "CustomField3": "",
        "CustomField4": "",
    }
    fields.update(overrides)
    fields["CheckMacValue"] = check_mac_value(fields, key, iv)
    return fields


def test_ecpay_start_payment_signs_a_form_for_the_attempt(ecpay, order):
    form = services.start_payment(order, "card")

    attempt = PaymentAttempt.objects.get()
    assert attempt.gateway == "ecpay"
    assert form.url == ECPAY["SERVICE_URL"]
    fields = dict(form.fields)
    assert fields["MerchantTradeNo"] == attempt.reference
    assert fields["TotalAmount"] == str(order.total)
    assert fields["ReturnURL"].endswith(ECPAY_CALLBACK)
    assert fields["ChoosePayment"] == "Credit"
    mac = fields.pop("CheckMacValue")
    assert mac == check_mac_value(fields, ECPAY["HASH_KEY"], ECPAY["HASH_IV"])


def test_an_ecpay_paid_callback_settles_the_order(
    ecpay, client, order, due_cases, django_capture_on_commit_callbacks, mailoutbox
):
    services.start_payment(order, "card")
    attempt = PaymentAttempt.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ECPAY_CALLBACK, ecpay_result(attempt))
        again = client.post(ECPAY_CALLBACK, ecpay_result(attempt))

    assert response.content == b"1|OK"
    assert again.content == b"1|OK"
    assert outcomes() == [Outcome.APPLIED, Outcome.DUPLICATE]
    payment = Payment.objects.get()
    assert (payment.gateway, payment.transaction_id, payment.amount) == (
        "ecpay",
        "2311211015301234",
        9400,
    )
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.gateway == "ecpay"
    assert order.method == "card"
    assert order.paid_at == datetime.datetime(2026, 11, 21, 10, 15, 30, tzinfo=TAIPEI)
    for case in due_cases:
        case.refresh_from_db()
        assert case.state == "card_production"
    assert len(mailoutbox) == 1


def test_an_ecpay_simulated_payment_is_refused_in_production(ecpay, client, order, due_cases):
    services.start_payment(order, "card")
    attempt = PaymentAttempt.objects.get()

    with override_settings(PAYMENTS_ACCEPT_SIMULATED=False):
        response = client.post(ECPAY_CALLBACK, ecpay_result(attempt, SimulatePaid="1"))

    assert response.content == b"0|Error"
    assert outcomes() == [Outcome.SIMULATED_REFUSED]
    assert_nothing_paid(order, due_cases)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda a: {**ecpay_result(a), "CheckMacValue": "0" * 64}, id="wrong-mac"),
        pytest.param(lambda a: {**ecpay_result(a), "TradeAmt": "1"}, id="amount-after-signing"),
        pytest.param(lambda a: ecpay_result(a, key="5294y06JbISpM5x9"), id="another-key"),
        pytest.param(
            lambda a: {k: v for k, v in ecpay_result(a).items() if k != "CheckMacValue"},
            id="no-mac",
        ),
    ],
)
def test_a_forged_ecpay_callback_is_refused(ecpay, client, order, due_cases, forge):
    services.start_payment(order, "card")
    fields = forge(PaymentAttempt.objects.get())

    response = client.post(ECPAY_CALLBACK, fields)

    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.BAD_SIGNATURE
    assert message.fields == fields
    assert_nothing_paid(order, due_cases)


def test_an_ecpay_wrong_amount_is_refused(ecpay, client, order, due_cases):
    services.start_payment(order, "card")
    attempt = PaymentAttempt.objects.get()

    response = client.post(ECPAY_CALLBACK, ecpay_result(attempt, TradeAmt="9300"))

    assert response.content == b"0|Error"
    assert outcomes() == [Outcome.WRONG_AMOUNT]
    assert_nothing_paid(order, due_cases)


def test_an_ecpay_store_code_then_payment(ecpay, client, order, due_cases):
    services.start_payment(order, "store")
    attempt = PaymentAttempt.objects.get()
    code = ecpay_result(
        attempt,
        RtnCode="10100073",
        RtnMsg="Get CVS Code Succeeded.",
        PaymentType="CVS_CVS",
        PaymentDate="",
        PaymentNo="LLL22251222",
        ExpireDate="2026/11/24 23:59:59",
    )

    assert client.post(ECPAY_CALLBACK, code).content == b"1|OK"
    attempt.refresh_from_db()
    assert attempt.store_code == "LLL22251222"
    assert attempt.store_code_expires_at == datetime.datetime(
        2026, 11, 24, 23, 59, 59, tzinfo=TAIPEI
    )
    assert_nothing_paid(order, due_cases)

    paid = ecpay_result(attempt, PaymentType="CVS_CVS")
    assert client.post(ECPAY_CALLBACK, paid).content == b"1|OK"
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert order.method == "store"


def test_a_simulated_gateway_message_for_an_ecpay_attempt_is_unknown(ecpay, client, order):
    services.start_payment(order, "card")
    attempt = PaymentAttempt.objects.get()

    post_callback(client, simulated_message(attempt))

    assert outcomes() == [Outcome.UNKNOWN_ORDER]
    order.refresh_from_db()
    assert order.is_unpaid


# --- every message is stored raw, before anything else ------------------------------------


def test_the_raw_fields_are_stored_exactly_as_received(client, attempt):
    fields = {
        **simulated_message(attempt),
        "Signature": "forged",
        "Extra": "<script>alert(1)</script>",
        "名前": "陳大文 &amp; 🙂",
        "Empty": "",
    }

    post_callback(client, fields)

    assert GatewayMessage.objects.get().fields == fields


def test_a_message_is_stored_before_it_is_processed(order, attempt, monkeypatch):
    def explode(self, fields):
        raise RuntimeError("the gateway adapter crashed")

    monkeypatch.setattr(SimulatedGateway, "parse", explode)
    fields = simulated_message(attempt)

    with pytest.raises(RuntimeError):
        services.receive(
            get_gateway("simulated"), fields, source="callback", remote_addr="10.0.0.7"
        )

    message = GatewayMessage.objects.get()
    assert message.fields == fields
    assert message.outcome == Outcome.PENDING
    assert message.remote_addr == "10.0.0.7"
    assert message.processed_at is None
    order.refresh_from_db()
    assert order.is_unpaid


# --- the per-case "paid" notice -----------------------------------------------------------


@pytest.mark.parametrize("payer_is", ["owner", "filer"])
def test_the_per_case_paid_notice_skips_the_payer_but_reaches_the_other_person(
    client, payer_is, django_capture_on_commit_callbacks, mailoutbox
):
    owner = UserFactory(email="owner@example.com", language="en")
    filer = UserFactory(email="filer@example.com", language="en")
    case = SampleCaseFactory(owner=owner, filer=filer, payment_due=True)
    payer, other = (owner, filer) if payer_is == "owner" else (filer, owner)
    order = services.build_order(payer, [case])
    attempt = start_attempt(order)

    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, simulated_message(attempt))

    notices = Notice.objects.filter(event="paid")
    assert [n.recipient for n in notices] == [other]
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    assert set(by_recipient) == {(payer.email,), (other.email,)}
    order_mail = by_recipient[(payer.email,)]
    assert order.batch_number in order_mail.subject
    assert order_mail.attachments[0][2] == "application/pdf"
    case_mail = by_recipient[(other.email,)]
    assert case.number in case_mail.subject
    assert not case_mail.attachments


# --- concurrency (PostgreSQL) -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fee_schedule")
def test_the_same_callback_arriving_five_times_at_once_pays_once(monkeypatch):
    payer = UserFactory(email="racer@example.com")
    cases = [SampleCaseFactory(owner=payer, payment_due=True, term_years=t) for t in (1, 3)]
    order = services.build_order(payer, cases)
    attempt = start_attempt(order)
    fields = simulated_message(attempt)
    # The receipt is not what this race is about.
    monkeypatch.setattr(services, "_enqueue", lambda task, *args: None)
    barrier = threading.Barrier(5, timeout=30)
    results = [None] * 5

    def worker(index):
        try:
            barrier.wait()
            results[index] = services.receive(get_gateway("simulated"), fields, source="callback")
        except Exception as error:  # reported below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.message.outcome for r in results) == sorted(
        [Outcome.APPLIED] + [Outcome.DUPLICATE] * 4
    )
    assert Payment.objects.count() == 1
    for case in cases:
        case.refresh_from_db()
        assert case.state == "card_production"
        assert paid_events(case).count() == 1
