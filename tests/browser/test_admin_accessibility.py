"""The reviewers' admin pages pass axe-core (WCAG 2.1 A and AA) and reflow: the index, the
queues, the reports, a queue's list and a case's review page, in both languages."""

import pytest
from django.core.management import call_command

from tests.browser.checks import axe_violations, describe, horizontal_overflow
from tests.browser.test_case_journey import admin_sign_in
from tests.factories import SampleCaseFactory, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_admin_pages_have_no_axe_violations(browser, live_server, language):
    email = f"nia-{language}@example.gov.tw"
    UserFactory(email=email, reviewer=True, agency="NIA", language=language)
    call_command("setup_reviewer_groups", verbosity=0)
    case = SampleCaseFactory(submitted=True)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_sign_in(page, base, email)
    found = {}
    for path in [
        "/admin/",
        "/admin/queues/",
        "/admin/reports/",
        "/admin/sampleflow/samplecase/",
        f"/admin/sampleflow/samplecase/{case.pk}/change/",
    ]:
        page.goto(base + path)
        assert page.get_attribute("html", "lang").lower().startswith(language[:2]), path
        violations = axe_violations(page)
        if violations:
            found[path] = describe(violations)
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_staff_administrators_payment_pages_have_no_axe_violations(browser, live_server):
    email = "admin@example.gov.tw"
    UserFactory(email=email, is_staff=True, is_superuser=True, language="en")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_sign_in(page, base, email)
    found = {}
    for path in [
        "/admin/payments/reconciliation/",
        "/admin/payments/reconciliation/?end=2026-02-30",
        "/admin/payments/paymentorder/",
        "/admin/payments/gatewaymessage/",
        "/admin/accounts/user/",
    ]:
        page.goto(base + path)
        violations = axe_violations(page)
        if violations:
            found[path] = describe(violations)
        assert horizontal_overflow(page) == 0, path
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())
    context.close()
