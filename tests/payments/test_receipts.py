"""The receipt (收據) of a paid order: issued once, e-mailed once in the payer's language with
the PDF attached, bilingual with the payer's language first, and user text (a payer's name
holding markup or CSS) printed as text, never fetched."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone, translation

from payments import services
from payments.models import OrderState, PaymentOrder
from payments.receipts import languages_for, receipt_context, receipt_key
from payments.tasks import issue_missing_receipts, issue_receipt
from portal.pdf.models import Delivery, IssuedKind, IssuedPdf
from tests.factories import MembershipFactory, OrganisationFactory, SampleCaseFactory, UserFactory
from tests.payments.conftest import post_callback, simulated_message, start_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media", "no_gateway_server")]

CJK = re.compile(r"[\u4e00-\u9fff]")
MARKUP_NAME = (
    '<img src="file:///etc/passwd"> url(file:///etc/passwd) '
    "<style>@import url(http://127.0.0.1:9/x.css)</style>"
)


def pay_without_receipt(client, order, django_capture_on_commit_callbacks):
    """Pay `order` through the callback but keep the on-commit work (receipt, notices) back."""
    attempt = start_attempt(order)
    with django_capture_on_commit_callbacks(execute=False):
        assert post_callback(client, simulated_message(attempt)).content == b"1|OK"
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    return order


@pytest.fixture
def paid_order(client, payer, due_cases, django_capture_on_commit_callbacks):
    order = services.build_order(payer, due_cases)
    return pay_without_receipt(client, order, django_capture_on_commit_callbacks)


def pdf_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def translated(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def squeeze(value: str) -> str:
    """Text extraction may break lines and drop spaces: compare without whitespace."""
    return re.sub(r"\s+", "", value)


# --- issued once, e-mailed once -------------------------------------------------------------


def test_the_receipt_is_issued_and_emailed_once_however_often_the_task_runs(
    paid_order, payer, mailoutbox
):
    first = issue_receipt.delay(paid_order.pk).get()
    second = issue_receipt.delay(paid_order.pk).get()
    third = issue_receipt.apply(args=[paid_order.pk]).get()

    assert first == "sent"
    assert second == third == "already sent or being sent"
    receipt = IssuedPdf.objects.get()
    assert receipt.key == receipt_key(paid_order)
    assert receipt.kind == IssuedKind.RECEIPT
    assert receipt.owner == payer
    assert receipt.reference == paid_order.batch_number
    assert receipt.language == "en"
    assert receipt.size > 1000
    with receipt.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert len(mailoutbox) == 1
    [delivery] = receipt.deliveries.all()
    assert (delivery.recipient, delivery.email, delivery.language) == (payer, payer.email, "en")
    assert delivery.sent_at is not None and delivery.attempts == 1


def test_no_receipt_for_an_order_that_is_not_paid(payer, due_cases, mailoutbox):
    order = services.build_order(payer, due_cases)

    assert issue_receipt.delay(order.pk).get() == "not paid"

    assert not IssuedPdf.objects.exists()
    assert mailoutbox == []


def test_the_payment_issues_the_receipt_after_the_commit(
    client, payer, due_cases, django_capture_on_commit_callbacks, mailoutbox
):
    order = services.build_order(payer, due_cases)
    attempt = start_attempt(order)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_callback(client, simulated_message(attempt))
    assert not IssuedPdf.objects.exists()  # nothing rendered inside the payment's transaction
    assert callbacks

    for callback in callbacks:
        callback()

    assert IssuedPdf.objects.filter(key=receipt_key(order)).count() == 1
    assert len(mailoutbox) == 1


class BrokenSMTPBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise OSError("SMTP server unreachable")


def test_an_email_failure_keeps_the_receipt_and_the_retry_sends_it_once(
    paid_order, settings, mailoutbox
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenSMTPBackend"

    with pytest.raises(OSError):
        issue_receipt.delay(paid_order.pk).get()

    assert IssuedPdf.objects.count() == 1
    [delivery] = Delivery.objects.all()
    assert delivery.sent_at is None
    assert delivery.attempts == 1 and "SMTP server unreachable" in delivery.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert issue_receipt.delay(paid_order.pk).get() == "sent"
    assert issue_receipt.delay(paid_order.pk).get() == "already sent or being sent"
    assert IssuedPdf.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_sweeper_issues_receipts_lost_on_the_way(
    client, payer, django_capture_on_commit_callbacks, mailoutbox
):
    old = services.build_order(payer, [SampleCaseFactory(owner=payer, payment_due=True)])
    fresh = services.build_order(payer, [SampleCaseFactory(owner=payer, payment_due=True)])
    pay_without_receipt(client, old, django_capture_on_commit_callbacks)
    pay_without_receipt(client, fresh, django_capture_on_commit_callbacks)
    PaymentOrder.objects.filter(pk=old.pk).update(
        paid_at=timezone.now() - datetime.timedelta(minutes=10)
    )

    assert issue_missing_receipts() == 1

    assert list(IssuedPdf.objects.values_list("key", flat=True)) == [receipt_key(old)]
    assert len(mailoutbox) == 1
    assert issue_missing_receipts() == 0


# --- the e-mail -----------------------------------------------------------------------------


def test_the_receipt_email_is_in_english_for_an_english_payer(paid_order, payer, mailoutbox):
    issue_receipt.delay(paid_order.pk)

    [message] = mailoutbox
    assert message.to == [payer.email]
    assert message.subject == f"Payment received: order {paid_order.batch_number}"
    assert "Hello Chen Da-Wen," in message.body
    assert "NT$ 9,400" in message.body
    for line in paid_order.lines.all():
        assert line.case_number in message.body
    assert reverse("payments:order", args=[paid_order.batch_number]) in message.body
    assert reverse("pdf:downloads") in message.body
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    assert filename == f"receipt-{paid_order.batch_number}.pdf"
    assert content.startswith(b"%PDF-")
    assert content == IssuedPdf.objects.get().file.open("rb").read()
    html, html_type = message.alternatives[0]
    assert html_type == "text/html"
    assert paid_order.batch_number in html


def test_the_receipt_email_is_in_chinese_for_a_chinese_payer(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    payer = UserFactory(email="zh-payer@example.com", full_name="陳大文", language="zh-hant")
    case = SampleCaseFactory(owner=payer, payment_due=True, language="zh-hant")
    order = services.build_order(payer, [case])
    assert order.language == "zh-hant"
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    issue_receipt.delay(order.pk)

    [message] = mailoutbox
    assert CJK.search(message.subject)
    assert order.batch_number in message.subject
    assert not message.subject.startswith("Payment received")
    assert "陳大文" in message.body
    assert "Hello" not in message.body
    [(_filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    receipt = IssuedPdf.objects.get()
    assert receipt.language == "zh-hant"
    assert CJK.search(receipt.title)


def test_amounts_in_a_chinese_receipt_email_match_the_receipt(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    payer = UserFactory(language="zh-hant")
    case = SampleCaseFactory(owner=payer, payment_due=True, term_years=3)
    order = services.build_order(payer, [case])
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    issue_receipt.delay(order.pk)

    [message] = mailoutbox
    assert "NT$ 5,700" in message.body
    assert "NT$ 5,700" in message.alternatives[0][0]


def test_markup_in_the_payers_name_is_text_in_the_email(
    client, due_cases, payer, django_capture_on_commit_callbacks, mailoutbox
):
    payer.full_name = MARKUP_NAME
    payer.save()
    order = services.build_order(payer, due_cases)
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    issue_receipt.delay(order.pk)

    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=" in html
    assert "<style>@import" not in html
    # Plain text is not HTML: the name is shown as typed.
    assert MARKUP_NAME in message.body


# --- the context and the PDF ----------------------------------------------------------------


def test_languages_for_puts_the_payers_language_first():
    assert languages_for("zh-hant") == ["zh-hant", "en"]
    assert languages_for("en") == ["en", "zh-hant"]


def test_the_receipt_context_has_both_languages_with_the_payers_first(paid_order):
    context = receipt_context(paid_order)

    assert context["languages"] == ["en", "zh-hant"]
    assert context["language"] == "en"
    # One receipt number per line: the batch number names the order, not a receipt.
    assert "receipt_number" not in context
    assert context["batch_number"] == paid_order.batch_number
    assert context["title"] == (
        f"Receipt for order {paid_order.batch_number} / "
        f"{translated('zh-hant', 'Receipt for order %(number)s')}"
        % {"number": paid_order.batch_number}
    )
    assert context["total"] == 9400
    assert context["payer_name"] == "Chen Da-Wen"
    assert context["payer_organisation"] == ""
    assert context["paid_at"] == paid_order.paid_at
    assert context["gateway_reference"] == paid_order.payments.get().transaction_id
    with translation.override("en"):
        assert str(context["method"]) == "Card"
    lines = context["lines"]
    assert [line["amount"] for line in lines] == [5700, 3700]
    assert [line["receipt_number"] for line in lines] == [
        f"{paid_order.batch_number}01",
        f"{paid_order.batch_number}02",
    ]
    assert [line["applicant_name"] for line in lines] == ["Nguyen Van An", "陳小明"]
    with translation.override("en"):
        assert str(lines[0]["description"]) == "Employment Gold Card, 3 years"


def test_the_receipt_context_of_a_chinese_payer_starts_with_chinese(
    client, django_capture_on_commit_callbacks
):
    payer = UserFactory(language="zh-hant")
    order = services.build_order(payer, [SampleCaseFactory(owner=payer, payment_due=True)])
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    assert receipt_context(order)["languages"] == ["zh-hant", "en"]


def test_the_receipt_context_names_the_paying_organisation(
    client, django_capture_on_commit_callbacks
):
    school = OrganisationFactory(name="國立示範大學")
    clerk = MembershipFactory(organisation=school).user
    case = SampleCaseFactory(payment_due=True, filer_organisation=school)
    order = services.build_order(clerk, [case], organisation=school)
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    context = receipt_context(order)

    assert context["payer_name"] == clerk.full_name
    assert context["payer_organisation"] == "國立示範大學"


@pytest.mark.parametrize(
    ("language", "first", "second"), [("en", "Receipt", "收據"), ("zh-hant", "收據", "Receipt")]
)
def test_the_receipt_pdf_is_bilingual_with_the_payers_language_first(
    client, django_capture_on_commit_callbacks, language, first, second
):
    payer = UserFactory(full_name="Lin Mei-ling", language=language)
    order = services.build_order(
        payer,
        [
            SampleCaseFactory(owner=payer, payment_due=True, term_years=2),
            SampleCaseFactory(owner=payer, payment_due=True, term_years=1, applicant_name="X"),
        ],
    )
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    issue_receipt.delay(order.pk)

    with IssuedPdf.objects.get().file.open("rb") as handle:
        text = squeeze(pdf_text(handle.read()))
    assert first in text and second in text
    assert text.index(first) < text.index(second)
    assert text.count(order.batch_number) == 3  # the order's, and inside each line's receipt number
    assert "LinMei-ling" in text
    assert "NT$8,400" in text
    for line in order.lines.all():
        assert line.receipt_number in text
        assert line.case_number in text


def test_an_applicant_paying_for_their_own_application_is_named_as_it_names_them(
    client, django_capture_on_commit_callbacks
):
    """One person, one way of writing the name: the account says "Chen Da-Wen", the
    application (and the card) "CHEN DA WEN"; the receipt follows the application."""
    payer = UserFactory(full_name="Chen Da-Wen", language="en")
    case = SampleCaseFactory(owner=payer, payment_due=True, applicant_name="CHEN DA WEN")
    order = services.build_order(payer, [case])
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    issue_receipt.delay(order.pk)

    assert order.payer_name == "CHEN DA WEN"
    with IssuedPdf.objects.get().file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert text.count("CHEN DA WEN") == 2  # the payer and the line's applicant
    assert "Chen Da-Wen" not in text


def test_a_filer_paying_is_named_by_their_own_account(payer):
    employee = SampleCaseFactory(
        owner=payer, filer=payer, payment_due=True, applicant_name="NGUYEN VAN AN"
    )

    order = services.build_order(payer, [employee])

    assert order.payer_name == "Chen Da-Wen"


def test_a_payer_name_with_markup_and_css_urls_is_printed_as_text_and_never_fetched(
    client, payer, due_cases, django_capture_on_commit_callbacks, monkeypatch
):
    from portal.pdf import fonts, rendering

    asked = []
    allowed_path = rendering.allowed_path

    def recording_allowed_path(url):
        asked.append(url)
        return allowed_path(url)

    monkeypatch.setattr(rendering, "allowed_path", recording_allowed_path)
    fonts.reset_shared_pdf_fonts()  # so that this render loads its fonts through the fetcher
    payer.full_name = MARKUP_NAME
    payer.save()
    due_cases[0].applicant_name = "<b>Nguyen</b> url(http://127.0.0.1:9/y.png)"
    due_cases[0].save()
    order = services.build_order(payer, due_cases)
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    assert issue_receipt.delay(order.pk).get() == "sent"

    with IssuedPdf.objects.get().file.open("rb") as handle:
        text = squeeze(pdf_text(handle.read()))
    assert squeeze('<img src="file:///etc/passwd">') in text
    assert squeeze("url(file:///etc/passwd)") in text
    assert squeeze("<style>@import url(http://127.0.0.1:9/x.css)</style>") in text
    assert squeeze("<b>Nguyen</b> url(http://127.0.0.1:9/y.png)") in text
    # The renderer was asked for its own font files, and for nothing else.
    assert asked, "the URL fetcher was not observed"
    allowed = {path.as_uri() for path in fonts.allowed_font_files()}
    assert set(asked) <= allowed, asked
    assert not [url for url in asked if "passwd" in url or "127.0.0.1" in url]


def test_the_receipt_of_an_organisations_order_names_the_organisation_once(
    client, django_capture_on_commit_callbacks
):
    school = OrganisationFactory(name="國立示範大學")
    clerk = MembershipFactory(organisation=school, user__full_name="Lin Mei-Hua").user
    case = SampleCaseFactory(payment_due=True, filer_organisation=school)
    order = services.build_order(clerk, [case], organisation=school)
    pay_without_receipt(client, order, django_capture_on_commit_callbacks)

    issue_receipt.delay(order.pk)

    with IssuedPdf.objects.get().file.open("rb") as handle:
        text = squeeze(pdf_text(handle.read()))
    assert text.count("國立示範大學") == 1
