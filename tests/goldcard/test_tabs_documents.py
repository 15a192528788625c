"""Documents tab through the real views: files judged by their content (wrong types refused,
nothing stored), the 1024 KB limit, and submitting without a required document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.cases.models import Document
from tests.goldcard.conftest import PDF_BYTES, png_bytes
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    documents_url,
    flash,
    review_url,
    sign_in,
    text,
    use_private_media,
)
from tests.pdf_files import pdf_of_size

pytestmark = pytest.mark.django_db
LIMIT = 1024 * 1024
TEXT = b"Name: Jane Doe\nPassport: X1234567\nThis is only text.\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    return use_private_media(settings, tmp_path)


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def upload(client, case, slot, name, content, content_type="application/octet-stream"):
    return client.post(
        documents_url(case),
        {"slot": slot, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def slot_html(response, slot):
    return text(response).split(f'id="slot-{slot}"', 1)[1].split("</li>", 1)[0]


def documents_of(case):
    return list(Document.objects.for_case(case).order_by("pk").values_list("pk", "slot"))


WRONG_TYPES = [
    ("other", "notes.txt", TEXT, "text/plain"),
    ("other", "scan.pdf", TEXT, "application/pdf"),
    ("passport_copy", "passport.pdf", TEXT, "application/pdf"),
    ("photo", "photo.png", TEXT, "image/png"),
    ("photo", "photo.jpg", b"\xff\xd8\xfe" + TEXT, "image/jpeg"),
]


@pytest.mark.parametrize(("slot", "name", "content", "content_type"), WRONG_TYPES)
def test_wrong_file_type_is_refused_and_nothing_stored(
    client, complete_draft, applicant, _private_media, slot, name, content, content_type
):
    case = complete_draft()
    sign_in(client, applicant, "en")
    before, files_before = documents_of(case), stored_files(_private_media)

    response = upload(client, case, slot, name, content, content_type)

    assert response.status_code == 400
    assert "This file is not a type we accept here. Please upload" in slot_html(response, slot)
    assert f'id="errors-{slot}"' in text(response)
    assert documents_of(case) == before
    assert stored_files(_private_media) == files_before
    assert not any(m.startswith("Uploaded:") for m in flash(response))


def test_photo_slot_refuses_a_pdf(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    before = documents_of(case)

    response = upload(client, case, "photo", "photo.pdf", PDF_BYTES, "application/pdf")

    assert response.status_code == 400
    assert "this slot needs a photo" in slot_html(response, "photo")
    assert documents_of(case) == before


def test_a_refused_replacement_keeps_the_current_document(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    current = Document.objects.for_case(case).current().get(slot="passport_copy")

    response = upload(client, case, "passport_copy", "new.pdf", TEXT)

    assert response.status_code == 400
    still = Document.objects.for_case(case).current().get(slot="passport_copy")
    assert still.pk == current.pk and still.replaced_at is None
    assert "passport_copy.pdf" in slot_html(response, "passport_copy")


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_file_type_in_both_languages(client, complete_draft, applicant, language):
    case = complete_draft()
    sign_in(client, applicant, language)
    before = documents_of(case)

    response = upload(client, case, "other", "notes.pdf", TEXT, "application/pdf")

    assert response.status_code == 400
    assert_language(response, language)
    assert 'id="errors-other"' in slot_html(response, "other")
    assert documents_of(case) == before


@pytest.mark.parametrize("slot", ["passport_copy", "other"])
def test_file_over_1024_kb_is_refused(client, complete_draft, applicant, _private_media, slot):
    case = complete_draft()
    sign_in(client, applicant, "en")
    before, files_before = documents_of(case), stored_files(_private_media)

    response = upload(client, case, slot, "big.pdf", pdf_of_size(LIMIT + 1), "application/pdf")

    assert response.status_code == 400
    assert "the limit for this document is 1 MB" in slot_html(response, slot)
    assert documents_of(case) == before
    assert stored_files(_private_media) == files_before


def test_photo_over_1024_kb_is_refused(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    content = png_bytes() + b"\0" * LIMIT  # a valid PNG made too large

    response = upload(client, case, "photo", "photo.png", content, "image/png")

    assert response.status_code == 400
    assert "the limit for this document is 1 MB" in slot_html(response, "photo")


def test_file_of_exactly_1024_kb_is_accepted(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = upload(client, case, "other", "annex.pdf", pdf_of_size(LIMIT), "application/pdf")

    assert response.status_code == 302
    assert "Uploaded: Other documents." in flash(response)
    stored = Document.objects.for_case(case).current().get(slot="other")
    assert stored.original_name == "annex.pdf"
    content = stored.file.open("rb").read()  # qpdf's rewrite: the padding comment is gone
    assert content.startswith(b"%PDF-") and stored.size == len(content) < LIMIT


def test_a_good_pdf_and_photo_are_stored(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    assert upload(client, case, "passport_copy", "p.pdf", PDF_BYTES).status_code == 302
    assert upload(client, case, "photo", "me.png", png_bytes()).status_code == 302

    current = Document.objects.for_case(case).current()
    assert current.get(slot="passport_copy").original_name == "p.pdf"
    assert current.get(slot="photo").original_name == "me.png"
    assert current.filter(slot="passport_copy").count() == 1


def test_upload_to_a_slot_that_does_not_apply_is_404(client, complete_draft, applicant):
    case = complete_draft()  # a foreign national: no Hong Kong/Macao identity card asked
    sign_in(client, applicant, "en")

    response = upload(client, case, "hk_macao_identity", "id.pdf", PDF_BYTES)

    assert response.status_code == 404
    assert not Document.objects.for_case(case).filter(slot="hk_macao_identity").exists()


# --- a required document missing at submission ---------------------------------------


def remove_salary_proof(client, case):
    document = Document.objects.for_case(case).current().get(slot="salary_proof")
    response = client.post(documents_url(case), {"remove": str(document.pk)})
    assert response.status_code == 302
    assert "salary_proof" not in set(
        Document.objects.for_case(case).current().values_list("slot", flat=True)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_submit_without_a_required_document_goes_to_the_documents_tab(
    client, complete_draft, applicant, language
):
    case = complete_draft(in_taiwan=True)  # every tab complete (see test_tabs_visa)
    sign_in(client, applicant, language)
    remove_salary_proof(client, case)

    response = client.post(review_url(case), {"action": "submit"})

    assert response.status_code == 302
    assert response["Location"] == documents_url(case)
    if language == "en":
        assert "The application is not complete yet." in flash(response)
    case.refresh_from_db()
    assert case.state == "draft" and case.number is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert_language(page, language)
    assert "message-error" in text(page)
    slot = slot_html(page, "salary_proof")
    assert 'class="req"' in slot  # the missing document is marked required, with no file
    assert "current-file" not in slot
    documents_tab = text(page).split('aria-current="step"', 1)[1].split("</a>", 1)[0]
    assert "tab-status todo" in documents_tab


def test_review_tab_lists_the_missing_document(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    remove_salary_proof(client, case)

    before = text(client.get(review_url(case)))
    client.post(review_url(case), {"action": "submit"})  # refused: now the problems are listed
    page = text(client.get(review_url(case)))

    assert "Still missing before you can submit" not in before
    assert f'<li><a href="{documents_url(case)}">Document upload</a></li>' in before
    assert "Still missing before you can submit" in page
    assert f'href="{documents_url(case)}">Document upload · Proof of salary</a>' in page
    assert "This document is required." in page


def test_refused_submission_names_the_missing_document(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    remove_salary_proof(client, case)

    response = client.post(review_url(case), {"action": "submit"}, follow=True)

    messages = " ".join(flash(response))
    assert "Proof of salary" in messages


def test_complete_draft_is_submitted_from_the_review_tab(
    client, complete_draft, applicant, fee_schedule
):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")

    response = client.post(review_url(case), {"action": "submit"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "payment_due" and case.number
    assert response["Location"] == reverse("cases:detail", args=["goldcard", case.pk])


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Document upload"), ("zh-hant", "文件上傳")]
)
def test_the_documents_page_is_titled_as_its_tab(
    client, complete_draft, applicant, language, title
):
    """The seed's name for the tab (文件上傳), on the tab, the intro and the page alike."""
    case = complete_draft()
    sign_in(client, applicant, language)
    page = text(client.get(documents_url(case)))
    assert f"<h1>{title}</h1>" in page
