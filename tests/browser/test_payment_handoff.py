"""The pages that hand the payer over to the payment gateway and back submit themselves
with the site's script, too fast for a journey to check them. Without it they wait for the
payer's button, so they are checked here with the site's scripts blocked (the browser's
JavaScript stays on for axe): axe-core (WCAG 2.1 A and AA) and reflow on a phone, in both
languages, and the payment still completes by their buttons."""

import pytest

from payments.models import OrderState, PaymentOrder
from tests.browser.checks import EveryPage
from tests.browser.test_case_journey import sign_in
from tests.factories import SampleCaseFactory, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fee_schedule")
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_handoff_pages_without_javascript(browser, live_server, settings, language):
    settings.SITE_URL = live_server.url
    base = live_server.url
    payer = UserFactory(email=f"handoff-{language}@example.com", language=language)
    case = SampleCaseFactory(owner=payer, payment_due=True, term_years=1, language=language)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route("**/static/js/*.js", lambda route: route.abort())
    context.set_default_timeout(15_000)
    pages = EveryPage(context)
    page = context.new_page()
    sign_in(page, base, payer.email)
    page.goto(base + "/payments/")
    page.check(f"input[name=cases][value='sample:{case.pk}']")
    page.click("main form button[type=submit]")
    page.check("input[name=method][value=card]")
    page.check("input[name=no_refund]")
    page.click("main form button[type=submit]")

    # To the gateway: the page waits for the button.
    page.locator("main form[data-autosubmit]").wait_for()
    pages.check(page)
    page.click("main form[data-autosubmit] button")
    page.wait_for_url("**/sim-gateway/charge/**")
    page.fill("#id_card_number", "4111 1111 1111 1111")
    page.fill("#id_expiry", "12/30")
    page.fill("#id_security_code", "123")
    page.click("main form button[type=submit]:not([name=cancel])")

    # Back from the gateway: the gateway's page with the signed result, and its button.
    page.locator("main form[data-autosubmit]").wait_for()
    pages.check(page)
    page.click("main form[data-autosubmit] button")
    page.wait_for_url("**/payments/orders/**")
    assert PaymentOrder.objects.get().state == OrderState.PAID
    assert not pages.found, pages.report()
    context.close()
