"""The case engine end to end in a real browser, in both languages: an applicant fills a
draft (autosaved), uploads documents and submits; an NIA reviewer asks for a supplement in
the admin; the applicant answers it; NIA sends the case on and WDA approves it."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from PIL import Image

from tests.browser.checks import assert_language
from tests.factories import UserFactory
from tests.pdf_files import MINIMAL_PDF

PASSWORD = "correct-horse-42"


def image_file(tmp_path, name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 520), colour).save(buffer, "JPEG")
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def pdf_file(tmp_path):
    path = tmp_path / "passport.pdf"
    path.write_bytes(MINIMAL_PDF)
    return str(path)


def sign_in(page, base, email):
    page.goto(base + "/accounts/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")


def admin_sign_in(page, base, email):
    """Staff sign in on the portal's page, then enter their authenticator's code."""
    from tests.two_factor import authenticator_for, code_for

    device = authenticator_for(UserFactory._meta.model.objects.get(email=email))
    sign_in(page, base, email)
    page.fill("#id_code", code_for(device))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/admin/queues/")


def review_page(page, base, case_pk):
    page.goto(f"{base}/admin/sampleflow/samplecase/{case_pk}/change/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_draft_submit_supplement_answer_approve(browser, live_server, settings, tmp_path, language):
    settings.SITE_URL = live_server.url
    base = live_server.url
    applicant = UserFactory(email=f"an-{language}@example.com", language=language)
    UserFactory(email=f"nia-{language}@example.gov.tw", reviewer=True, agency="NIA")
    UserFactory(email=f"wda-{language}@example.gov.tw", reviewer=True, agency="WDA")
    call_command("setup_reviewer_groups", verbosity=0)
    shots = ScreenshotTaker(language)

    applicant_ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = applicant_ctx.new_page()
    sign_in(page, base, applicant.email)
    page.goto(base + "/cases/")
    page.click("form[action='/cases/sample/new/'] button")

    # Tab 1: typing is saved in the background (autosave), then the tab button saves too.
    page.fill("#id_surname", "Nguyen")
    page.fill("#id_given_name", "Van An")
    page.fill("#id_date_of_birth", "1990-05-17")
    page.fill("#id_nationality", "VN")
    page.fill("#id_passport_number", "C1234567")
    page.wait_for_function(
        "document.querySelector('[data-autosave-status]').textContent.includes(':')"
    )
    shots.take(page, "01-draft-person-autosaved")
    assert_language(page, language)
    page.click("button[name=goto][value=stay]")
    page.fill("#id_address", "No. 122, Sec. 1, Chongqing S. Rd., Taipei")
    page.check("input[name=studies][value=no]")
    page.click("button[name=goto][value=review]")
    # The review tab says what is still left, without the red of errors (no submit tried).
    assert page.locator("#not-complete-yet").is_visible()
    assert page.locator(".error-summary").count() == 0
    shots.take(page, "02-review-missing-documents")
    assert_language(page, language)
    page.click("#not-complete-yet a >> nth=0")

    # Documents: a bad file is refused with a message, good ones are stored.
    bad = tmp_path / "photo.jpg"
    bad.write_text("not a picture")
    page.set_input_files("#file-photo", str(bad))
    page.click("#slot-photo button[type=submit]:not([name=remove])")
    page.locator("#errors-photo").wait_for()  # uploads go without a reload: wait for the answer
    shots.take(page, "03-bad-upload")
    page.set_input_files("#file-photo", image_file(tmp_path, "photo.jpg", (180, 160, 150)))
    page.click("#slot-photo form.upload button")
    page.locator("#slot-photo .current-file").wait_for()
    page.set_input_files("#file-passport", pdf_file(tmp_path))
    page.click("#slot-passport form.upload button")
    page.locator("#slot-passport .current-file").wait_for()
    page.goto(page.url.replace("edit/documents/", "review/"))
    assert page.locator(".error-summary").count() == 0
    page.click(".submit-form button[name=action]")
    number = page.locator(".case-number").inner_text()
    assert len(number) == 12 and number.startswith("11599")
    shots.take(page, "04-submitted")
    assert_language(page, language)
    case_pk = page.url.rstrip("/").split("/")[-1]
    assert any(number in m.subject for m in mail.outbox)

    # NIA reviewer asks for a supplement in the admin.
    reviewer_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = reviewer_ctx.new_page()
    admin_sign_in(admin, base, f"nia-{language}@example.gov.tw")
    admin.goto(base + "/admin/sampleflow/samplecase/")
    assert number in admin.content()
    review_page(admin, base, case_pk)
    admin.select_option("select[name=item_target_0]", "document:photo")
    admin.fill("input[name=item_reason_0]", "The photo is too dark.")
    admin.fill("#working_days", "7")
    shots.take(admin, "05-reviewer-asks-supplement")
    admin.click("button[value='act:request_supplement']")
    assert admin.locator(".messagelist .success").count() == 1

    # The applicant sees exactly what to fix, and answers online.
    page.goto(f"{base}/cases/sample/{case_pk}/")
    assert "The photo is too dark." in page.locator(".notice.supplement").inner_text()
    shots.take(page, "06-applicant-sees-supplement")
    assert_language(page, language)
    page.click(".notice.supplement a.button")
    page.set_input_files("#file-photo", image_file(tmp_path, "photo2.jpg", (220, 200, 190)))
    page.click("button[value='upload:photo']")
    page.locator("#slot-photo .current-file").wait_for()
    page.fill("#id_note", "A brighter photo.")
    page.click("button[value=send]")
    assert page.locator(".notice.supplement").count() == 0

    # Back with NIA, who sees it answered and sends it on; WDA approves.
    admin.goto(base + "/admin/sampleflow/samplecase/")
    assert admin.locator(".answered").count() == 1
    review_page(admin, base, case_pk)
    admin.click("button[value='act:send_to_wda']")
    wda_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    wda = wda_ctx.new_page()
    admin_sign_in(wda, base, f"wda-{language}@example.gov.tw")
    review_page(wda, base, case_pk)
    shots.take(wda, "07-wda-review")
    wda.click("button[value='act:approve']")

    page.goto(f"{base}/cases/sample/{case_pk}/")
    timeline = page.locator(".timeline").inner_text()
    assert "Payment due" in page.locator(".case-state").inner_text()
    assert timeline.count("\n") >= 5
    shots.take(page, "08-approved-timeline")
    assert_language(page, language)
    page.goto(base + "/home/")
    assert page.locator(".todo-payment").count() == 1
    for context in (wda_ctx, reviewer_ctx, applicant_ctx):
        context.close()


class ScreenshotTaker:
    def __init__(self, language):
        from tests.browser.conftest import SCREENSHOTS

        self.folder = SCREENSHOTS / f"case-journey-{language}"
        self.folder.mkdir(parents=True, exist_ok=True)

    def take(self, page, name):
        page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)
