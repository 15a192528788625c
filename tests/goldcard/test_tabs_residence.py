"""Residence tab through the real views: the UI number (shape, check digit, both formats),
an earlier ARC without its number, the Taiwan address and pickup station for applicants in
Taiwan, an optional address for applicants abroad, a district of another county."""

import pytest

from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    field_errors,
    flash,
    section_url,
    selected_value,
    shown_value,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db

ADDRESS_REQUIRED = ("county", "district", "road", "number")
ADDRESS_PARTS = (
    "county", "district", "village", "neighbourhood", "road", "section", "lane", "alley",
    "number", "floor",
)  # fmt: skip
EMPTY_ADDRESS = dict.fromkeys(ADDRESS_PARTS, "")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def residence(case, **changes):
    return {**case.answers["residence"], **changes}


def post(client, case, data):
    return client.post(section_url(case, "residence"), data)


# --- UI number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ui_number", "message"),
    [
        ("12345678", "Enter a valid UI number: one letter, then 8 or 9"),
        ("A1234567890", "Enter a valid UI number: one letter, then 8 or 9"),
        ("AE00000009", "Enter a valid UI number: one letter, then 8 or 9"),
        ("A800000015", "the check digit does not match"),
        ("AA00000008", "the check digit does not match"),
    ],
)
def test_bad_ui_number_is_explained_and_kept(client, complete_draft, applicant, ui_number, message):
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = residence(case, held_arc_before="yes", ui_number=ui_number)

    response = post(client, case, data)

    assert response.status_code == 200
    errors = field_errors(response, "ui_number")
    assert len(errors) == 1 and message in errors[0], errors
    assert "Saved. Please correct the fields marked below." in flash(response)
    case.refresh_from_db()
    assert case.answers["residence"]["ui_number"] == ui_number
    assert shown_value(client.get(section_url(case, "residence")), "ui_number") == ui_number


@pytest.mark.parametrize(
    "ui_number", ["AA00000009", "A800000014", "FD12345676", "A912345673", " a800000014 "]
)
def test_valid_ui_numbers_of_both_formats_are_accepted(
    client, complete_draft, applicant, ui_number
):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, residence(case, held_arc_before="yes", ui_number=ui_number))

    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.answers["residence"]["ui_number"] == ui_number


def test_held_arc_before_without_ui_number_is_an_error(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, residence(case, held_arc_before="yes", ui_number=""))

    assert response.status_code == 200
    assert field_errors(response, "ui_number") == [
        "Give the UI number of your resident certificate."
    ]
    case.refresh_from_db()
    assert case.answers["residence"]["held_arc_before"] == "yes"


def test_never_held_an_arc_needs_no_ui_number(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, residence(case, held_arc_before="no", ui_number=""))

    assert response.status_code == 302


def test_entering_with_a_valid_arc_needs_the_ui_number(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True, eligibility={"entry_document": "valid_arc"})
    sign_in(client, applicant, "en")

    page = client.get(section_url(case, "residence"))
    assert "You entered with a valid resident certificate: give its UI number." in text(page)
    response = post(client, case, residence(case, held_arc_before="no", ui_number=""))

    assert response.status_code == 200
    assert field_errors(response, "ui_number") == [
        "Give the UI number of your resident certificate."
    ]


# --- address and pickup station -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_in_taiwan_the_address_and_pickup_station_are_required(
    client, complete_draft, applicant, language
):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, language)
    data = residence(case, **EMPTY_ADDRESS, pickup_station="")

    response = post(client, case, data)

    assert response.status_code == 200
    assert_language(response, language)
    errors = response.context["form"].errors
    assert set(errors) == {*ADDRESS_REQUIRED, "pickup_station"}
    for name in ADDRESS_REQUIRED:
        assert f'id="id_{name}_errors"' in text(response)
    if language == "en":
        for part in ADDRESS_REQUIRED:
            assert field_errors(response, part) == ["This part of the address is required."]
    case.refresh_from_db()
    assert case.answers["residence"]["road"] == ""


def test_in_taiwan_a_full_address_and_station_are_accepted(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")

    response = post(client, case, residence(case))

    assert response.status_code == 302


@pytest.mark.parametrize("language", LANGUAGES)
def test_overseas_may_leave_the_address_empty(client, complete_draft, applicant, language):
    case = complete_draft()
    sign_in(client, applicant, language)

    page = client.get(section_url(case, "residence"))
    response = post(client, case, residence(case, **EMPTY_ADDRESS, pickup_station=""))

    assert page.status_code == 200
    if language == "en":
        assert "Applying from abroad without an address in Taiwan yet?" in text(page)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.answers["residence"]["county"] == ""


def test_overseas_a_partial_address_must_be_completed(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    response = post(client, case, residence(case, **{**EMPTY_ADDRESS, "road": "Chongqing S. Rd."}))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"county", "district", "number"}
    case.refresh_from_db()
    assert case.answers["residence"]["road"] == "Chongqing S. Rd."


@pytest.mark.parametrize("language", LANGUAGES)
def test_district_of_another_county_is_an_error(client, complete_draft, applicant, language):
    from portal.reference.models import District

    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, language)
    county = case.answers["residence"]["county"]
    elsewhere = District.objects.exclude(county_id=county).order_by("pk").first()
    data = residence(case, district=str(elsewhere.pk))

    response = post(client, case, data)

    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["district"]
    if language == "en":
        assert field_errors(response, "district") == ["Choose a district of the county you chose."]
    case.refresh_from_db()
    assert case.answers["residence"]["district"] == str(elsewhere.pk)
    again = client.get(section_url(case, "residence"))
    assert selected_value(again, "district") == str(elsewhere.pk)
    assert selected_value(again, "county") == county


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_ui_number_in_both_languages(client, complete_draft, applicant, language):
    case = complete_draft()
    sign_in(client, applicant, language)

    response = post(client, case, residence(case, held_arc_before="yes", ui_number="A800000015"))

    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["ui_number"]
    assert 'id="id_ui_number_errors"' in text(response)
