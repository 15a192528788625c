"""The receipt (收據) of a paid order: its context, issuing it, and the e-mail that carries it
(through the send-once path every issued PDF shares, `portal.pdf.delivery`)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from payments.models import PaymentMethod, PaymentOrder
from portal.cases.parties import Contact
from portal.pdf.delivery import send_once
from portal.pdf.issuing import issue_pdf, languages_for
from portal.pdf.models import IssuedKind, IssuedPdf

__all__ = [
    "issue_receipt_pdf",
    "languages_for",
    "receipt_context",
    "receipt_key",
    "receipt_title",
    "send_receipt_once",
]

RECEIPT_TEMPLATE = "payments/receipt.html"


def receipt_key(order) -> str:
    return receipt_key_for(order.pk)


def receipt_key_for(order_id: int) -> str:
    return f"receipt:order:{order_id}"


def receipt_title(order: PaymentOrder, language: str) -> str:
    """Named after the order, not "Receipt <number>": the receipt numbers are the lines'
    (one per application), and the batch number is not one of them."""
    with override(language):
        return gettext("Receipt for order %(number)s") % {"number": order.batch_number}


def receipt_context(order: PaymentOrder) -> dict:
    payment = order.payments.order_by("paid_at").first()
    languages = languages_for(order.language)
    return {
        "languages": languages,
        "language": order.language,
        "title": " / ".join(receipt_title(order, code) for code in languages),
        "batch_number": order.batch_number,
        "paid_at": order.paid_at,
        "method": PaymentMethod(order.method).label if order.method else "",
        "gateway_reference": payment.transaction_id if payment else "",
        "total": order.total,
        "payer_name": order.payer_name,
        "payer_organisation": order.payer_organisation.name if order.payer_organisation else "",
        "issued_at": timezone.now(),
        "lines": [
            {
                "description": line.description,
                "applicant_name": line.applicant_name,
                "case_number": line.case_number,
                "receipt_number": line.receipt_number,
                "persons": line.persons,
                "amount": line.amount,
            }
            for line in order.lines.all()
        ],
    }


def issue_receipt_pdf(order: PaymentOrder) -> IssuedPdf:
    """The order's receipt, issued now if it was not before: owned by the payer (and their
    organisation), listed on the page of every case the order paid, its holder the payer."""
    return issue_pdf(
        key=receipt_key(order),
        kind=IssuedKind.RECEIPT,
        title=receipt_title(order, order.language),
        template_name=RECEIPT_TEMPLATE,
        context=receipt_context(order),
        language=order.language,
        reference=order.batch_number,
        owner=order.payer,
        organisation=order.payer_organisation,
        cases=[line.case for line in order.lines.prefetch_related("case") if line.case],
        holder_name=order.payer_name,
    )


def send_receipt_once(order: PaymentOrder, receipt: IssuedPdf) -> str:
    """E-mail the receipt to the payer once, in the payer's language. The other parties of
    the cases it paid hear of the payment by the cases' own "paid" notice."""
    payer = order.payer
    return send_once(
        receipt,
        [Contact(payer.email, payer.language, payer.full_name, payer)],
        email="order_paid",
        context={
            "order": order,
            "lines": list(order.lines.all()),
            "order_url": settings.SITE_URL + reverse("payments:order", args=[order.batch_number]),
            "downloads_url": settings.SITE_URL + reverse("pdf:downloads"),
        },
    )
