"""Starting a Gold Card application through the real views (/goldcard/new/): who is stopped
(and who cannot file at all), what must be answered, the warnings, the fees shown first, the
draft created (with the filer for employers) and the terms of use, accepted on the same page,
that open the tabs."""

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
        "accept": "on",
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
    assert response["Location"] == section_url(case, "basic")
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


def test_valid_answers_and_the_terms_create_a_draft_and_open_the_tabs(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(START, answers(in_taiwan="no", entry_document="valid_arc"))

    assert response.status_code == 302
    case = GoldCardCase.objects.get()
    assert response["Location"] == section_url(case, "basic")
    assert case.owner == applicant and case.is_draft
    assert case.filer is None and case.filer_organisation is None
    stored = case.answers["eligibility"]
    assert stored["identity"] == "foreign" and stored["in_taiwan"] == "no"
    assert stored["entry_document"] == ""  # only asked of applicants in Taiwan
    assert "acknowledge" not in stored and stored["acknowledged_at"]
    assert "accept" not in stored and stored["terms_accepted_at"]
    assert client.get(section_url(case, "basic")).status_code == 200


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


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["reviewer", "school"])
def test_who_cannot_file_is_told_so_instead_of_a_dead_end(client, kind, language):
    if kind == "reviewer":
        user = UserFactory(reviewer=True)
    else:
        user = MembershipFactory(user__role="school", organisation__kind="school").user
    sign_in(client, user, language)

    page = client.get(START)
    posted = client.post(START, answers())

    assert page.status_code == 403 and posted.status_code == 403
    assert_language(page, language)
    if language == "en":
        assert "This account cannot file a Gold Card application" in text(page)
    assert not GoldCardCase.objects.exists()


def test_the_start_page_shows_the_fees_and_the_processing_time(client, applicant, fee_schedule):
    sign_in(client, applicant, "en")

    page = text(client.get(START))

    table = page.split('<table class="fees">')[1].split("</table>")[0]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>", table)
    amounts = {label: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for label, cells in rows}
    assert amounts["Most applicants"] == ["NT$ 3,700", "NT$ 4,700", "NT$ 5,700"]
    assert amounts["Applying in Taiwan with a valid resident certificate (ARC)"] == [
        "NT$ 1,500",
        "NT$ 2,500",
        "NT$ 3,500",
    ]
    assert amounts["Hong Kong or Macao residents"] == ["NT$ 3,100"] * 3
    assert "the agencies aim to decide within 20 days of payment" in page
    assert page.index('class="fees"') < page.index('name="held_gold_card"')


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(START)

    assert response.status_code == 302
    assert "next=/goldcard/new/" in response["Location"]


# --- the terms of use, on the same page ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_terms_not_ticked_is_an_error_and_nothing_is_created(client, applicant, language):
    sign_in(client, applicant, language)

    response = client.post(START, answers(accept=None))

    assert response.status_code == 400
    assert_language(response, language)
    assert list(errors(response)) == ["accept"]
    assert 'id="id_accept_errors"' in text(response)
    if language == "en":
        assert errors(response)["accept"] == ["You must accept the terms of use to go on."]
    # What was answered is shown back, ticked as it was.
    assert re.search(r'<input[^>]*name="identity"[^>]*value="foreign"[^>]*checked', text(response))
    assert not GoldCardCase.objects.exists()


def test_the_terms_are_shown_before_their_checkbox(client, applicant):
    sign_in(client, applicant, "en")

    page = text(client.get(START))

    assert page.index('id="terms-title"') < page.index('name="accept"')
    assert page.index('name="roc_national"') < page.index('id="terms-title"')


@pytest.fixture
def unaccepted_draft(applicant):
    """A draft saved when the terms were a page of their own, left before accepting them."""
    return GoldCardCase.objects.create(
        owner=applicant,
        language="en",
        answers={"eligibility": {**answers(), "accept": None, "terms_accepted_at": ""}},
    )


def test_tabs_go_to_the_questions_and_terms_until_accepted(client, applicant, unaccepted_draft):
    case = unaccepted_draft
    sign_in(client, applicant, "en")
    questions = reverse("goldcard:eligibility", args=[case.pk])
    urls = [section_url(case, code) for code in ("basic", "passport", "visa", "field")]
    urls += [documents_url(case), review_url(case), terms_url(case)]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == questions, url
    response = client.post(section_url(case, "basic"), {"surname": "Sneaky"})
    assert response["Location"] == questions
    case.refresh_from_db()
    assert "basic" not in case.answers
    page = client.get(questions)
    assert 'name="accept"' in text(page)


def test_accepting_the_terms_of_an_old_draft_opens_the_tabs(client, applicant, unaccepted_draft):
    case = unaccepted_draft
    sign_in(client, applicant, "en")

    response = client.post(reverse("goldcard:eligibility", args=[case.pk]), answers())

    assert response.status_code == 302
    assert response["Location"] == section_url(case, "basic")
    assert GoldCardCase.objects.count() == 1
    case.refresh_from_db()
    assert case.answers["eligibility"]["terms_accepted_at"]
    assert client.get(section_url(case, "basic")).status_code == 200
    assert client.get(documents_url(case)).status_code == 200
    assert client.get(review_url(case)).status_code == 200


def test_answering_again_keeps_the_accepted_terms(client, applicant):
    sign_in(client, applicant, "en")
    client.post(START, answers())
    case = GoldCardCase.objects.get()
    accepted = case.answers["eligibility"]["terms_accepted_at"]
    url = reverse("goldcard:eligibility", args=[case.pk])

    page = client.get(url)
    response = client.post(url, answers(accept=None, in_taiwan="yes", entry_document="visa_exempt"))

    assert 'name="accept"' not in text(page)  # accepted once is enough
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
