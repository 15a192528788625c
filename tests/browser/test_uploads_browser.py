"""Uploading into a slot in a real browser: with JavaScript the page is not reloaded (its
URL and a marker set by the test survive), the slot is replaced in place, focus stays there
and the outcome is announced; without JavaScript the form posts and the page comes back at
the slot. Either way a refused file is named in its error, and the error list passes axe."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from portal.cases.models import Document
from tests.browser.checks import axe_violations, describe
from tests.browser.test_case_journey import sign_in
from tests.factories import SampleCaseFactory, UserFactory


def photo_file(tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (400, 520), (180, 160, 150)).save(out, "JPEG")
    path = tmp_path / "me.jpg"
    path.write_bytes(out.getvalue())
    return str(path)


def program_file(tmp_path):
    path = tmp_path / "passport.exe"
    path.write_bytes(b"MZ\x90\x00 a program, not a picture")
    return str(path)


@pytest.fixture
def draft_page(browser, live_server, transactional_db):
    applicant = UserFactory(email="uploader@example.com", language="en")
    case = SampleCaseFactory(owner=applicant)

    def open_page(javascript=True):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, java_script_enabled=javascript
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        sign_in(page, live_server.url, applicant.email)
        page.goto(f"{live_server.url}/cases/sample/{case.pk}/edit/documents/")
        return page

    return case, open_page


def test_upload_without_a_reload(draft_page, tmp_path):
    case, open_page = draft_page
    page = open_page()
    url = page.url
    page.evaluate("window.__notReloaded = 'still here'")

    page.set_input_files("#file-photo", program_file(tmp_path))
    page.click("#slot-photo form.upload button")
    error = page.locator("#errors-photo")
    error.wait_for()

    assert "passport.exe: This file is not a type we accept here." in error.inner_text()
    assert page.evaluate("window.__notReloaded") == "still here"
    assert page.url == url
    assert page.evaluate("document.activeElement.id") == "file-photo"
    expect(page.locator("[data-upload-announcer]")).to_contain_text("passport.exe: ")
    violations = [v for v in axe_violations(page) if v["id"] in {"listitem", "list"}]
    assert not violations, describe(violations)

    page.set_input_files("#file-photo", photo_file(tmp_path))
    page.click("#slot-photo form.upload button")
    page.locator("#slot-photo .current-file").wait_for()

    assert page.locator("#errors-photo").count() == 0
    assert "me.jpg" in page.locator("#slot-photo .current-file").inner_text()
    assert page.evaluate("window.__notReloaded") == "still here"
    assert page.url == url
    expect(page.locator("[data-upload-announcer]")).to_have_text("Uploaded: Photo.")
    assert Document.objects.for_case(case).get().original_name == "me.jpg"


def test_without_javascript_the_page_comes_back_at_the_slot(draft_page, tmp_path):
    case, open_page = draft_page
    page = open_page(javascript=False)

    page.set_input_files("#file-passport", program_file(tmp_path))
    page.click("#slot-passport form.upload button")
    page.wait_for_url("**/edit/documents/#slot-passport")

    assert (
        "passport.exe: This file is not a type we accept here."
        in page.locator("#errors-passport").inner_text()
    )
    assert page.locator("#errors-passport").get_attribute("role") == "alert"

    page.set_input_files("#file-passport", photo_file(tmp_path))
    page.click("#slot-passport form.upload button")
    page.wait_for_url("**/edit/documents/#slot-passport")
    page.locator("#slot-passport .current-file").wait_for()
    assert Document.objects.for_case(case).get().slot == "passport"
