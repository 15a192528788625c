"""The receipt (收據) of a paid order: its context, issuing it, and the e-mail that carries it."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from payments.models import PaymentMethod, PaymentOrder
from portal.accounts.models import Language
from portal.notify.emails import render_email
from portal.pdf.issuing import issue_pdf
from portal.pdf.models import IssuedKind, IssuedPdf

RECEIPT_TEMPLATE = "payments/receipt.html"


def receipt_key(order) -> str:
    return receipt_key_for(order.pk)


def receipt_key_for(order_id: int) -> str:
    return f"receipt:order:{order_id}"


def languages_for(language: str) -> list[str]:
    """Both languages on every receipt, the payer's first."""
    others = [code for code in Language.values if code != language]
    return [language, *others]


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
    )


def send_receipt_once(order_id: int) -> str:
    """E-mail the receipt to the payer exactly once: the order row stays locked from the
    check to the commit of `receipt_emailed_at`."""
    with transaction.atomic():
        order = (
            PaymentOrder.objects.select_for_update(skip_locked=True)
            .filter(pk=order_id, receipt_emailed_at__isnull=True)
            .first()
        )
        if order is None:
            return "already sent or being sent"
        receipt = IssuedPdf.objects.get(key=receipt_key(order))
        message = build_paid_message(order, receipt)
        message.send(fail_silently=False)
        order.receipt_emailed_at = timezone.now()
        order.save(update_fields=["receipt_emailed_at"])
    return "sent"


def build_paid_message(order, receipt):
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "recipient": order.payer,
        "order_url": settings.SITE_URL + reverse("payments:order", args=[order.batch_number]),
        "downloads_url": settings.SITE_URL + reverse("pdf:downloads"),
    }
    message = render_email("order_paid", context, order.language, [order.payer.email])
    with receipt.file.open("rb") as handle:
        message.attach(receipt.filename, handle.read(), "application/pdf")
    return message
