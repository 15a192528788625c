"""Visa tab through the real views: a yes to a background question needs an explanation;
the overseas mission is asked (and required) only of overseas applicants who are not Hong Kong
or Macao residents."""

import pytest

from goldcard.forms.sections import BACKGROUND_QUESTIONS
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    field_errors,
    has_field,
    section_url,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db
QUESTIONS = [code for code, _question in BACKGROUND_QUESTIONS]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def visa(case, **changes):
    return {**case.answers["visa"], **changes}


def post(client, case, data, **extra):
    return client.post(section_url(case, "visa"), data, **extra)


@pytest.mark.parametrize("code", QUESTIONS)
def test_yes_without_explanation_is_an_error_on_the_explanation(
    client, complete_draft, applicant, code
):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, visa(case, **{code: "yes", f"{code}_explanation": "  "}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"{code}_explanation"]
    assert field_errors(response, f"{code}_explanation") == [
        "You answered yes: explain what happened, when and where."
    ]
    case.refresh_from_db()
    assert case.answers["visa"][code] == "yes"


def test_yes_with_an_explanation_is_accepted(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    explanation = "Worked for a Taipei start-up in 2019 with a work permit."
    data = visa(case, worked_in_taiwan="yes", worked_in_taiwan_explanation=explanation)

    response = post(client, case, data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.answers["visa"]["worked_in_taiwan_explanation"] == explanation


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_unexplained_yes_is_marked(client, complete_draft, applicant, language):
    case = complete_draft()
    sign_in(client, applicant, language)
    data = visa(case, **dict.fromkeys(QUESTIONS, "yes"))

    response = post(client, case, data)

    assert response.status_code == 200
    assert_language(response, language)
    errors = set(response.context["form"].errors)
    assert errors == {f"{c}_explanation" for c in QUESTIONS}
    for code in QUESTIONS:
        assert f'id="id_{code}_explanation_errors"' in text(response)
    case.refresh_from_db()
    assert all(case.answers["visa"][code] == "yes" for code in QUESTIONS)


# --- the mission ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_mission_is_required_for_overseas_foreign_applicants(
    client, complete_draft, applicant, language
):
    case = complete_draft()
    sign_in(client, applicant, language)

    page = client.get(section_url(case, "visa"))
    response = post(client, case, visa(case, mission=""))

    assert has_field(page, "mission")
    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["mission"]
    assert 'id="id_mission_errors"' in text(response)
    if language == "en":
        assert field_errors(response, "mission") == ["This field is required."]


def test_overseas_foreign_applicant_with_a_mission_is_accepted(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, visa(case, mission="JP-TYO"))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.mission.code == "JP-TYO"


def test_mission_not_in_the_list_is_refused(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, visa(case, mission="XX-NOWHERE"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["mission"]


def test_autosave_stores_the_mission(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, visa(case, mission="JP-TYO"), headers={"X-Autosave": "1"})

    assert response.json()["errors"] == {}
    case.refresh_from_db()
    assert case.answers["visa"]["mission"] == "JP-TYO"


def test_saving_the_visa_tab_unchanged_keeps_the_stored_mission(client, complete_draft, applicant):
    case = complete_draft()
    assert case.answers["visa"]["mission"] == "US-SFO"
    sign_in(client, applicant, "en")

    client.post(section_url(case, "visa"), visa(case))

    case.refresh_from_db()
    assert case.answers["visa"].get("mission") == "US-SFO"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"identity": "hk_macao", "nationality": "HK"},
        {"identity": "hk_macao_mainland_born", "nationality": "MO"},
        {"in_taiwan": True},
        {"in_taiwan": True, "identity": "hk_macao", "nationality": "HK"},
    ],
    ids=["hk_overseas", "macao_mainland_born_overseas", "foreign_in_taiwan", "hk_in_taiwan"],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_mission_for_hk_macao_residents_and_applicants_in_taiwan(
    client, complete_draft, applicant, kwargs, language
):
    case = complete_draft(**kwargs)
    sign_in(client, applicant, language)

    page = client.get(section_url(case, "visa"))
    response = post(client, case, visa(case, mission=""))

    assert page.status_code == 200
    assert_language(page, language)
    assert not has_field(page, "mission")
    assert response.status_code == 302
    case.refresh_from_db()
    assert "mission" not in case.answers["visa"]
    assert case.mission is None
