"""Paying in a real browser, in both languages: two applications in one order, the
simulated gateway's hosted card page, its server-to-server callback (real HTTP to the live
server), the return to the portal, and the receipt downloaded from the download area."""

import pytest
from django.core import mail

from payments.models import GatewayMessage, OrderState, Payment, PaymentOrder
from tests.browser.checks import assert_language
from tests.browser.test_case_journey import ScreenshotTaker, sign_in
from tests.factories import SampleCaseFactory, UserFactory, sample_answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fee_schedule")
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_pay_two_cases_by_card_and_download_the_receipt(browser, live_server, settings, language):
    settings.SITE_URL = live_server.url
    base = live_server.url
    payer = UserFactory(
        email=f"payer-{language}@example.com", full_name="陳大文 Chen Da-Wen", language=language
    )
    first = SampleCaseFactory(owner=payer, payment_due=True, term_years=3, language=language)
    second = SampleCaseFactory(
        owner=payer,
        payment_due=True,
        term_years=1,
        language=language,
        applicant_name="林小美",
        answers=sample_answers(surname="林", given_name="小美"),
    )
    shots = ScreenshotTaker(f"payment-{language}")
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, base, payer.email)

    page.goto(base + "/payments/")
    shots.take(page, "01-payment-list")
    assert_language(page, language)
    page.check(f"input[name=cases][value='sample:{first.pk}']")
    page.check(f"input[name=cases][value='sample:{second.pk}']")
    page.click("main form button[type=submit]")
    assert "9,400" in page.locator("main table tfoot").inner_text()
    # Confirming without accepting the no-refund rule is refused, the choice kept.
    page.check("input[name=method][value=card]")
    page.click("main form button[type=submit]")
    assert page.locator("[data-error-summary]").is_visible()
    assert page.is_checked("input[name=method][value=card]")
    shots.take(page, "02-confirm-refused")
    page.check("input[name=no_refund]")
    shots.take(page, "03-confirm")
    assert_language(page, language)
    page.click("main form button[type=submit]")

    # The hosted payment page of the simulated gateway.
    page.wait_for_url("**/sim-gateway/charge/**")
    page.fill("#id_card_number", "4111 1111 1111 1111")
    page.fill("#id_expiry", "12/30")
    page.fill("#id_security_code", "123")
    shots.take(page, "04-gateway")
    page.click("main form button[type=submit]:not([name=cancel])")

    page.wait_for_url("**/payments/orders/**")
    order = PaymentOrder.objects.get()
    assert order.state == OrderState.PAID and order.total == 9400
    assert Payment.objects.count() == 1
    # The callback came twice (the gateway repeats it) and the payer's return once more.
    assert GatewayMessage.objects.filter(outcome="applied").count() == 1
    assert GatewayMessage.objects.filter(outcome="duplicate").count() >= 1
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == "card_production"
    page.reload()  # the receipt is issued right after the callback
    shots.take(page, "05-order-paid")
    assert_language(page, language)

    with page.expect_download() as download_info:
        page.click("main a.button[href^='/downloads/']")
    receipt = download_info.value
    assert receipt.suggested_filename.endswith(".pdf")
    with open(receipt.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.goto(base + "/downloads/")
    assert page.locator("main table tbody tr").count() == 1
    shots.take(page, "06-download-area")
    assert_language(page, language)
    paid_mails = [m for m in mail.outbox if order.batch_number in m.subject]
    assert len(paid_mails) == 1
    assert paid_mails[0].attachments[0][2] == "application/pdf"
    context.close()
