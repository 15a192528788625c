"""An employer files many at once in a real browser at a phone's width, in both languages:
uploads a list, fixes a row in place on the batch page, submits the batch and reads which
rows were sent and which were not. Every page passes axe (WCAG 2.1 AA) and reflows."""

import csv

import pytest

from portal.accounts.models import Role
from portal.cases.documents import store_document
from tests.browser.checks import EveryPage, assert_language
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_case_journey import sign_in
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import MembershipFactory
from tests.sampleflow.models import SampleCase

ROWS = [
    ["NGUYEN", "Van An", "1990-05-17", "VN", "C1234567", "台北市中正區重慶南路一段122號", "no", ""],
    ["LE", "Van C", "17.05.1990", "VN", "D1112223", "台中市西屯區台灣大道三段99號", "no", ""],
    ["TRAN", "Thi B", "1992-01-02", "VN", "B7654321", "新北市板橋區中山路一段161號", "no", ""],
]


def words(language, text, context="") -> str:
    """`text` as the page shows it in `language` (the catalogue's, once translated)."""
    from django.utils import translation

    with translation.override(language):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def list_file(tmp_path, language):
    from django.utils import translation

    with translation.override(language):
        header = [str(column.header) for column in SampleCase.workflow.batch_columns]
    path = tmp_path / "workers.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *ROWS])
    return str(path)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_upload_fix_a_row_and_submit_the_batch(browser, live_server, tmp_path, language):
    employer = MembershipFactory(
        user__role=Role.EMPLOYER, user__email="hr@example.com", user__language=language
    ).user
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    pages = EveryPage(context)
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(name):
        page.screenshot(path=str(SCREENSHOTS / f"batch-{name}-{language}.png"), full_page=True)

    sign_in(page, base, employer.email)
    page.wait_for_url("**/")
    pages.check(page)
    # The home page offers filing many at once.
    page.click("a[href='/batches/sample/new/']")
    assert_language(page, language)
    pages.check(page)
    shot("new")

    page.set_input_files("#id_file", list_file(tmp_path, language))
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/batches/*/")
    pages.check(page)
    shot("uploaded")

    # The employer adds each worker's documents in the drafts, except the last worker's.
    drafts = list(SampleCase.objects.order_by("pk"))
    assert len(drafts) == 3
    for case in drafts[:2]:
        store_document(case, case.workflow.slot("photo"), png_upload(), user=employer)
        store_document(case, case.workflow.slot("passport"), pdf_upload(), user=employer)
    page.reload()

    row = page.locator("#row-3")
    assert row.locator("details").get_attribute("open") is not None  # a problem: open
    date = row.locator("input[name$='person__date_of_birth']")
    assert date.get_attribute("aria-invalid") == "true"
    date.fill("1990-05-17")
    row.locator("form button[type=submit]").click()
    page.wait_for_url("**/batches/*/#row-3")
    pages.check(page)
    assert words(language, "Ready to submit") in page.locator("#row-3 .status").inner_text()
    assert SampleCase.objects.get(pk=drafts[1].pk).answers["person"]["date_of_birth"] == (
        "1990-05-17"
    )
    shot("fixed")

    page.click("form.submit-form button[type=submit]")
    page.wait_for_load_state()
    pages.check(page)
    shot("submitted")

    numbers = [SampleCase.objects.get(pk=c.pk).number for c in drafts]
    assert numbers[0] and numbers[1] and numbers[2] is None
    assert numbers[0] in page.locator("#row-2").inner_text()
    submitted = words(language, "Submitted", "rows of a batch")
    assert submitted in page.locator("#row-3 .status").inner_text()
    last = page.locator("#row-4").inner_text()
    assert words(language, "Not submitted") in last
    messages = page.locator(".messages").inner_text()
    separator = words(language, ", ", "list separator")
    assert f"2{separator}3" in messages and "4" in messages

    # Signing in is checked by the account journey; every page of this one is checked here.
    assert [url for url in pages.unchecked() if "/accounts/sign-in/" not in url] == []
    assert not pages.found, pages.report()
    context.close()
