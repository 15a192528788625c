"""Professional field tab through the real views: the criterion must belong to the field;
changing the field or criterion drops the proof uploaded for the old one, with a warning
before (the documents at stake) and after (what was removed)."""

import pytest

from portal.cases.models import Document
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    documents_url,
    field_errors,
    flash,
    flash_levels,
    section_url,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db
DROPPED = "These documents no longer fit your answers and were removed: Proof of salary."


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def criterion(field, code):
    from goldcard.models import QualificationCriterion

    return str(QualificationCriterion.objects.get(field__code=field, code=code).pk)


def current_slots(case):
    return set(Document.objects.for_case(case).current().values_list("slot", flat=True))


def post(client, case, data, **extra):
    return client.post(section_url(case, "field"), data, **extra)


@pytest.mark.parametrize("language", LANGUAGES)
def test_criterion_of_another_field_is_an_error(client, complete_draft, applicant, language):
    case = complete_draft()
    sign_in(client, applicant, language)
    data = {"field": "digital", "criterion": criterion("finance", "finance_executive")}

    response = post(client, case, data)

    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["criterion"]
    assert 'id="id_criterion_errors"' in text(response)
    if language == "en":
        assert field_errors(response, "criterion") == ["Choose a criterion of the field you chose."]
    case.refresh_from_db()
    assert case.answers["field"] == data


def test_salary_criterion_of_the_same_field_is_accepted(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, {"field": "law", "criterion": criterion("law", "salary_160k")})

    assert response.status_code == 302


@pytest.mark.parametrize("language", LANGUAGES)
def test_tab_lists_the_documents_at_stake_before_a_change(
    client, complete_draft, applicant, language
):
    case = complete_draft()
    sign_in(client, applicant, language)

    page = client.get(section_url(case, "field"))

    assert page.status_code == 200
    assert_language(page, language)
    assert 'id="documents-at-stake"' in text(page)
    notice = text(page).split('id="documents-at-stake"', 1)[1].split("</div>", 1)[0]
    assert "salary_proof.pdf" in notice
    if language == "en":
        assert "Proof of salary" in notice
    assert "passport_copy.pdf" not in notice  # does not depend on the field


def test_no_documents_at_stake_without_an_upload(client, complete_draft, applicant):
    from portal.cases.documents import current_documents, remove_document

    case = complete_draft()
    remove_document(case, current_documents(case)["salary_proof"])
    sign_in(client, applicant, "en")

    page = client.get(section_url(case, "field"))

    assert 'id="documents-at-stake"' not in text(page)


@pytest.mark.parametrize(
    "data",
    [
        {"field": "finance", "criterion": ("finance", "salary_160k")},
        {"field": "digital", "criterion": ("digital", "digital_expertise")},
    ],
    ids=["field_changed", "criterion_changed"],
)
def test_changing_field_or_criterion_drops_the_salary_proof(
    client, complete_draft, applicant, data
):
    case = complete_draft()
    assert "salary_proof" in current_slots(case)
    sign_in(client, applicant, "en")
    data = {"field": data["field"], "criterion": criterion(*data["criterion"])}

    response = post(client, case, data)

    assert response.status_code == 302
    assert DROPPED in flash(response)
    assert "warning" in flash_levels(response)
    assert "salary_proof" not in current_slots(case)
    assert {"photo", "passport_copy"} <= current_slots(case)  # others untouched
    # A draft's dropped document is deleted: nobody has reviewed it (ADR 0010).
    assert not Document.objects.for_case(case).filter(slot="salary_proof").exists()
    case.refresh_from_db()
    assert case.answers["field"] == data
    page = client.get(response["Location"], follow=True)
    assert DROPPED in text(page)
    documents = text(client.get(documents_url(case)))
    slot = documents.split('id="slot-salary_proof"', 1)[-1].split("</li>", 1)[0]
    assert "salary_proof.pdf" not in documents
    assert "Uploaded:" not in slot


def test_saving_the_same_field_keeps_the_proof(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, dict(case.answers["field"]))

    assert response.status_code == 302
    assert not any("no longer fit" in m for m in flash(response))
    assert "salary_proof" in current_slots(case)


def test_an_invalid_change_drops_the_proof_too_and_says_so(client, complete_draft, applicant):
    """Answers are stored whatever their validity, so an invalid change still changes them."""
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = {"field": "digital", "criterion": criterion("finance", "finance_executive")}

    response = post(client, case, data)

    assert response.status_code == 200
    assert DROPPED in text(response)
    assert "salary_proof" not in current_slots(case)


def test_changing_the_field_in_chinese_warns(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "zh-hant")
    data = {"field": "finance", "criterion": criterion("finance", "salary_160k")}

    response = post(client, case, data)

    assert response.status_code == 302
    assert "warning" in flash_levels(response)
    assert "salary_proof" not in current_slots(case)
    page = client.get(response["Location"], follow=True)
    assert_language(page, "zh-hant")
    assert "message-warning" in text(page)


def test_autosave_of_a_change_drops_the_proof_and_warns_on_the_next_page(
    client, complete_draft, applicant
):
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = {"field": "finance", "criterion": criterion("finance", "salary_160k")}

    response = post(client, case, data, headers={"X-Autosave": "1"})

    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == {}
    assert "salary_proof" not in current_slots(case)
    assert DROPPED in text(client.get(section_url(case, "field")))
