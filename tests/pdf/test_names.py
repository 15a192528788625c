"""A person's name is written one way on the receipt and on the Gold Card certificate: as
the application records it (the English name in capitals, as in the passport), with the
Chinese name, where given, as a field of its own on the certificate."""

import pytest

from goldcard.certificates import TEMPLATE, certificate_context
from payments import services
from payments.gateways import get_gateway
from payments.receipts import RECEIPT_TEMPLATE, receipt_context
from portal.cases.services import perform_action
from portal.pdf.rendering import render_pdf
from tests.goldcard.conftest import applicant, complete_draft  # noqa: F401 (fixtures)
from tests.payments.conftest import simulated_message, start_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fee_schedule")]


@pytest.fixture
def paid_gold_card(complete_draft, applicant, django_capture_on_commit_callbacks):  # noqa: F811
    case = complete_draft(
        basic={"surname": "Doe", "given_name": "Jane-Mary", "chinese_name": "杜珍"}
    )
    perform_action(case, applicant, "submit")
    case.refresh_from_db()
    order = services.build_order(applicant, [case])
    with django_capture_on_commit_callbacks(execute=False):  # the receipt is rendered below
        services.receive(
            get_gateway("simulated"), simulated_message(start_attempt(order)), source="callback"
        )
    order.refresh_from_db()
    case.refresh_from_db()
    assert order.is_paid
    return case, order


def test_the_receipt_and_the_certificate_write_the_name_the_same_way(paid_gold_card, applicant):  # noqa: F811
    case, order = paid_gold_card
    receipt = receipt_context(order)
    certificate = certificate_context(case)

    assert applicant.full_name == "Jane Doe"  # the account's own spelling is not the card's
    assert case.applicant_name == "DOE JANE MARY"
    assert receipt["payer_name"] == "DOE JANE MARY"
    assert [line["applicant_name"] for line in receipt["lines"]] == ["DOE JANE MARY"]
    assert certificate["name"] == "DOE JANE MARY"
    assert certificate["chinese_name"] == "杜珍"


def test_the_certificate_pdf_prints_the_recorded_name_and_the_chinese_name_beside_it(
    paid_gold_card,
):
    from tests.pdf import pdf_reading

    case, order = paid_gold_card

    certificate = pdf_reading.text(
        render_pdf(TEMPLATE, certificate_context(case), language=case.language)
    )
    receipt = pdf_reading.text(
        render_pdf(RECEIPT_TEMPLATE, receipt_context(order), language=order.language)
    )

    assert "DOE JANE MARY" in certificate
    assert "杜珍" in certificate
    assert "DOE, JANE" not in certificate
    assert "Jane Doe" not in certificate + receipt
    assert receipt.count("DOE JANE MARY") == 2  # the payer and the line
