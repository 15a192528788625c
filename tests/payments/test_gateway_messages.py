"""Gateway messages beyond their meaning (test_callbacks.py): a copy of a message already
recorded is answered from the record, without reading it, locking the order or redoing
anything; every message is kept byte for byte, NUL characters included, and one carrying a
NUL is refused; a gateway without its keys answers no message at all."""

import logging
from urllib.parse import parse_qsl, urlencode

import pytest
from django.core.checks import Error
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payments import services
from payments.checks import check_payment_gateway
from payments.gateways import GatewayNotConfigured, get_gateway
from payments.gateways.simulated import SimulatedGateway, signed
from payments.models import GatewayMessage, OrderState, Outcome, Payment
from portal.cases.models import CaseEvent
from tests.payments.conftest import post_callback, simulated_message, start_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media", "no_gateway_server")]

CALLBACK = reverse("payments:callback", args=["simulated"])
RETURN = reverse("payments:return", args=["simulated"])
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def order(payer, due_cases):
    return services.build_order(payer, due_cases)


@pytest.fixture
def attempt(order):
    return start_attempt(order, "card")


def paid_events(case):
    return CaseEvent.objects.for_case(case).filter(action="confirm_payment")


def assert_nothing_paid(order, cases):
    order.refresh_from_db()
    assert order.state == OrderState.UNPAID
    assert not Payment.objects.exists()
    for case in cases:
        case.refresh_from_db()
        assert case.state == "payment_due"
        assert not paid_events(case).exists()


def unreadable(self, fields):
    raise AssertionError("a copy of a recorded message must not be read again")


# --- copies of a message already recorded ---------------------------------------------------


def test_a_copy_of_an_accepted_callback_is_answered_from_the_record(
    client, order, attempt, due_cases, monkeypatch, django_capture_on_commit_callbacks
):
    fields = simulated_message(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_callback(client, fields)
    first_message = GatewayMessage.objects.get()
    monkeypatch.setattr(SimulatedGateway, "parse", unreadable)

    with CaptureQueriesContext(connection) as queries:
        second = post_callback(client, fields)

    assert first.content == second.content == b"1|OK"
    # One read of the record, one insert of the copy: no lock, no update, no payment work.
    assert len(queries) <= 2, [q["sql"] for q in queries]
    statements = " ".join(q["sql"] for q in queries).upper()
    assert "FOR UPDATE" not in statements
    assert "UPDATE " not in statements
    copy = GatewayMessage.objects.order_by("pk").last()
    assert copy.pk != first_message.pk
    assert copy.outcome == Outcome.DUPLICATE
    assert copy.order == order
    assert copy.reference == attempt.reference
    assert copy.fields == fields
    assert copy.digest == first_message.digest
    assert str(first_message.pk) in copy.detail
    assert copy.processed_at is not None
    assert Payment.objects.count() == 1
    for case in due_cases:
        assert paid_events(case).count() == 1


def test_the_copy_path_stays_within_two_queries(
    client, order, attempt, django_assert_max_num_queries
):
    fields = simulated_message(attempt)
    post_callback(client, fields)

    for _ in range(3):
        with django_assert_max_num_queries(2):
            assert post_callback(client, fields).content == b"1|OK"

    assert list(GatewayMessage.objects.order_by("pk").values_list("outcome", flat=True)) == [
        Outcome.APPLIED,
        *[Outcome.DUPLICATE] * 3,
    ]


def test_a_copy_is_recognised_whatever_the_order_of_its_fields_and_the_way_it_came(
    client, order, attempt, monkeypatch
):
    fields = simulated_message(attempt)
    post_callback(client, fields)
    monkeypatch.setattr(SimulatedGateway, "parse", unreadable)

    reordered = dict(reversed(list(fields.items())))
    assert post_callback(client, reordered).content == b"1|OK"
    returned = client.get(RETURN, fields)

    assert returned.status_code == 302
    assert returned["Location"] == reverse("payments:order", args=[order.batch_number])
    copies = GatewayMessage.objects.filter(outcome=Outcome.DUPLICATE).order_by("pk")
    assert [m.source for m in copies] == ["callback", "return"]


def test_a_copy_of_a_store_code_message_still_shows_the_code_to_the_returning_payer(
    client, payer, order
):
    store = start_attempt(order, "store")
    fields = simulated_message(
        store,
        Status="code_issued",
        StoreCode="SIM12345678901",
        StoreCodeExpiresAt="2026-12-31T23:59:00+08:00",
        PaidAt=None,
    )
    assert post_callback(client, fields).content == b"1|OK"
    client.force_login(payer)

    page = client.post(RETURN, fields, follow=True)

    assert page.redirect_chain[-1][0] == reverse("payments:order", args=[order.batch_number])
    assert "Your convenience-store payment code is below" in page.content.decode()
    assert "SIM12345678901" in page.content.decode()
    outcomes = list(GatewayMessage.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [Outcome.CODE_ISSUED, Outcome.DUPLICATE]
    store.refresh_from_db()
    assert store.store_code == "SIM12345678901"


def test_a_copy_of_a_refused_message_is_decided_again(client, settings, order, attempt):
    """A gateway resends what we refused. Signed with a key the portal did not have yet (a
    key changed on one side first), the message is refused; once the key is corrected, the
    gateway's next copy is read and pays."""
    fields = signed(
        {k: v for k, v in simulated_message(attempt).items() if k != "Signature"}, "the-new-key"
    )
    assert post_callback(client, fields).content == b"0|Error"

    settings.PAYMENT_GATEWAYS = {
        **settings.PAYMENT_GATEWAYS,
        "simulated": {**settings.PAYMENT_GATEWAYS["simulated"], "SECRET": "the-new-key"},
    }
    assert post_callback(client, fields).content == b"1|OK"

    outcomes = list(GatewayMessage.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [Outcome.BAD_SIGNATURE, Outcome.APPLIED]
    order.refresh_from_db()
    assert order.is_paid


def test_every_message_is_kept_byte_for_byte(client, attempt):
    fields = simulated_message(attempt)
    # A repeated field: the dict keeps one value, the body keeps both.
    body = (urlencode(fields) + "&Extra=one&Extra=two&%E5%90%8D=%E9%99%B3").encode()

    client.post(CALLBACK, body, content_type=FORM)
    client.post(CALLBACK, body, content_type=FORM)

    first, copy = GatewayMessage.objects.order_by("pk")
    assert bytes(first.body) == bytes(copy.body) == body
    assert first.fields == {**fields, "Extra": "two", "名": "陳"}
    # Fields the gateway did not sign: refused, and so the copy is decided again.
    assert [first.outcome, copy.outcome] == [Outcome.BAD_SIGNATURE] * 2


def test_a_message_received_directly_is_kept_form_encoded(order, attempt):
    fields = simulated_message(attempt)

    received = services.receive(get_gateway("simulated"), fields, source="callback")

    assert dict(parse_qsl(bytes(received.message.body).decode(), keep_blank_values=True)) == fields


# --- NUL characters ---------------------------------------------------------------------------


def test_a_signed_callback_with_a_nul_character_is_stored_and_refused(
    client, order, attempt, due_cases, caplog
):
    # Correctly signed: only the NUL is wrong.
    fields = simulated_message(attempt, Reference=attempt.reference + "\x00")
    caplog.set_level(logging.DEBUG)

    response = client.post(CALLBACK, urlencode(fields), content_type=FORM)

    assert response.status_code == 200
    assert response.content == b"0|Error"
    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.MALFORMED
    assert message.is_flagged
    assert "NUL" in message.detail and "Reference" in message.detail
    assert message.fields["Reference"] == attempt.reference + "\ufffd"
    assert b"%00" in bytes(message.body)
    # The body is the faithful copy: it gives back exactly the fields that were sent.
    assert dict(parse_qsl(bytes(message.body).decode(), keep_blank_values=True)) == fields
    assert message.order is None
    assert message.processed_at is not None
    assert_nothing_paid(order, due_cases)
    assert not [r for r in caplog.records if "\x00" in r.getMessage()]


def test_a_nul_character_in_a_field_name_is_refused_too(client, order, attempt, due_cases):
    fields = {**simulated_message(attempt), "Note\x00": "x"}

    assert post_callback(client, fields).content == b"0|Error"

    message = GatewayMessage.objects.get()
    assert message.outcome == Outcome.MALFORMED
    assert message.fields["Note\ufffd"] == "x"
    assert_nothing_paid(order, due_cases)


def test_the_payers_return_with_a_nul_byte_is_stored_and_sends_the_payer_to_the_list(
    client, payer, order, attempt, due_cases
):
    client.force_login(payer)
    query = urlencode(simulated_message(attempt, Reference=attempt.reference + "\x00"))

    page = client.get(f"{RETURN}?{query}", follow=True)

    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse("payments:list")
    assert "We could not confirm this payment" in page.content.decode()
    message = GatewayMessage.objects.get()
    assert message.source == GatewayMessage.Source.RETURN
    assert message.outcome == Outcome.MALFORMED
    assert bytes(message.body) == query.encode()
    assert_nothing_paid(order, due_cases)


def test_a_nul_byte_in_an_order_url_is_a_bad_request(client, payer, order):
    client.force_login(payer)

    assert client.get("/payments/orders/%00/").status_code == 400
    assert client.post("/payments/orders/P%00/pay/", {"method": "card"}).status_code == 400
    assert client.get("/payments/", {"x": "\x00"}).status_code == 400
    order.refresh_from_db()
    assert order.is_unpaid
    assert not order.attempts.exists()


def test_a_nul_byte_on_the_simulated_gateways_pages_is_a_bad_request(client, order):
    from payments.models import SimulatedCharge

    redirect = services.start_payment(order, "card")  # the form the payer's browser posts
    tampered = {**redirect.fields, "Reference": redirect.fields["Reference"] + "\x00"}

    assert client.post(reverse("simgateway:pay"), tampered).status_code == 400
    assert client.get("/sim-gateway/charge/%00/").status_code == 400
    assert client.post("/sim-gateway/charge/%00/back/").status_code == 400
    assert not SimulatedCharge.objects.exists()


# --- a gateway without its keys ---------------------------------------------------------------


@pytest.fixture
def ecpay_without_keys(settings):
    settings.PAYMENT_GATEWAYS = {
        **settings.PAYMENT_GATEWAYS,
        "ecpay": {
            "CLASS": "payments.gateways.ecpay.EcpayGateway",
            "MERCHANT_ID": "",
            "HASH_KEY": "",
            "HASH_IV": "",
            "SERVICE_URL": "https://payment-stage.ecpay.com.tw/Cashier/AioCheckOut/V5",
        },
    }


@pytest.mark.usefixtures("ecpay_without_keys")
def test_a_gateway_without_keys_answers_no_message(client):
    fields = {"MerchantID": "", "MerchantTradeNo": "P1", "RtnCode": "1", "CheckMacValue": "X"}

    callback = client.post(reverse("payments:callback", args=["ecpay"]), fields)
    posted_back = client.post(reverse("payments:return", args=["ecpay"]), fields)
    came_back = client.get(reverse("payments:return", args=["ecpay"]), fields)

    assert [callback.status_code, posted_back.status_code, came_back.status_code] == [404] * 3
    assert not GatewayMessage.objects.exists()


@pytest.mark.usefixtures("ecpay_without_keys")
def test_a_gateway_without_keys_is_not_configured():
    with pytest.raises(GatewayNotConfigured):
        get_gateway("ecpay")
    assert issubclass(GatewayNotConfigured, LookupError)


@pytest.mark.usefixtures("ecpay_without_keys")
def test_the_system_check_refuses_a_gateway_in_use_without_keys(settings):
    settings.PAYMENT_GATEWAY = "ecpay"

    [error] = check_payment_gateway(None)

    assert isinstance(error, Error)
    assert error.id == "payments.E001"
    assert "ecpay" in error.msg


def test_the_system_check_accepts_the_configured_gateway(settings):
    assert check_payment_gateway(None) == []
    settings.PAYMENT_GATEWAY = "newebpay"
    [error] = check_payment_gateway(None)
    assert error.id == "payments.E001"


def test_once_decided_a_copy_costs_one_insert_and_no_read(
    client, order, attempt, django_capture_on_commit_callbacks
):
    """The first message's decision is remembered (it never changes): its copies in a burst
    are answered without reading the database, each recorded by one insert."""
    fields = simulated_message(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, fields)

    with CaptureQueriesContext(connection) as queries:
        answer = post_callback(client, fields)

    assert answer.content == b"1|OK"
    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]
    copy = GatewayMessage.objects.order_by("pk").last()
    assert copy.outcome == Outcome.DUPLICATE and copy.order == order
