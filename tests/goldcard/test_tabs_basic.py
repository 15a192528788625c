"""Basic data tab through the real views: names with hyphens, the date of birth, the
nationality against the eligibility answers, and the warning (not an error) about mainland
China mail providers."""

import datetime

import pytest
from django.utils import timezone

from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    field_errors,
    flash,
    flash_levels,
    review_url,
    section_url,
    shown_value,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def basic(case, **changes):
    return {**case.answers["basic"], **changes}


def post(client, case, data, **extra):
    return client.post(section_url(case, "basic"), data, **extra)


# --- names ---------------------------------------------------------------------------------


def test_hyphen_in_names_is_accepted_and_read_as_a_space(client, complete_draft, applicant):
    from portal.cases import drafts

    case = complete_draft()
    sign_in(client, applicant, "en")
    data = basic(case, surname="Smith-Jones", given_name="Anne-Marie  Lou")

    response = post(client, case, data)

    assert response.status_code == 302  # a hyphen is not an error
    case.refresh_from_db()
    assert case.answers["basic"]["surname"] == "Smith-Jones"  # stored as typed
    form = drafts.section_form(case, case.workflow.section("basic"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["surname"] == "SMITH JONES"
    assert form.cleaned_data["given_name"] == "ANNE MARIE LOU"
    assert shown_value(client.get(section_url(case, "basic")), "surname") == "Smith-Jones"


def test_the_name_shown_for_checking_and_recorded_has_no_hyphen(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    post(client, case, basic(case, surname="Smith-Jones", given_name="Anne-Marie"))

    page = text(client.get(review_url(case)))
    case.refresh_from_db()

    assert "SMITH JONES" in page
    assert "-" not in case.applicant_name


# --- date of birth ---------------------------------------------------------------------


@pytest.mark.parametrize("days_ahead", [0, 1, 365])
def test_date_of_birth_must_be_in_the_past(client, complete_draft, applicant, days_ahead):
    case = complete_draft()
    sign_in(client, applicant, "en")
    born = (timezone.localdate() + datetime.timedelta(days=days_ahead)).isoformat()

    response = post(client, case, basic(case, date_of_birth=born))

    assert response.status_code == 200
    assert field_errors(response, "date_of_birth") == ["The date of birth must be in the past."]
    case.refresh_from_db()
    assert case.answers["basic"]["date_of_birth"] == born
    assert shown_value(client.get(section_url(case, "basic")), "date_of_birth") == born


# --- nationality against the eligibility answers -------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_hk_macao_resident_with_another_nationality_is_an_error(
    client, complete_draft, applicant, language
):
    case = complete_draft(identity="hk_macao", nationality="HK")
    sign_in(client, applicant, language)

    response = post(client, case, basic(case, nationality="US"))

    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["nationality"]
    assert 'id="id_nationality_errors"' in text(response)
    if language == "en":
        assert field_errors(response, "nationality") == [
            "You said you are a Hong Kong or Macao resident: choose Hong Kong or Macao."
        ]
    case.refresh_from_db()
    assert case.answers["basic"]["nationality"] == "US"


@pytest.mark.parametrize("nationality", ["HK", "MO"])
def test_hk_macao_resident_with_hk_or_mo_is_accepted(
    client, complete_draft, applicant, nationality
):
    case = complete_draft(identity="hk_macao_mainland_born", nationality="HK")
    sign_in(client, applicant, "en")

    response = post(client, case, basic(case, nationality=nationality))

    assert response.status_code == 302


def test_foreign_national_choosing_hong_kong_is_an_error(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, basic(case, nationality="HK"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["nationality"]
    assert "You said you are a foreign national" in field_errors(response, "nationality")[0]


# --- mainland China mail providers: a warning, not an error ---------------------------


@pytest.mark.parametrize("email", ["someone@qq.com", "Someone@QQ.COM", "a.b@163.com"])
def test_mainland_mail_provider_warns_but_saves(client, complete_draft, applicant, email):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, basic(case, email=email))

    assert response.status_code == 302  # not an error: the tab is saved and left
    domain = email.rsplit("@", 1)[1].lower()
    messages = flash(response)
    assert any(f"{domain} is a mainland China mail provider" in m for m in messages), messages
    assert "warning" in flash_levels(response)
    case.refresh_from_db()
    assert case.answers["basic"]["email"] == email
    page = client.get(response["Location"])
    assert f"{domain} is a mainland China mail provider" in text(page)


def test_mainland_mail_warning_also_with_other_errors(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, basic(case, email="someone@qq.com", occupation=""))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["occupation"]
    assert "qq.com is a mainland China mail provider" in text(response)


def test_other_mail_providers_give_no_warning(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, basic(case, email="someone@qq.com.example.org"))

    assert response.status_code == 302
    assert not any("mainland China" in m for m in flash(response))
    assert "warning" not in flash_levels(response)


def test_mainland_mail_provider_warns_in_chinese_too(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "zh-hant")

    response = post(client, case, basic(case, email="someone@qq.com"))

    assert response.status_code == 302
    assert "warning" in flash_levels(response)
    assert any("qq.com" in m for m in flash(response))
    page = client.get(response["Location"])
    assert_language(page, "zh-hant")
    assert "message-warning" in text(page)


def test_autosave_reports_no_error_for_a_mainland_mail_provider(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, basic(case, email="someone@qq.com"), headers={"X-Autosave": "1"})

    assert response.json()["errors"] == {}
