"""Saving the tabs through the real views: a save goes to the first incomplete tab (or the
tab clicked), an invalid save stays with the errors, autosave stores and answers JSON, and
a whole application can be filled in tab by tab and submitted."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.goldcard.conftest import PDF_BYTES, goldcard_answers, png_bytes
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    documents_url,
    flash,
    review_url,
    section_url,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db
TABS = ("basic", "passport", "visa", "residence", "field")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def drop_sections(case, *codes):
    case.answers = {k: v for k, v in case.answers.items() if k not in codes}
    case.save(update_fields=["answers"])


@pytest.mark.parametrize(
    ("missing", "expected"),
    [(("passport",), "passport"), (("residence", "field"), "residence"), (("field",), "field")],
)
def test_save_goes_to_the_first_incomplete_tab(
    client, complete_draft, applicant, missing, expected
):
    case = complete_draft(in_taiwan=True)
    drop_sections(case, *missing)
    sign_in(client, applicant, "en")

    response = client.post(section_url(case, "basic"), case.answers["basic"])

    assert response.status_code == 302
    assert response["Location"] == section_url(case, expected)
    assert "Saved." in flash(response)


def test_save_goes_to_the_documents_tab_when_only_a_document_is_missing(
    client, complete_draft, applicant
):
    from portal.cases.documents import current_documents, remove_document

    case = complete_draft(in_taiwan=True)
    remove_document(case, current_documents(case)["photo"])
    sign_in(client, applicant, "en")

    response = client.post(section_url(case, "basic"), case.answers["basic"])

    assert response["Location"] == documents_url(case)


def test_save_of_a_complete_draft_goes_to_the_saved_tab(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")

    response = client.post(section_url(case, "passport"), case.answers["passport"])

    assert response["Location"] == section_url(case, "passport")


def test_an_earlier_incomplete_tab_comes_first(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    case.answers["basic"]["date_of_birth"] = "2999-01-01"
    case.save(update_fields=["answers"])
    sign_in(client, applicant, "en")

    response = client.post(section_url(case, "residence"), case.answers["residence"])

    assert response["Location"] == section_url(case, "basic")


@pytest.mark.parametrize("language", LANGUAGES)
def test_invalid_save_stays_on_the_tab_and_keeps_everything(
    client, complete_draft, applicant, language
):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, language)
    typed = {**case.answers["basic"], "given_name": "Typed Name", "date_of_birth": "2999-01-01"}

    response = client.post(section_url(case, "basic"), typed)

    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["date_of_birth"]
    if language == "en":
        assert "Saved. Please correct the fields marked below." in flash(response)
    case.refresh_from_db()
    assert case.answers["basic"]["given_name"] == "Typed Name"
    assert case.answers["basic"]["date_of_birth"] == "2999-01-01"


def test_clicking_another_tab_saves_even_when_invalid(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    typed = {**case.answers["passport"], "expiry_date": "2001-01-01", "goto": "field"}

    response = client.post(section_url(case, "passport"), typed)

    assert response.status_code == 302
    assert response["Location"] == section_url(case, "field")
    case.refresh_from_db()
    assert case.answers["passport"]["expiry_date"] == "2001-01-01"
    assert "goto" not in case.answers["passport"]


def test_clicking_the_review_tab_goes_there(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    data = {**case.answers["basic"], "goto": "review"}

    response = client.post(section_url(case, "basic"), data)

    assert response["Location"] == review_url(case)


def test_unknown_goto_falls_back_to_the_first_incomplete_tab(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    drop_sections(case, "visa")
    sign_in(client, applicant, "en")
    data = {**case.answers["basic"], "goto": "https://evil.example/"}

    response = client.post(section_url(case, "basic"), data)

    assert response["Location"] == section_url(case, "visa")


# --- autosave ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_autosave_stores_and_returns_json_with_errors(client, complete_draft, applicant, language):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, language)
    typed = {**case.answers["passport"], "expiry_date": "2001-01-01", "place_of_issue": ""}

    response = client.post(section_url(case, "passport"), typed, headers={"X-Autosave": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert re.fullmatch(r"\d\d:\d\d:\d\d", body["saved_at"])
    assert set(body["errors"]) == {"expiry_date", "place_of_issue"}
    assert all(isinstance(m, str) and m for m in body["errors"]["expiry_date"])
    if language == "en":
        assert any("This passport has expired" in m for m in body["errors"]["expiry_date"])
    case.refresh_from_db()
    assert case.answers["passport"]["expiry_date"] == "2001-01-01"
    assert case.answers["passport"]["place_of_issue"] == ""


def test_autosave_of_a_valid_tab_has_no_errors(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    typed = {**case.answers["basic"], "occupation": "Data scientist"}

    response = client.post(section_url(case, "basic"), typed, headers={"X-Autosave": "1"})

    assert response.json()["errors"] == {}
    case.refresh_from_db()
    assert case.answers["basic"]["occupation"] == "Data scientist"
    assert case.applicant_name == "DOE JANE MARY"


def test_autosave_of_a_partly_filled_new_tab(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    drop_sections(case, "residence")
    sign_in(client, applicant, "en")

    response = client.post(
        section_url(case, "residence"), {"term_years": "2"}, headers={"X-Autosave": "1"}
    )

    body = response.json()
    assert "held_arc_before" in body["errors"] and "term_years" not in body["errors"]
    case.refresh_from_db()
    assert case.answers["residence"]["term_years"] == "2"
    assert not case.answers["residence"]["road"]


# --- a whole application through the tabs --------------------------------------------


def start_draft(client, *, in_taiwan):
    answers = {
        "acknowledge": "on",
        "held_gold_card": "no",
        "identity": "foreign",
        "in_taiwan": "yes" if in_taiwan else "no",
        "entry_document": "visa_exempt" if in_taiwan else "",
        "roc_national": "no",
        "accept": "on",  # the terms of use, on the same page
    }
    response = client.post(reverse("goldcard:start"), answers)
    assert response.status_code == 302
    from goldcard.models import GoldCardCase

    case = GoldCardCase.objects.get()
    assert response["Location"] == section_url(case, "basic")
    return case


def fill_every_tab(client, case, *, in_taiwan):
    answers = goldcard_answers(in_taiwan=in_taiwan)
    for code in TABS:
        response = client.post(section_url(case, code), answers[code])
        assert response.status_code == 302, (code, response.context["form"].errors)
    for slot, name, content in [
        ("photo", "me.png", png_bytes()),
        ("passport_copy", "passport.pdf", PDF_BYTES),
        ("salary_proof", "salary.pdf", PDF_BYTES),
    ]:
        upload = SimpleUploadedFile(name, content)
        assert client.post(documents_url(case), {"slot": slot, "file": upload}).status_code == 302


def test_applicant_in_taiwan_fills_every_tab_and_submits(
    client, applicant, reference_data, goldcard_reference
):
    sign_in(client, applicant, "en")
    case = start_draft(client, in_taiwan=True)
    fill_every_tab(client, case, in_taiwan=True)

    page = client.get(review_url(case))
    assert "Still missing before you can submit" not in text(page)
    response = client.post(review_url(case), {"action": "submit"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "payment_due" and case.number
    assert case.pickup_station_id is not None and case.term_years == 3


def test_applicant_abroad_fills_every_tab_and_submits(
    client, applicant, reference_data, goldcard_reference
):
    sign_in(client, applicant, "en")
    case = start_draft(client, in_taiwan=False)
    fill_every_tab(client, case, in_taiwan=False)

    response = client.post(review_url(case), {"action": "submit"})

    case.refresh_from_db()
    assert case.state == "payment_due", response.get("Location")
    assert case.mission.code == "US-SFO"
