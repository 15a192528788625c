"""Payments in the Django admin: orders, payments and gateway messages are read-only (money
changes only through the gateways), the fee schedule is editable except the rows that have
priced orders, and the daily reconciliation view adds up what was paid and shows anomalies."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from payments import services
from payments.models import (
    FeeRate,
    GatewayMessage,
    Outcome,
    Payment,
    PaymentAttempt,
    PaymentMethod,
    PaymentOrder,
    Situation,
)
from portal.cases.services import perform_action
from tests.factories import SampleCaseFactory, UserFactory
from tests.payments.conftest import post_callback, simulated_message, start_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media", "no_gateway_server")]

RECONCILIATION = reverse("payment_reconciliation")


def admin_url(model, action, *args):
    return reverse(f"admin:payments_{model._meta.model_name}_{action}", args=args)


def text(response):
    return response.content.decode()


def editable_inputs(html):
    """Names of the form controls a staff member could change on an admin page."""
    names = re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', html)
    hidden = set(re.findall(r'<input type="hidden" name="([^"]+)"', html))
    return {name for name in names if name not in hidden and name != "csrfmiddlewaretoken"}


@pytest.fixture
def paid(client, payer, due_cases, django_capture_on_commit_callbacks):
    """An order paid by card (its receipt work is held back)."""
    order = services.build_order(payer, due_cases)
    with django_capture_on_commit_callbacks(execute=False):
        post_callback(client, simulated_message(start_attempt(order)))
    order.refresh_from_db()
    return order


# --- orders, payments, messages: read-only ---------------------------------------------------


def test_staff_see_orders_in_the_list(admin_client, paid):
    response = admin_client.get(admin_url(PaymentOrder, "changelist"))

    assert response.status_code == 200
    html = text(response)
    assert paid.batch_number in html
    assert "9,400" in html or "9400" in html


def test_the_order_page_has_no_money_field_to_edit(admin_client, paid):
    response = admin_client.get(admin_url(PaymentOrder, "change", paid.pk))

    assert response.status_code == 200
    html = text(response)
    assert paid.batch_number in html
    inputs = editable_inputs(html) - {"_save", "_continue", "_addanother"}
    # Staff may only record that they dealt with a flag: no total, state, payer, line amount
    # or payment amount can be typed in.
    assert inputs == {"needs_attention"}
    # The lines and the payment are shown.
    for line in paid.lines.all():
        assert line.receipt_number in html
    assert paid.payments.get().transaction_id in html


def test_posting_a_changed_total_changes_nothing(admin_client, paid):
    url = admin_url(PaymentOrder, "change", paid.pk)
    form = {
        "total": "1",
        "state": "unpaid",
        "payer_name": "Someone else",
        "needs_attention": "on",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "2",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "payments-TOTAL_FORMS": "1",
        "payments-INITIAL_FORMS": "1",
        "payments-MIN_NUM_FORMS": "0",
        "payments-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(paid.lines.order_by("position")):
        form[f"lines-{index}-id"] = str(line.pk)
        form[f"lines-{index}-order"] = str(paid.pk)
        form[f"lines-{index}-amount"] = "1"
    form["payments-0-id"] = str(paid.payments.get().pk)
    form["payments-0-order"] = str(paid.pk)
    form["payments-0-amount"] = "1"

    admin_client.post(url, form)

    paid.refresh_from_db()
    assert paid.total == 9400
    assert paid.state == "paid"
    assert paid.payer_name == "Chen Da-Wen"
    assert sorted(paid.lines.values_list("amount", flat=True)) == [3700, 5700]
    assert Payment.objects.get().amount == 9400


@pytest.mark.parametrize("model", [PaymentOrder, Payment, GatewayMessage, PaymentAttempt])
def test_staff_cannot_add_orders_payments_or_messages(admin_client, paid, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.post(admin_url(model, "add"), {}).status_code == 403
    changelist = text(admin_client.get(admin_url(model, "changelist")))
    assert admin_url(model, "add") not in changelist


@pytest.mark.parametrize("model", [PaymentOrder, Payment, GatewayMessage, PaymentAttempt])
def test_staff_cannot_delete_orders_payments_or_messages(admin_client, paid, model):
    row = model.objects.first()
    count = model.objects.count()

    assert admin_client.get(admin_url(model, "delete", row.pk)).status_code == 403
    assert admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    admin_client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert model.objects.count() == count


@pytest.mark.parametrize("model", [Payment, GatewayMessage, PaymentAttempt])
def test_payments_messages_and_attempts_have_no_editable_field(admin_client, paid, model):
    row = model.objects.first()

    response = admin_client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200
    assert editable_inputs(text(response)) <= set()


def test_staff_can_mark_a_flagged_order_handled(admin_client, paid):
    PaymentOrder.objects.filter(pk=paid.pk).update(needs_attention=True, attention_note="x")

    admin_client.post(
        admin_url(PaymentOrder, "changelist"),
        {"action": "mark_handled", "_selected_action": [paid.pk]},
    )

    paid.refresh_from_db()
    assert not paid.needs_attention
    assert paid.attention_note == "x"  # the note stays on record
    assert paid.total == 9400


# --- the fee schedule -----------------------------------------------------------------------


def test_staff_can_add_a_fee_rate(admin_client):
    response = admin_client.post(
        admin_url(FeeRate, "add"),
        {
            "service": "employment_permit_review",
            "situation": Situation.HK_MACAO,
            "term_years": "",
            "amount": "80",
            "valid_from": "2027-01-01",
            "valid_to": "",
            "source": "Test notice",
        },
    )

    assert response.status_code == 302
    assert FeeRate.objects.filter(situation=Situation.HK_MACAO, amount=80).exists()


def test_the_admin_refuses_an_overlapping_fee_rate(admin_client):
    count = FeeRate.objects.count()

    response = admin_client.post(
        admin_url(FeeRate, "add"),
        {
            "service": "employment_permit_review",
            "situation": Situation.STANDARD,
            "term_years": "",
            "amount": "150",
            "valid_from": "2027-01-01",
            "valid_to": "",
            "source": "",
        },
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["__all__"]
    assert form.non_field_errors()
    assert FeeRate.objects.count() == count


def test_a_fee_rate_without_a_start_date_is_a_form_error(admin_client):
    count = FeeRate.objects.count()

    response = admin_client.post(
        admin_url(FeeRate, "add"),
        {
            "service": "arc_reissue",
            "situation": Situation.HK_MACAO,
            "term_years": "",
            "amount": "600",
            "valid_from": "",
            "valid_to": "",
            "source": "",
        },
    )

    assert response.status_code == 200
    assert "valid_from" in response.context["adminform"].form.errors
    assert FeeRate.objects.count() == count


def test_reopening_an_ended_rate_that_has_a_successor_is_refused(admin_client, paid):
    rate = paid.lines.get(position=1).fee_rate
    rate.valid_to = datetime.date(2026, 12, 31)
    rate.save()
    FeeRate.objects.create(
        service=rate.service,
        situation=rate.situation,
        term_years=rate.term_years,
        amount=6000,
        valid_from=datetime.date(2027, 1, 1),
    )

    response = admin_client.post(admin_url(FeeRate, "change", rate.pk), {"valid_to": ""})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    rate.refresh_from_db()
    assert rate.valid_to == datetime.date(2026, 12, 31)


def test_an_unused_rate_is_fully_editable(admin_client):
    rate = FeeRate.objects.get(service="goldcard_reissue", situation=Situation.STANDARD)

    response = admin_client.get(admin_url(FeeRate, "change", rate.pk))

    inputs = editable_inputs(text(response))
    assert {"service", "situation", "term_years", "amount", "valid_from", "valid_to"} <= inputs


def test_a_rate_used_by_an_order_is_read_only_except_its_end_date(admin_client, paid):
    rate = paid.lines.get(position=1).fee_rate
    url = admin_url(FeeRate, "change", rate.pk)

    inputs = editable_inputs(text(admin_client.get(url)))

    assert "valid_to" in inputs
    assert not inputs & {
        "service",
        "situation",
        "term_years",
        "amount",
        "per_year",
        "adds_reciprocity_surcharge",
        "valid_from",
        "source",
    }

    response = admin_client.post(
        url,
        {
            "amount": "1",
            "valid_from": "2020-01-01",
            "service": "arc_reissue",
            "valid_to": "2030-12-31",
        },
    )

    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.valid_to == datetime.date(2030, 12, 31)
    assert rate.amount == 5700
    assert rate.valid_from == datetime.date(2025, 1, 1)
    assert rate.service == "goldcard_new"


def test_a_rate_used_by_an_order_cannot_be_deleted(admin_client, paid):
    rate = paid.lines.get(position=1).fee_rate
    unused = FeeRate.objects.get(service="goldcard_data_change")

    assert admin_client.get(admin_url(FeeRate, "delete", rate.pk)).status_code == 403
    assert (
        admin_client.post(admin_url(FeeRate, "delete", rate.pk), {"post": "yes"}).status_code == 403
    )
    assert FeeRate.objects.filter(pk=rate.pk).exists()
    # An unused one can go.
    admin_client.post(admin_url(FeeRate, "delete", unused.pk), {"post": "yes"})
    assert not FeeRate.objects.filter(pk=unused.pk).exists()


# --- the daily reconciliation ---------------------------------------------------------------


def _order_paid_on(client, payer, when, method, *, term_years=3):
    case = SampleCaseFactory(owner=payer, payment_due=True, term_years=term_years)
    order = services.build_order(payer, [case])
    attempt = start_attempt(order, method)
    post_callback(client, simulated_message(attempt, PaidAt=when.isoformat(), Method=method))
    order.refresh_from_db()
    assert order.is_paid
    return order


def test_the_reconciliation_shows_per_day_and_method_totals_and_anomalies(
    client, admin_client, payer, due_cases, django_capture_on_commit_callbacks
):
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    yesterday = today - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=False):
        card_1 = _order_paid_on(client, payer, today, "card", term_years=3)  # 5,700
        card_2 = _order_paid_on(client, payer, today, "card", term_years=1)  # 3,700
        store = _order_paid_on(client, payer, today, "store", term_years=2)  # 4,700
        earlier = _order_paid_on(client, payer, yesterday, "card", term_years=1)  # 3,700
        # A withdrawn case paid late, and a forged message: both anomalies.
        late = services.build_order(payer, due_cases)
        late_attempt = start_attempt(late)  # the payer is at the gateway...
        perform_action(due_cases[0], payer, "withdraw")  # ...when the case is withdrawn
        post_callback(client, simulated_message(late_attempt))
        post_callback(client, {**simulated_message(card_1.attempts.get()), "Signature": "x"})
    late.refresh_from_db()
    assert late.needs_attention

    response = admin_client.get(RECONCILIATION)

    assert response.status_code == 200
    days = {day.date: day for day in response.context["days"]}
    day = days[today.date()]
    methods = {str(label): (count, total) for label, count, total in day.methods}
    assert methods == {
        str(PaymentMethod.CARD.label): (3, 5700 + 3700 + 9400),
        str(PaymentMethod.STORE.label): (1, 4700),
    }
    assert day.orders == 4
    assert day.total == 5700 + 3700 + 4700 + 9400
    assert day.received == day.total
    assert day.flagged_messages == 2  # the late payment and the forged message
    assert days[yesterday.date()].total == 3700
    assert days[yesterday.date()].orders == 1
    assert response.context["attention_orders"][0] == late
    assert [m.outcome for m in response.context["flagged_messages"]] == [
        Outcome.BAD_SIGNATURE,
        Outcome.LATE,
    ]
    html = text(response)
    assert late.batch_number in html
    assert due_cases[0].number in html  # the note names the withdrawn case
    assert admin_url(PaymentOrder, "change", late.pk) in html
    assert "23,500" in html or "23500" in html
    for order in (card_1, card_2, store, earlier):
        assert order.batch_number not in [
            o.batch_number for o in response.context["attention_orders"]
        ]


def test_the_reconciliation_shows_a_gap_between_orders_and_gateway_payments(
    client, admin_client, payer, due_cases, django_capture_on_commit_callbacks
):
    order = services.build_order(payer, due_cases)
    attempt = start_attempt(order)
    with django_capture_on_commit_callbacks(execute=False):
        post_callback(client, simulated_message(attempt, TransactionId="SIMTX1"))
        post_callback(client, simulated_message(attempt, TransactionId="SIMTX2"))

    response = admin_client.get(RECONCILIATION)

    [day] = response.context["days"]
    assert day.total == 9400
    assert day.received == 2 * 9400
    assert order in response.context["attention_orders"]
    assert Outcome.DOUBLE_PAYMENT in [m.outcome for m in response.context["flagged_messages"]]
    assert 'class="errornote"' in text(response)


def test_the_reconciliation_can_go_back_two_weeks(admin_client):
    response = admin_client.get(RECONCILIATION, {"end": "2026-01-31"})

    assert response.status_code == 200
    assert response.context["end"] == datetime.date(2026, 1, 31)
    assert response.context["start"] == datetime.date(2026, 1, 18)
    assert "?end=2026-01-17" in text(response)


def test_the_reconciliation_is_refused_to_applicants(client, payer):
    client.force_login(payer)

    response = client.get(RECONCILIATION)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert reverse("admin:login") in response["Location"]


def test_the_reconciliation_is_refused_to_anonymous_visitors(client):
    response = client.get(RECONCILIATION)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_reconciliation_is_refused_to_staff_without_the_payments_permission(client):
    reviewer = UserFactory(reviewer=True)
    client.force_login(reviewer)

    assert client.get(RECONCILIATION).status_code == 403

    reviewer.user_permissions.add(
        Permission.objects.get(codename="view_paymentorder", content_type__app_label="payments")
    )
    assert client.get(RECONCILIATION).status_code == 200


@pytest.mark.parametrize(
    "end",
    [
        "2026-02-30",  # well formed, but February has no 30th
        "2026-13-01",
        "0001-01-01",  # exists, but leaves no room for the two weeks before it
        "1999-12-31",
        "yesterday",
        "2026-2-3x",
    ],
)
def test_the_reconciliation_shows_an_impossible_day_as_a_form_error(admin_client, end):
    response = admin_client.get(RECONCILIATION, {"end": end})

    assert response.status_code == 400
    html = text(response)
    assert 'class="errornote"' in html
    assert "errorlist" in html
    assert f'value="{end}"' in html  # what was typed stays in the field
    # The page still shows today's two weeks.
    assert response.context["end"] == timezone.localdate()
    assert response.context["start"] == timezone.localdate() - datetime.timedelta(days=13)


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_reconciliation_explains_an_impossible_day_in_the_staff_members_language(
    admin_client, admin_user, language
):
    admin_user.language = language  # the admin follows the account's language
    admin_user.save()

    response = admin_client.get(RECONCILIATION, {"end": "2026-02-30"})

    with translation.override(language):
        expected = translation.gettext("Enter a date that exists, for example 2026-02-28.")
    assert str(response.context["form"].errors["end"][0]) == expected
    assert expected in text(response)


def test_the_reconciliation_accepts_the_last_day_of_the_calendar(admin_client):
    response = admin_client.get(RECONCILIATION, {"end": "9999-12-31"})

    assert response.status_code == 200
    assert response.context["end"] == datetime.date(9999, 12, 31)


def test_a_message_with_a_nul_byte_shows_it_in_the_admin(client, admin_client, payer, due_cases):
    order = services.build_order(payer, due_cases)
    fields = simulated_message(start_attempt(order), Reference="P\x00")
    client.post(
        reverse("payments:callback", args=["simulated"]),
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )
    message = GatewayMessage.objects.get()

    response = admin_client.get(admin_url(GatewayMessage, "change", message.pk))

    assert response.status_code == 200
    assert "Reference=P%00" in text(response)
