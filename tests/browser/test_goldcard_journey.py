"""The Employment Gold Card end to end in a real browser, in both languages: a visitor signs
up and verifies by the e-mailed link, answers the eligibility questions, accepts the terms,
fills the six tabs, uploads the documents and submits; pays by card on the simulated
gateway; NIA, WDA (with one supplement round the applicant answers online), MOFA and NIA
again act in the admin; the applicant downloads the certificate and the receipt."""

import io
import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from goldcard.forms.sections import BACKGROUND_QUESTIONS
from goldcard.models import GoldCardCase, QualificationCriterion, State
from payments.models import OrderState, PaymentOrder
from portal.pdf.models import Delivery, IssuedKind, IssuedPdf
from tests.browser.checks import EveryPage
from tests.browser.test_case_journey import PASSWORD, ScreenshotTaker, pdf_file
from tests.factories import UserFactory

SHOTS = Path(tempfile.gettempdir()) / "goldcard-shots"
HTML_LANG = {"en": "en", "zh-hant": "zh-Hant-TW"}
NATIONALITY = {"en": "DE", "zh-hant": "VN"}
YES_QUESTION = "worked_in_taiwan"
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
MOST_LOADS = 12  # page loads from the sign-in page to a submitted application (the audit: 16)


class Shots(ScreenshotTaker):
    def __init__(self, language):
        self.folder = SHOTS / language
        self.folder.mkdir(parents=True, exist_ok=True)


def t(language, text):
    with translation.override(language):
        return gettext(text)


def png_file(tmp_path, name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 520), colour).save(buffer, "PNG")
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def sign_up_and_verify(page, base, language, email, pages):
    page.context.add_cookies([{"name": "portal_language", "value": language, "url": base}])
    page.goto(base + "/accounts/sign-up/")
    pages.check(page)
    page.check("input[name=account_type][value=applicant]")
    page.fill("#id_full_name", "Anna Schmidt")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.select_option("#id_language", language)
    page.click("button[type=submit].primary")
    assert page.inner_text("h1") == t(language, "Check your e-mail")
    pages.check(page)
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)  # verified: on to the sign-in page, with a message
    page.wait_for_url("**/accounts/sign-in/")


def sign_in_counting(page, base, email, pages) -> int:
    """Sign in from the sign-in page; return the mark the page-load budget counts from."""
    page.goto(base + "/accounts/sign-in/")
    mark = pages.mark() - 1  # the sign-in page itself is the first load
    pages.check(page)
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/home/")
    pages.check(page)
    return mark


def save_tab(page, next_path, pages):
    """Save and continue; a complete tab leads on to the next incomplete one."""
    page.click("#section-form button[type=submit].primary")
    expect(page).to_have_url(re.compile(rf".*/cases/goldcard/\d+/{next_path}$"))
    pages.check(page)


def upload(page, slot, path):
    """Without a reload: the slot answers in place."""
    page.set_input_files(f"#file-{slot}", path)
    page.click(f"#slot-{slot} form.upload button")
    page.locator(f"#slot-{slot} .current-file").wait_for()


def reviewer_sign_in(page, base, email, pages):
    """Password on the portal's sign-in page, then the authenticator's code; staff land on
    their queues."""
    from tests.two_factor import authenticator_for, code_for

    device = authenticator_for(UserFactory._meta.model.objects.get(email=email))
    page.goto(base + "/accounts/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/accounts/second-factor/")
    pages.check(page)
    page.fill("#id_code", code_for(device))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/admin/queues/")
    pages.check(page)


def review_page(page, base, case_pk, pages):
    page.goto(f"{base}/admin/goldcard/goldcardcase/{case_pk}/change/")
    pages.check(page)


def action_to(case, target):
    """The name of the transition from the case's state to `target` (the reviewer's
    button is `act:<name>`)."""
    case.refresh_from_db()
    transitions = GoldCardCase._meta.get_field("state").get_all_transitions(GoldCardCase)
    return next(t.name for t in transitions if t.source == case.state and t.target == target)


def act(page, base, case, target, pages):
    """A reviewer's action on the admin review page, moving the case to `target`."""
    review_page(page, base, case.pk, pages)
    page.click(f"button[value='act:{action_to(case, target)}']")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    pages.check(page)
    case.refresh_from_db()
    assert case.state == target


def download_pdf(page, href) -> bytes:
    with page.expect_download() as download_info:
        page.click(f"ul.issued a[href='{href}']")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    return Path(download.path()).read_bytes()


def pdf_text(content: bytes) -> str:
    return "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("goldcard_reference")
@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_goldcard_from_sign_up_to_certificate(
    browser, live_server, settings, tmp_path, language, screen
):
    """Every page the applicant and the reviewers see is checked as it is seen: axe-core
    (WCAG 2.1 A and AA) and no horizontal scrolling, on a phone and on a desktop; and the
    applicant gets from the sign-in page to a submitted application in MOST_LOADS loads."""
    settings.SITE_URL = live_server.url
    base = live_server.url
    viewport = SCREENS[screen]
    email = f"anna-{language}-{screen}@example.com"
    for agency in ("NIA", "WDA", "MOFA"):
        UserFactory(
            email=f"{agency.lower()}-{language}@example.gov.tw",
            reviewer=True,
            agency=agency,
            language=language,
        )
    call_command("setup_reviewer_groups", verbosity=0)
    salary = QualificationCriterion.objects.get(field__code="digital", is_salary=True)
    shots = Shots(f"{language}-{screen}")

    applicant_ctx = browser.new_context(viewport=viewport, accept_downloads=True)
    applicant_ctx.set_default_timeout(20_000)
    pages = EveryPage(applicant_ctx)
    page = applicant_ctx.new_page()
    sign_up_and_verify(page, base, language, email, pages)

    # From the sign-in page: the home page's apply link goes straight to the Gold Card.
    start = sign_in_counting(page, base, email, pages)
    assert page.get_attribute("html", "lang") == HTML_LANG[language]
    page.click(".new-application a[href='/goldcard/new/']")
    page.wait_for_url("**/goldcard/new/")
    pages.check(page)

    # Eligibility questions and the terms of use, on one page.
    page.check("#id_acknowledge")
    page.check("input[name=held_gold_card][value=no]")
    page.check("input[name=identity][value=foreign]")
    page.check("input[name=in_taiwan][value=no]")
    page.check("input[name=roc_national][value=no]")
    page.check("#id_accept")
    shots.take(page, "01-eligibility-and-terms")
    page.click("main button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/cases/goldcard/\d+/edit/basic/$"))
    pages.check(page)
    case_pk = int(page.url.rstrip("/").split("/")[-3])

    # Tab 1: basic data.
    page.fill("#id_surname", "Schmidt")
    page.fill("#id_given_name", "Anna-Lena")
    page.fill("#id_date_of_birth", "1987-03-14")
    page.check("input[name=sex][value=F]")
    page.select_option("#id_nationality", NATIONALITY[language])
    page.fill("#id_occupation", "Data engineer")
    page.select_option("#id_education", "master")
    page.select_option("#id_marital_status", "single")
    page.fill("#id_email", email)
    page.select_option("#id_birth_country", NATIONALITY[language])
    page.fill("#id_birth_city", "Hamburg")
    page.fill("#id_home_address", "Hafenstraße 1, 20359 Hamburg")
    page.fill("#id_home_phone", "+49 40 555 0100")
    shots.take(page, "03-basic")
    save_tab(page, "edit/passport/", pages)

    # Tab 2: passport.
    page.fill("#id_passport_number", "c01x 00t47")
    page.fill("#id_issue_date", "2022-01-10")
    page.fill("#id_expiry_date", "2032-01-09")
    page.fill("#id_place_of_issue", "Hamburg")
    save_tab(page, "edit/visa/", pages)

    # Tab 3: visa application: the mission, and eleven background questions, one yes.
    page.select_option("#id_mission", "US-SFO")
    page.check("input[name=first_visit][value=no]")
    page.check("input[name=had_roc_visa][value=yes]")
    assert len(BACKGROUND_QUESTIONS) == 11
    for code, _question in BACKGROUND_QUESTIONS:
        page.check(f"input[name={code}][value={'yes' if code == YES_QUESTION else 'no'}]")
    # A yes without an explanation is refused and the tab stays open, errors and all.
    page.click("#section-form button[type=submit].primary")
    page.locator(f"#id_{YES_QUESTION}_explanation_errors").wait_for()
    assert page.locator(".error-summary").is_visible()
    pages.check(page)
    shots.take(page, "04-visa-yes-needs-explanation")
    page.fill(f"#id_{YES_QUESTION}_explanation", "Internship in Hsinchu, June to August 2015.")
    save_tab(page, "edit/residence/", pages)

    # Tab 4: residence, from abroad: no address yet, three years, no ARC before.
    page.check("input[name=term_years][value='3']")
    page.check("input[name=held_arc_before][value=no]")
    shots.take(page, "05-residence")
    save_tab(page, "edit/field/", pages)

    # Tab 5: professional field and the salary criterion.
    page.select_option("#id_field", "digital")
    page.select_option("#id_criterion", str(salary.pk))
    save_tab(page, "edit/documents/", pages)

    # Tab 6: documents; the salary criterion asks for the proof of salary.
    assert page.locator("#slot-salary_proof").is_visible()
    assert page.locator("#slot-criterion_proof").count() == 0
    upload(page, "photo", png_file(tmp_path, "photo.png", (190, 170, 160)))
    upload(page, "passport_copy", pdf_file(tmp_path))
    upload(page, "salary_proof", pdf_file(tmp_path))
    pages.check(page)
    shots.take(page, "06-documents")

    # Review and submit.
    page.click("main a.button.primary[href$='/review/']")
    page.wait_for_url(f"**/cases/goldcard/{case_pk}/review/")
    pages.check(page)
    assert page.locator(".error-summary").count() == 0
    review = page.inner_text("main")
    assert "Anna-Lena" in review and "Internship in Hsinchu" in review
    shots.take(page, "07-review")
    page.click(".submit-form button[name=action]")
    page.wait_for_url(f"**/cases/goldcard/{case_pk}/")
    pages.check(page)
    loads = pages.loads_since(start)
    print(f"{language} {screen}: {len(loads)} page loads from sign-in to submitted: {loads}")
    assert len(loads) <= MOST_LOADS, loads
    number = page.locator(".case-number").inner_text()
    assert re.fullmatch(r"\d{12}", number) and number[3:5] == "55"
    pay_link = page.locator(".notice.payment a.button[href='/payments/']")
    assert pay_link.inner_text() == t(language, "Go to online payment")
    shots.take(page, "08-submitted")

    # Pay with the simulated card; the only case to pay is ticked already.
    pay_link.click()
    page.wait_for_url(f"{base}/payments/")
    pages.check(page)
    assert page.is_checked(f"input[name=cases][value='goldcard:{case_pk}']")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    pages.check(page)  # the lines, the total and the no-refund rule, to confirm
    assert "5,700" in page.locator("main table tfoot").inner_text()
    page.check("input[name=method][value=card]")
    page.check("input[name=no_refund]")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/sim-gateway/charge/**")
    pages.check(page)
    page.fill("#id_card_number", "4111 1111 1111 1111")
    page.fill("#id_expiry", "12/30")
    page.fill("#id_security_code", "123")
    page.click("main form button[type=submit]:not([name=cancel])")
    page.wait_for_url("**/payments/orders/**")
    pages.check(page)
    assert PaymentOrder.objects.get().state == OrderState.PAID
    case = GoldCardCase.objects.get(pk=case_pk)
    assert case.state == State.NIA_INITIAL and case.number == number
    shots.take(page, "09-paid")

    # Each reviewer in a browser context (a session) of their own, on the same screen.
    reviewer_contexts = []
    for agency in ("NIA", "WDA", "MOFA"):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(20_000)
        pages.watch(context)
        reviewer_contexts.append(context)
        email = f"{agency.lower()}-{language}@example.gov.tw"
        reviewer_sign_in(context.new_page(), base, email, pages)
    nia, wda, mofa = (context.pages[0] for context in reviewer_contexts)

    # NIA checks the data and sends it to WDA.
    nia.goto(base + "/admin/goldcard/goldcardcase/")
    pages.check(nia)
    assert number in nia.inner_text("#result_list")
    review_page(nia, base, case_pk, pages)
    shots.take(nia, "10-nia-review")
    act(nia, base, case, State.WDA_REVIEW, pages)

    # WDA asks for a better proof of salary.
    review_page(wda, base, case_pk, pages)
    wda.select_option("select[name=item_target_0]", "document:salary_proof")
    wda.fill("input[name=item_reason_0]", "The salary statement is unreadable.")
    wda.fill("#working_days", "7")
    shots.take(wda, "11-wda-asks-supplement")
    wda.click(f"button[value='act:{action_to(case, State.SUPPLEMENT_REQUESTED)}']")
    expect(wda.locator(".messagelist .success")).to_have_count(1)
    pages.check(wda)
    case.refresh_from_db()
    assert case.state == State.SUPPLEMENT_REQUESTED

    # The applicant answers the supplement online.
    page.goto(f"{base}/cases/goldcard/{case_pk}/")
    pages.check(page)
    notice = page.locator(".notice.supplement")
    assert "The salary statement is unreadable." in notice.inner_text()
    shots.take(page, "12-supplement-asked")
    notice.locator("a.button").click()
    page.wait_for_url(f"**/cases/goldcard/{case_pk}/supplement/")
    pages.check(page)
    page.set_input_files("#file-salary_proof", pdf_file(tmp_path))
    page.click("button[value='upload:salary_proof']")
    page.locator(".current-file").wait_for()
    pages.check(page)
    page.fill("#id_note", "A clearer scan of the statement.")
    page.click("button[name=intent][value=send]")
    page.wait_for_url(f"**/cases/goldcard/{case_pk}/")
    pages.check(page)
    assert page.locator(".notice.supplement").count() == 0
    case.refresh_from_db()
    assert case.state == State.WDA_REVIEW

    # WDA approves the work permit; MOFA sees the passport; NIA approves and produces.
    act(wda, base, case, State.MOFA_VERIFICATION, pages)
    page.goto(f"{base}/cases/goldcard/{case_pk}/")
    pages.check(page)
    assert page.locator("#mofa-title").is_visible()
    with translation.override(language):
        assert case.mission.name in page.inner_text("[aria-labelledby=mofa-title]")
    shots.take(page, "13-show-passport")
    act(mofa, base, case, State.NIA_FINAL, pages)
    act(nia, base, case, State.CARD_PRODUCTION, pages)
    act(nia, base, case, State.READY, pages)
    assert case.card_valid_from is not None and case.term_years == 3
    # The certificate task ran (eagerly, as the receipt's does) right after the commit.
    assert IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE, case_id=case_pk).exists()
    assert Delivery.objects.filter(
        issued__kind=IssuedKind.CERTIFICATE, issued__case_id=case_pk, sent_at__isnull=False
    ).exists()

    # The applicant: ready notice, certificate and receipt, both real PDFs.
    page.goto(f"{base}/cases/goldcard/{case_pk}/")
    pages.check(page)
    assert page.get_attribute("html", "lang") == HTML_LANG[language]
    assert page.locator(".notice.ready #pickup-title").is_visible()
    assert page.locator("#issued-title").inner_text() == t(language, "Certificates and receipts")
    shots.take(page, "14-ready")
    hrefs = page.locator("ul.issued a").evaluate_all("links => links.map(a => a.pathname)")
    assert len(hrefs) == 2 and all(re.fullmatch(r"/downloads/\d+/", h) for h in hrefs)
    downloads = {href: download_pdf(page, href) for href in hrefs}
    assert all(content.startswith(b"%PDF-") for content in downloads.values())
    certificate = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE)
    text = pdf_text(downloads[f"/downloads/{certificate.pk}/"])
    # The name as the application records it (as in the passport), the receipt's words too.
    assert number in text and "SCHMIDT ANNA LENA" in text
    with translation.override(language):
        assert date_format(case.card_valid_until) in text
    kinds = set(IssuedPdf.objects.values_list("kind", flat=True))
    assert kinds == {IssuedKind.CERTIFICATE, IssuedKind.RECEIPT}
    page.goto(base + "/downloads/")
    pages.check(page)

    # Every page the journey loaded was checked, and none had a violation. (The hand-off
    # pages to the gateway and back submit themselves before they finish loading; they are
    # checked without JavaScript in test_payment_handoff.py.)
    assert pages.unchecked() == []
    assert not pages.found, pages.report()
    for context in (*reviewer_contexts, applicant_ctx):
        context.close()
