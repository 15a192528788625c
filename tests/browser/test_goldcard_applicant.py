"""The Gold Card as a new applicant meets it on a 390 px phone, in both languages: from the
sign-in page to a submitted application in few page loads (the home page's apply link, the
questions and the terms on one page, each saved tab leading to the next, uploads without a
reload); explanation boxes of the visa tab revealed only by a yes; a review page whose answers
stay readable on the phone. axe-core (WCAG 2.1 A/AA) and reflow are checked on the pages this
journey adds or changes."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from goldcard.forms.sections import BACKGROUND_QUESTIONS, EXPLANATION_TOPICS
from goldcard.models import GoldCardCase, QualificationCriterion
from tests.browser.checks import assert_language, axe_violations, describe, horizontal_overflow
from tests.browser.conftest import SCREENSHOTS
from tests.factories import UserFactory
from tests.pdf_files import MINIMAL_PDF

PASSWORD = "correct-horse-42"
MOST_LOADS = 12  # the audit found 16; the issue asks for at most 12
YES_QUESTION = "worked_in_taiwan"


def files(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 520), (190, 170, 160)).save(buffer, "PNG")
    photo = tmp_path / "photo.png"
    photo.write_bytes(buffer.getvalue())
    pdf = tmp_path / "proof.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    return {"photo": str(photo), "passport_copy": str(pdf), "salary_proof": str(pdf)}


def check_page(page, name):
    """No horizontal scrolling at 390 px, and no WCAG 2.1 A/AA violation."""
    assert horizontal_overflow(page) == 0, name
    violations = axe_violations(page)
    assert violations == [], f"{name}:\n{describe(violations)}"


def save_tab(page, next_path):
    page.click("#section-form button[type=submit].primary")
    expect(page).to_have_url(re.compile(rf".*/cases/goldcard/\d+/{next_path}$"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("goldcard_reference")
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_a_new_applicant_submits_in_few_page_loads_on_a_phone(
    page, live_server, tmp_path, language
):
    base = live_server.url
    email = f"mei-{language}@example.com"
    UserFactory(email=email, password=PASSWORD, language=language, full_name="Mei Lin")
    salary = QualificationCriterion.objects.get(field__code="digital", is_salary=True)
    # The landing page's service cards, before the journey is counted.
    page.context.add_cookies([{"name": "portal_language", "value": language, "url": base}])
    page.goto(base + "/")
    assert page.locator(".cards a.card-link[href='/goldcard/']").count() == 1
    check_page(page, "landing")
    loads = []
    page.on("load", lambda p: loads.append(p.url))

    # 1-2: the sign-in page, and the home page it leads to.
    page.goto(base + "/accounts/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/home/")
    assert_language(page, language)
    check_page(page, "home")

    # 3: the home page's apply link goes straight to the Gold Card's questions.
    page.click(".new-application a[href='/goldcard/new/']")
    page.wait_for_url("**/goldcard/new/")
    assert page.locator("table.fees").is_visible()
    check_page(page, "start")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"goldcard-start-phone-{language}.png"), full_page=True)

    # 4: the questions and the terms of use, one page, open the first tab.
    page.check("#id_acknowledge")
    page.check("input[name=held_gold_card][value=no]")
    page.check("input[name=identity][value=foreign]")
    page.check("input[name=in_taiwan][value=no]")
    page.check("input[name=roc_national][value=no]")
    page.check("#id_accept")
    page.click("main button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/cases/goldcard/\d+/edit/basic/$"))
    case_pk = int(page.url.rstrip("/").split("/")[-3])

    # 5-9: each saved tab leads to the next.
    page.fill("#id_surname", "Lin")
    page.fill("#id_given_name", "Mei")
    page.fill("#id_date_of_birth", "1990-02-03")
    page.check("input[name=sex][value=F]")
    page.select_option("#id_nationality", "DE")
    page.fill("#id_occupation", "Researcher")
    page.select_option("#id_education", "doctorate")
    page.select_option("#id_marital_status", "single")
    page.fill("#id_email", email)
    page.select_option("#id_birth_country", "DE")
    page.fill("#id_birth_city", "Berlin")
    page.fill("#id_home_address", "Unter den Linden 1, Berlin")
    page.fill("#id_home_phone", "+49 30 555 0100")
    save_tab(page, "edit/passport/")

    page.fill("#id_passport_number", "C01X00T47")
    page.fill("#id_issue_date", "2022-01-10")
    page.fill("#id_expiry_date", "2032-01-09")
    page.fill("#id_place_of_issue", "Berlin")
    save_tab(page, "edit/visa/")

    # The explanation boxes: hidden until a yes, each tied to the answer that reveals it.
    page.select_option("#id_mission", "US-SFO")
    for code, _question in BACKGROUND_QUESTIONS:
        box = page.locator(f"#id_{code}_explanation_reveal")
        assert box.count() == (1 if code in EXPLANATION_TOPICS else 0), code
        if box.count():
            expect(box).to_be_hidden()
            yes = page.locator(f"input[name={code}][value=yes]")
            assert yes.get_attribute("aria-controls") == f"id_{code}_explanation_reveal"
        answer = "yes" if code == YES_QUESTION else "no"
        page.check(f"input[name={code}][value={answer}]")
    expect(page.locator(f"#id_{YES_QUESTION}_explanation_reveal")).to_be_visible()
    expect(page.locator("#id_criminal_record_explanation_reveal")).to_be_hidden()
    page.fill(f"#id_{YES_QUESTION}_explanation", "Internship in Hsinchu, June to August 2015.")
    check_page(page, "visa tab")
    page.screenshot(path=str(SCREENSHOTS / f"goldcard-visa-phone-{language}.png"), full_page=True)
    save_tab(page, "edit/residence/")

    # The fee of each term, for this applicant, where the term is chosen.
    assert "5,700" in page.locator("label[for=id_term_years_2]").inner_text()
    page.check("input[name=term_years][value='3']")
    page.check("input[name=held_arc_before][value=no]")
    save_tab(page, "edit/field/")

    page.select_option("#id_field", "digital")
    page.select_option("#id_criterion", str(salary.pk))
    save_tab(page, "edit/documents/")

    # Uploads without a reload.
    for slot, path in files(tmp_path).items():
        page.set_input_files(f"#file-{slot}", path)
        page.click(f"#slot-{slot} form.upload button")
        page.locator(f"#slot-{slot} .current-file").wait_for()

    # 10: the review page, readable on the phone.
    page.click("main a.button.primary[href$='/review/']")
    page.wait_for_url(f"**/cases/goldcard/{case_pk}/review/")
    assert page.locator(".error-summary").count() == 0
    check_page(page, "review")
    widths = page.locator("dl.answers dd").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().width)"
    )
    assert min(widths) > 250  # a value as wide as the screen allows, not one letter
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"review page height at 390 px ({language}): {height} px")
    assert height < 6000, height  # the audit measured 9,100 px
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"goldcard-review-phone-{language}.png"), full_page=True)
    changes = page.locator("a.change-link").count()
    assert changes == 7  # the questions, five tabs and the documents

    # 11: submitted.
    page.click(".submit-form button[name=action]")
    page.wait_for_url(f"**/cases/goldcard/{case_pk}/")
    assert GoldCardCase.objects.get(pk=case_pk).state == "payment_due"

    print(f"page loads from the sign-in page to a submitted application: {len(loads)}")
    assert len(loads) <= MOST_LOADS, loads


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("goldcard_reference")
def test_without_javascript_every_box_is_shown_and_the_server_still_asks(
    browser, live_server, tmp_path
):
    from tests.goldcard.conftest import goldcard_answers

    base = live_server.url
    user = UserFactory(email="nojs@example.com", password=PASSWORD, language="en")
    case = GoldCardCase.objects.create(owner=user, language="en", answers=goldcard_answers())
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/accounts/sign-in/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.goto(f"{base}/cases/goldcard/{case.pk}/edit/visa/")

    for code in EXPLANATION_TOPICS:
        expect(page.locator(f"#id_{code}_explanation")).to_be_visible()
    page.check("input[name=disease][value=yes]")
    page.click("#section-form button[type=submit].primary")

    errors = page.locator("#id_disease_explanation_errors")
    expect(errors).to_be_visible()
    assert "question 5" in errors.inner_text()
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("goldcard_reference")
def test_error_summaries_reach_the_radio_groups_and_pass_axe(page, live_server):
    base = live_server.url
    user = UserFactory(email="errors@example.com", password=PASSWORD, language="en")
    page.goto(base + "/accounts/sign-in/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/home/")
    page.goto(base + "/cases/")
    check_page(page, "case list")

    page.goto(base + "/goldcard/new/")
    page.click("main button[type=submit].primary")  # nothing answered
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    check_page(page, "questions with errors")
    summary.locator("a[href='#id_identity_0']").click()
    expect(page.locator("#id_identity_0")).to_be_focused()
