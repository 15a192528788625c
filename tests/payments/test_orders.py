"""Payment orders (繳費單) through `payments.services`: lines, receipt numbers and total, the
batch number, a case in at most one unpaid order, who may put which case in an order,
organisation payers, free orders, cancelling, and the payable list's query count."""

import datetime
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from payments import selectors, services
from payments.models import (
    FeeRate,
    OrderLine,
    OrderState,
    PaymentMethod,
    PaymentOrder,
)
from payments.pricing import price
from payments.services import OrderError
from portal.cases.models import CaseEvent
from portal.cases.services import perform_action
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SampleCaseFactory,
    UserFactory,
    sample_answers,
)
from tests.payments.conftest import nationality, post_callback, simulated_message, start_attempt
from tests.sampleflow.models import SampleCase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

BATCH = re.compile(r"P(\d{3})(\d{2})(\d{2})(\d{5})")


def roc_stamp(day: datetime.date) -> str:
    return f"{day.year - 1911:03d}{day:%m%d}"


def paid_events(case):
    return CaseEvent.objects.for_case(case).filter(action="confirm_payment")


# --- building an order ----------------------------------------------------------------------


def test_an_order_has_one_line_per_case_with_amounts_receipt_numbers_and_the_total(
    payer, due_cases
):
    order = services.build_order(payer, due_cases)

    assert order.state == OrderState.UNPAID
    assert order.payer == payer
    assert order.payer_name == "Chen Da-Wen"
    assert order.language == "en"
    assert order.total == 5700 + 3700
    lines = list(order.lines.order_by("position"))
    assert [line.position for line in lines] == [1, 2]
    assert [line.amount for line in lines] == [5700, 3700]
    assert [line.term_years for line in lines] == [3, 1]
    assert {line.service for line in lines} == {"goldcard_new"}
    assert [line.case_number for line in lines] == [case.number for case in due_cases]
    assert [line.applicant_name for line in lines] == ["Nguyen Van An", "陳小明"]
    assert [line.case_id for line in lines] == [case.pk for case in due_cases]
    assert [line.receipt_number for line in lines] == [
        f"{order.batch_number}01",
        f"{order.batch_number}02",
    ]
    assert [line.persons for line in lines] == [1, 1]
    assert all(line.open for line in lines)
    # Each line keeps the fee row it was priced with.
    assert lines[0].fee_rate == price("goldcard_new", term_years=3).rate


def test_the_batch_number_is_p_roc_date_and_a_five_digit_sequence(payer, due_cases):
    order = services.build_order(payer, due_cases)

    match = BATCH.fullmatch(order.batch_number)
    assert match, order.batch_number
    assert order.batch_number[1:8] == roc_stamp(timezone.localdate())
    assert int(match.group(4)) >= 1


def test_batch_numbers_are_unique_and_follow_each_other(payer):
    numbers = []
    for _ in range(4):
        case = SampleCaseFactory(owner=payer, payment_due=True)
        numbers.append(services.build_order(payer, [case]).batch_number)

    assert len(set(numbers)) == 4
    sequence = [int(number[-5:]) for number in numbers]
    assert sequence == list(range(sequence[0], sequence[0] + 4))
    assert PaymentOrder.objects.filter(batch_number__in=numbers).count() == 4


def test_batch_number_for_another_day_carries_that_roc_date():
    with transaction.atomic():
        number = services.batch_number(datetime.date(2025, 1, 9))
    assert number.startswith("P1140109")
    assert BATCH.fullmatch(number)


def test_an_order_without_cases_is_refused(payer):
    with pytest.raises(OrderError):
        services.build_order(payer, [])
    assert not PaymentOrder.objects.exists()


# --- a case in at most one unpaid order -----------------------------------------------------


def test_a_case_already_in_an_unpaid_order_cannot_go_in_another(payer, due_cases):
    first = services.build_order(payer, due_cases)

    with pytest.raises(OrderError):
        services.build_order(payer, [due_cases[1]])

    assert list(PaymentOrder.objects.all()) == [first]
    assert OrderLine.objects.count() == 2


def test_the_same_case_twice_in_one_order_is_refused(payer, due_cases):
    with pytest.raises(OrderError):
        services.build_order(payer, [due_cases[0], due_cases[0]])
    assert not PaymentOrder.objects.exists()


def test_the_database_itself_refuses_a_second_open_line_for_a_case(payer, due_cases):
    order = services.build_order(payer, due_cases[:1])
    line = order.lines.get()
    other = PaymentOrder.objects.create(
        batch_number="P11501010099", payer=payer, payer_name="x", language="en", total=5700
    )
    duplicate = OrderLine(
        order=other,
        position=1,
        service=line.service,
        term_years=line.term_years,
        fee_rate=line.fee_rate,
        case_number=line.case_number,
        applicant_name=line.applicant_name,
        receipt_number="P1150101009901",
        amount=line.amount,
    )
    duplicate.link_to(due_cases[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()

    # A settled line (open = NULL) of the same case is allowed.
    duplicate.open = None
    duplicate.save()


def test_after_cancelling_the_cases_can_go_in_a_new_order(payer, due_cases):
    first = services.build_order(payer, due_cases)

    services.cancel_order(first, payer)

    first.refresh_from_db()
    assert first.state == OrderState.CANCELLED
    assert first.cancelled_at is not None
    assert set(first.lines.values_list("open", flat=True)) == {None}
    payable = selectors.payable_cases(payer)
    assert [item.selectable for item in payable] == [True, True]
    second = services.build_order(payer, due_cases)
    assert second.total == first.total
    assert second.batch_number != first.batch_number


def test_after_payment_a_case_is_no_longer_payable(client, payer, due_cases):
    order = services.build_order(payer, due_cases)
    attempt = start_attempt(order)
    post_callback(client, simulated_message(attempt))

    order.refresh_from_db()
    assert order.state == OrderState.PAID
    assert set(order.lines.values_list("open", flat=True)) == {None}
    assert selectors.payable_cases(payer) == []
    with pytest.raises(OrderError):
        services.build_order(payer, [due_cases[0]])
    with pytest.raises(OrderError):
        services.cancel_order(order, payer)


def test_a_paid_order_cannot_be_paid_again(client, payer, due_cases):
    order = services.build_order(payer, due_cases)
    post_callback(client, simulated_message(start_attempt(order)))

    with pytest.raises(OrderError):
        services.start_payment(order, "card")
    assert order.attempts.count() == 1


# --- who may put which case in an order -----------------------------------------------------


def test_a_case_the_payer_cannot_see_is_refused(payer):
    stranger_case = SampleCaseFactory(payment_due=True)

    with pytest.raises(OrderError, match=stranger_case.number):
        services.build_order(payer, [stranger_case])
    assert not PaymentOrder.objects.exists()


@pytest.mark.parametrize("state", ["nia_review", "card_production", "withdrawn", "rejected"])
def test_a_case_not_waiting_for_payment_is_refused(payer, state):
    case = SampleCaseFactory(owner=payer, submitted=True, state=state)

    with pytest.raises(OrderError):
        services.build_order(payer, [case])
    assert not PaymentOrder.objects.exists()


def test_one_unpayable_case_refuses_the_whole_order(payer, due_cases):
    late = SampleCaseFactory(owner=payer, submitted=True, state="nia_review")

    with pytest.raises(OrderError):
        services.build_order(payer, [*due_cases, late])
    assert not PaymentOrder.objects.exists()
    assert not OrderLine.objects.exists()


def test_the_case_state_is_read_from_the_database_not_the_callers_copy(payer, due_cases):
    stale = SampleCase.objects.get(pk=due_cases[0].pk)
    perform_action(due_cases[0], payer, "withdraw")

    with pytest.raises(OrderError):
        services.build_order(payer, [stale])


def test_a_filer_who_is_not_the_applicant_can_pay(due_cases):
    agent = UserFactory(email="agent@example.com")
    case = SampleCaseFactory(payment_due=True, filer=agent)

    order = services.build_order(agent, [case])

    assert order.payer == agent
    assert order.lines.get().case_id == case.pk


# --- organisations --------------------------------------------------------------------------


def test_a_member_pays_for_cases_filed_by_the_organisation_in_its_name():
    school = OrganisationFactory(name="國立示範大學")
    clerk = MembershipFactory(organisation=school).user
    colleague = MembershipFactory(organisation=school).user
    students = [
        SampleCaseFactory(payment_due=True, filer_organisation=school, term_years=term)
        for term in (1, 2, 3)
    ]
    outsider = UserFactory()

    payable = selectors.payable_cases(clerk)
    assert sorted(item.case.pk for item in payable) == sorted(c.pk for c in students)

    order = services.build_order(clerk, students, organisation=school)

    assert order.payer == clerk
    assert order.payer_organisation == school
    assert order.payer_name == clerk.full_name  # the person; the school is named apart
    assert order.total == 3700 + 4700 + 5700
    # Every member of the school sees the order; nobody else does.
    assert list(PaymentOrder.objects.visible_to(colleague)) == [order]
    assert list(PaymentOrder.objects.visible_to(clerk)) == [order]
    assert not PaymentOrder.objects.visible_to(outsider).exists()


def test_a_member_cannot_pay_for_another_organisations_cases():
    school = OrganisationFactory()
    other = OrganisationFactory()
    clerk = MembershipFactory(organisation=school).user
    foreign_case = SampleCaseFactory(payment_due=True, filer_organisation=other)

    with pytest.raises(OrderError):
        services.build_order(clerk, [foreign_case])


# --- pricing at order time ------------------------------------------------------------------


def test_the_order_prices_each_case_from_its_nationality(payer):
    nationality("HK", is_hk_macao=True, reciprocity_surcharge=0)
    nationality("NG", reciprocity_surcharge=900)
    hong_kong = SampleCaseFactory(
        owner=payer, payment_due=True, term_years=2, answers=sample_answers(nationality="HK")
    )
    reciprocal = SampleCaseFactory(
        owner=payer, payment_due=True, term_years=2, answers=sample_answers(nationality="NG")
    )

    order = services.build_order(payer, [hong_kong, reciprocal])

    assert list(order.lines.order_by("position").values_list("amount", flat=True)) == [
        3100,
        2500 + 900,
    ]
    assert order.total == 3100 + 3400


def test_a_case_without_a_price_refuses_the_order_and_names_the_case(payer):
    case = SampleCaseFactory(owner=payer, payment_due=True, term_years=4)

    with pytest.raises(OrderError, match=case.number):
        services.build_order(payer, [case])
    assert not PaymentOrder.objects.exists()


def test_a_zero_total_order_settles_at_once_without_a_gateway(
    payer, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    # The sample workflow charges a Gold Card; this case stands for a free service (the
    # certificate update for a new employer, 0 in the schedule).
    monkeypatch.setattr(SampleCase, "payment_quote", lambda self: price("arc_employer_change"))
    case = SampleCaseFactory(owner=payer, payment_due=True)

    with django_capture_on_commit_callbacks(execute=True):
        order = services.build_order(payer, [case])

    order.refresh_from_db()
    case.refresh_from_db()
    assert order.total == 0
    assert order.state == OrderState.PAID
    assert order.method == PaymentMethod.NONE
    assert order.paid_at is not None
    assert not order.attempts.exists()
    assert not order.payments.exists()
    assert not order.needs_attention
    assert case.state == "card_production"
    assert paid_events(case).count() == 1
    line = order.lines.get()
    assert line.open is None and line.applied_at is not None
    assert line.fee_rate == FeeRate.objects.get(service="arc_employer_change")


# --- cancelling -----------------------------------------------------------------------------


def test_cancelling_is_refused_while_a_store_code_can_still_be_paid(client, payer, due_cases):
    order = services.build_order(payer, due_cases)
    attempt = start_attempt(order, "store")
    expires = timezone.now() + datetime.timedelta(days=3)
    post_callback(
        client,
        simulated_message(
            attempt,
            Status="code_issued",
            StoreCode="SIM12345678901",
            StoreCodeExpiresAt=expires.isoformat(),
            PaidAt=None,
        ),
    )
    attempt.refresh_from_db()
    assert attempt.store_code == "SIM12345678901"

    shown = date_format(timezone.localtime(expires), "DATETIME_FORMAT")
    with pytest.raises(OrderError, match=re.escape(shown)):
        services.cancel_order(order, payer)
    order.refresh_from_db()
    assert order.state == OrderState.UNPAID
    assert set(order.lines.values_list("open", flat=True)) == {True}

    # Once the code has expired, the order can be cancelled.
    attempt.store_code_expires_at = timezone.now() - datetime.timedelta(minutes=1)
    attempt.save()
    services.cancel_order(order, payer)
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED


def test_an_abandoned_card_attempt_does_not_block_cancelling(payer, due_cases):
    order = services.build_order(payer, due_cases)
    start_attempt(order, "card")

    services.cancel_order(order, payer)

    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED


def test_a_cancelled_order_cannot_be_cancelled_or_paid_again(payer, due_cases):
    order = services.build_order(payer, due_cases)
    services.cancel_order(order, payer)

    with pytest.raises(OrderError):
        services.cancel_order(order, payer)
    with pytest.raises(OrderError):
        services.start_payment(order, "card")


def test_each_attempt_has_its_own_reference_and_the_orders_amount(payer, due_cases):
    order = services.build_order(payer, due_cases)

    first = start_attempt(order, "card")
    second = start_attempt(order, "store")

    assert first.reference == f"{order.batch_number}A01"
    assert second.reference == f"{order.batch_number}A02"
    assert first.amount == second.amount == order.total
    assert (first.method, second.method) == ("card", "store")


def test_an_unknown_payment_method_is_refused(payer, due_cases):
    order = services.build_order(payer, due_cases)

    with pytest.raises(OrderError):
        services.start_payment(order, "cheque")
    assert not order.attempts.exists()


# --- the payable list -----------------------------------------------------------------------


def _payable_queries(user):
    with CaptureQueriesContext(connection) as queries:
        payable = selectors.payable_cases(user)
    return len(queries), payable


def test_payable_cases_query_count_does_not_grow_with_the_number_of_cases():
    nationality("HK", is_hk_macao=True)
    nationality("NG", reciprocity_surcharge=700)
    few, many = UserFactory(), UserFactory()
    codes = ["VN", "HK", "NG", "US"]
    for index in range(2):
        SampleCaseFactory(
            owner=few, payment_due=True, answers=sample_answers(nationality=codes[index % 4])
        )
    many_cases = [
        SampleCaseFactory(
            owner=many,
            payment_due=True,
            term_years=1 + index % 3,
            answers=sample_answers(nationality=codes[index % 4]),
        )
        for index in range(20)
    ]
    # Some of the many sit in an unpaid order already.
    services.build_order(many, many_cases[:5])

    few_queries, few_payable = _payable_queries(few)
    many_queries, many_payable = _payable_queries(many)

    assert len(few_payable) == 2
    assert len(many_payable) == 20
    assert few_queries == many_queries
    assert sum(1 for item in many_payable if item.open_order is not None) == 5
    assert all(item.quote is not None for item in many_payable)


def test_payable_cases_lists_only_cases_waiting_for_payment_with_their_price(payer, due_cases):
    SampleCaseFactory(owner=payer, submitted=True, state="nia_review")
    SampleCaseFactory(owner=payer, submitted=True, state="card_production")
    SampleCaseFactory(payment_due=True)  # someone else's
    unpriceable = SampleCaseFactory(owner=payer, payment_due=True, term_years=4)

    payable = {item.case.pk: item for item in selectors.payable_cases(payer)}

    assert set(payable) == {due_cases[0].pk, due_cases[1].pk, unpriceable.pk}
    assert payable[due_cases[0].pk].quote.amount == 5700
    assert payable[due_cases[1].pk].quote.amount == 3700
    assert payable[unpriceable.pk].quote is None
    assert payable[unpriceable.pk].problem == "pricing"
    assert not payable[unpriceable.pk].selectable
    assert payable[due_cases[0].pk].key == f"sample:{due_cases[0].pk}"
