"""The public verification page in a real browser, in both languages, on a phone and a
desktop screen: a stranger (not signed in) types the code of a Gold Card certificate the
engine really issued, sees that it is valid, what it is, its term and the initials, and no
more; a mistyped code says no document has it. Every page passes axe-core and reflows."""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from goldcard.models import GoldCardCase
from portal.cases.services import perform_action
from portal.pdf.models import IssuedKind, IssuedPdf
from tests.browser.checks import axe_violations, describe, horizontal_overflow
from tests.browser.conftest import SCREENSHOTS
from tests.factories import UserFactory
from tests.goldcard.conftest import attach_documents, goldcard_answers

HTML_LANG = {"en": "en", "zh-hant": "zh-Hant-TW"}
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def approved_gold_card(language) -> GoldCardCase:
    """A Gold Card walked through every agency to NIA's approval, which issues (after the
    commit, through the engine) the overseas approval certificate."""
    applicant = UserFactory(email=f"jane-{language}@example.com", language=language)
    case = GoldCardCase.objects.create(
        owner=applicant, language=language, answers=goldcard_answers()
    )
    attach_documents(case, applicant)
    reviewers = {a: UserFactory(reviewer=True, agency=a) for a in ("NIA", "WDA", "MOFA")}
    perform_action(case, applicant, "submit")
    perform_action(case, None, "confirm_payment")
    perform_action(case, reviewers["NIA"], "send_to_wda")
    perform_action(case, reviewers["WDA"], "approve_work_permit")
    perform_action(case, reviewers["MOFA"], "passport_verified")
    perform_action(case, reviewers["NIA"], "approve")
    return case


def t(language, text):
    with translation.override(language):
        return gettext(text)


def check(page, found):
    page.wait_for_load_state()
    assert horizontal_overflow(page) == 0, page.url
    violations = axe_violations(page)
    if violations:
        found[page.url] = describe(violations)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("goldcard_reference")
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_a_stranger_verifies_a_certificate_by_its_code(browser, live_server, settings, language):
    settings.SITE_URL = live_server.url
    base = live_server.url
    case = approved_gold_card(language)
    certificate = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE, case_id=case.pk)
    assert certificate.document == "overseas_approval"
    folder = SCREENSHOTS / f"verification-{language}"
    folder.mkdir(parents=True, exist_ok=True)
    found = {}

    for screen, viewport in SCREENS.items():
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "portal_language", "value": language, "url": base}])
        page = context.new_page()

        page.goto(base + "/verify/")
        assert page.get_attribute("html", "lang") == HTML_LANG[language]
        check(page, found)
        # Typed as people type it: lower case, a space instead of the hyphen.
        page.fill("#id_code", certificate.display_code.lower().replace("-", " "))
        page.click("main form button[type=submit]")
        page.wait_for_url(f"**/verify/{certificate.verification_code}/")

        answer = page.locator("[data-result]")
        assert answer.get_attribute("data-result") == "valid"
        text = answer.inner_text()
        assert certificate.display_code in text
        assert t(language, "Overseas approval certificate") in text
        with translation.override(language):
            assert date_format(case.card_valid_until) in text
        assert "D. J. M." in text  # DOE JANE MARY, as the certificate prints the name
        page_text = page.inner_text("main")
        for private in ("DOE", "JANE", case.number, "X1234567", case.owner.email):
            assert private not in page_text
        check(page, found)
        page.screenshot(path=str(folder / f"valid-{screen}.png"), full_page=True)

        # A code this site never issued.
        page.fill("#id_code", "0000000000")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/verify/0000000000/")
        assert page.locator("[data-result]").get_attribute("data-result") == "unknown"
        assert re.search(r"0000\d-?0000\d", page.input_value("#id_code"))
        check(page, found)
        page.screenshot(path=str(folder / f"unknown-{screen}.png"), full_page=True)

        # Something that cannot be a code: an error on the form, tied to the field.
        page.fill("#id_code", "not a code")
        page.click("main form button[type=submit]")
        assert page.get_attribute("#id_code", "aria-invalid") == "true"
        check(page, found)
        context.close()

    assert not found, "\n".join(f"{url}:\n{text}" for url, text in found.items())
