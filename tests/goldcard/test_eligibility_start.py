"""Starting a Gold Card application through the real views (/goldcard/new/): who is stopped,
what must be answered, the warnings, the draft created (with the filer for employers) and the
terms of use that open the tabs."""

import re

import pytest
from django.urls import reverse

from goldcard.models import GoldCardCase
from tests.factories import MembershipFactory, UserFactory
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    documents_url,
    flash,
    flash_levels,
    review_url,
    section_url,
    sign_in,
    terms_url,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db
START = "/goldcard/new/"
SEVEN_DAYS = (
    "You apply from inside Taiwan: stay in Taiwan for at least 7 days after you submit the "
    "application."
)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


@pytest.fixture(autouse=True)
def _goldcard_data(goldcard_reference):
    pass


def answers(**changes):
    data = {
        "acknowledge": "on",
        "held_gold_card": "no",
        "identity": "foreign",
        "in_taiwan": "no",
        "entry_document": "",
        "roc_national": "no",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def errors(response):
    return response.context["form"].errors


def test_start_url_is_goldcard_new():
    assert reverse("goldcard:start") == START


# --- stopped, or asked again ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_roc_national_with_household_registration_is_stopped(client, applicant, language):
    sign_in(client, applicant, language)

    response = client.post(START, answers(roc_national="with_household"))

    assert response.status_code == 400
    assert_language(response, language)
    assert 'id="not-eligible"' in text(response)
    assert response.context["not_eligible"] is True
    if language == "en":
        assert "You cannot apply for the Employment Gold Card" in text(response)
        assert "Nothing has been saved and no fee is due." in text(response)
    assert not GoldCardCase.objects.exists()


def test_roc_national_with_household_is_stopped_even_with_other_errors(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(
        START, answers(roc_national="with_household", acknowledge=None, in_taiwan="yes")
    )

    assert response.status_code == 400
    assert 'id="not-eligible"' in text(response)
    assert not GoldCardCase.objects.exists()


def test_roc_national_without_household_registration_may_apply(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(roc_national="without_household"))

    assert response.status_code == 302
    assert GoldCardCase.objects.count() == 1


def test_other_errors_do_not_show_the_not_eligible_notice(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(acknowledge=None))

    assert 'id="not-eligible"' not in text(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_acknowledgement_is_an_error(client, applicant, language):
    sign_in(client, applicant, language)

    response = client.post(START, answers(acknowledge=None))

    assert response.status_code == 400
    assert_language(response, language)
    assert list(errors(response)) == ["acknowledge"]
    assert 'id="id_acknowledge_errors"' in text(response)
    if language == "en":
        assert errors(response)["acknowledge"] == ["Please confirm that you have read this."]
    assert not GoldCardCase.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_in_taiwan_without_entry_document_is_an_error(client, applicant, language):
    sign_in(client, applicant, language)

    response = client.post(START, answers(in_taiwan="yes", entry_document=""))

    assert response.status_code == 400
    assert_language(response, language)
    assert list(errors(response)) == ["entry_document"]
    if language == "en":
        assert errors(response)["entry_document"] == [
            "Tell us the document you entered Taiwan with."
        ]
    assert not GoldCardCase.objects.exists()


@pytest.mark.parametrize("missing", ["held_gold_card", "identity", "in_taiwan", "roc_national"])
def test_every_question_must_be_answered(client, applicant, missing):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(**{missing: None}))

    assert response.status_code == 400
    assert missing in errors(response)
    assert not GoldCardCase.objects.exists()


# --- warnings ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_in_taiwan_shows_the_seven_day_warning(client, applicant, language):
    sign_in(client, applicant, language)

    response = client.post(
        START, answers(in_taiwan="yes", entry_document="visitor_60_unrestricted")
    )

    assert response.status_code == 302
    case = GoldCardCase.objects.get()
    assert response["Location"] == terms_url(case)
    assert "warning" in flash_levels(response)
    page = client.get(response["Location"])
    assert_language(page, language)
    assert "message-warning" in text(page)
    if language == "en":
        assert SEVEN_DAYS in flash(response)
        assert SEVEN_DAYS in text(page)


def test_applying_from_abroad_gives_no_seven_day_warning(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(in_taiwan="no"))

    assert SEVEN_DAYS not in flash(response)


def test_visa_exempt_entry_also_warns_about_the_stay(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(in_taiwan="yes", entry_document="visa_exempt"))

    messages = flash(response)
    assert SEVEN_DAYS in messages
    assert any("visa-exempt stay" in m for m in messages)


# --- the draft -------------------------------------------------------------------------


def test_valid_answers_create_a_draft_and_lead_to_the_terms(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(in_taiwan="no", entry_document="valid_arc"))

    assert response.status_code == 302
    case = GoldCardCase.objects.get()
    assert response["Location"] == terms_url(case)
    assert case.owner == applicant and case.is_draft
    assert case.filer is None and case.filer_organisation is None
    stored = case.answers["eligibility"]
    assert stored["identity"] == "foreign" and stored["in_taiwan"] == "no"
    assert stored["entry_document"] == ""  # only asked of applicants in Taiwan
    assert "acknowledge" not in stored and stored["acknowledged_at"]
    assert stored["terms_accepted_at"] == ""


def test_employer_files_with_the_organisation(client):
    membership = MembershipFactory()
    employer = membership.user
    sign_in(client, employer, "en")

    page = client.get(START)
    response = client.post(START, answers())

    assert page.status_code == 200
    assert "You file as an employer for your employee." in text(page)
    assert response.status_code == 302
    case = GoldCardCase.objects.get()
    assert case.owner == employer
    assert case.filer == employer
    assert case.filer_organisation == membership.organisation


def test_reviewers_cannot_start_an_application(client):
    sign_in(client, UserFactory(reviewer=True), "en")

    assert client.get(START).status_code == 404
    assert client.post(START, answers()).status_code == 404
    assert not GoldCardCase.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(START)

    assert response.status_code == 302
    assert "next=/goldcard/new/" in response["Location"]


# --- the terms of use open the tabs -----------------------------------------------------


@pytest.fixture
def fresh_draft(client, applicant):
    sign_in(client, applicant, "en")
    client.post(START, answers())
    return GoldCardCase.objects.get()


def test_tabs_redirect_to_the_terms_until_accepted(client, fresh_draft):
    case = fresh_draft
    urls = [section_url(case, code) for code in ("basic", "passport", "visa", "field")]
    urls += [documents_url(case), review_url(case)]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == terms_url(case), url
    response = client.post(section_url(case, "basic"), {"surname": "Sneaky"})
    assert response["Location"] == terms_url(case)
    case.refresh_from_db()
    assert "basic" not in case.answers


@pytest.mark.parametrize("language", LANGUAGES)
def test_terms_not_ticked_is_an_error(client, applicant, fresh_draft, language):
    case = fresh_draft
    sign_in(client, applicant, language)
    page = client.get(terms_url(case))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page)).group(1)

    # What a browser sends with the box not ticked: the CSRF token only.
    response = client.post(terms_url(case), {"csrfmiddlewaretoken": token})

    assert response.status_code == 400
    assert_language(response, language)
    assert list(errors(response)) == ["accept"]
    assert 'id="id_accept_errors"' in text(response)
    if language == "en":
        assert errors(response)["accept"] == ["You must accept the terms of use to go on."]
    case.refresh_from_db()
    assert case.answers["eligibility"]["terms_accepted_at"] == ""
    assert client.get(section_url(case, "basic"))["Location"] == terms_url(case)


def test_accepting_the_terms_opens_the_tabs(client, fresh_draft):
    case = fresh_draft

    response = client.post(terms_url(case), {"accept": "on"})

    assert response.status_code == 302
    assert response["Location"] == section_url(case, "basic")
    case.refresh_from_db()
    assert case.answers["eligibility"]["terms_accepted_at"]
    assert client.get(section_url(case, "basic")).status_code == 200
    assert client.get(documents_url(case)).status_code == 200
    assert client.get(review_url(case)).status_code == 200


def test_answering_again_keeps_the_accepted_terms(client, fresh_draft):
    case = fresh_draft
    client.post(terms_url(case), {"accept": "on"})
    case.refresh_from_db()
    accepted = case.answers["eligibility"]["terms_accepted_at"]

    response = client.post(
        reverse("goldcard:eligibility", args=[case.pk]),
        answers(in_taiwan="yes", entry_document="visa_exempt"),
    )

    assert response.status_code == 302
    assert GoldCardCase.objects.count() == 1
    case.refresh_from_db()
    assert case.answers["eligibility"]["terms_accepted_at"] == accepted
    assert case.answers["eligibility"]["in_taiwan"] == "yes"
    assert response["Location"] == section_url(case, "basic")


def test_a_draft_without_answers_goes_to_the_questions_first(client, applicant):
    case = GoldCardCase.objects.create(owner=applicant, language="en")
    sign_in(client, applicant, "en")

    assert client.get(section_url(case, "basic"))["Location"] == reverse(
        "goldcard:eligibility", args=[case.pk]
    )
    assert client.get(terms_url(case))["Location"] == reverse(
        "goldcard:eligibility", args=[case.pk]
    )
