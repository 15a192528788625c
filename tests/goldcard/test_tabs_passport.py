"""Passport tab through the real views: expired or soon-expiring passports, impossible dates,
and nothing typed is ever lost (stored raw, shown again)."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    field_errors,
    flash,
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


def today():
    return timezone.localdate()


def iso(date):
    return date.isoformat()


def passport_data(case, **changes):
    return {**case.answers["passport"], **changes}


def post_passport(client, case, data):
    return client.post(section_url(case, "passport"), data)


def assert_kept(client, case, data):
    """The typed values are stored as typed and the tab shows them again."""
    case.refresh_from_db()
    for name in ("passport_number", "issue_date", "expiry_date", "place_of_issue"):
        assert case.answers["passport"][name] == data[name], name
    again = client.get(section_url(case, "passport"))
    assert again.status_code == 200
    for name in ("passport_number", "issue_date", "expiry_date", "place_of_issue"):
        assert shown_value(again, name) == data[name], name
    return again


CASES = {
    "expired": (
        lambda: {"issue_date": iso(today() - relativedelta(years=10)),
                 "expiry_date": iso(today() - datetime.timedelta(days=1))},
        "expiry_date",
        "This passport has expired",
    ),
    "less_than_6_months": (
        lambda: {"issue_date": iso(today() - relativedelta(years=9)),
                 "expiry_date": iso(today() + relativedelta(months=3))},
        "expiry_date",
        "at least 6 more months",
    ),
    "issue_in_future": (
        lambda: {"issue_date": iso(today() + datetime.timedelta(days=1)),
                 "expiry_date": iso(today() + relativedelta(years=10))},
        "issue_date",
        "The date of issue cannot be in the future.",
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_passport_dates_are_explained_and_kept(client, complete_draft, applicant, kind):
    case = complete_draft()
    sign_in(client, applicant, "en")
    dates, field, message = CASES[kind]
    data = passport_data(case, **dates(), passport_number="P9876543", place_of_issue="Ottawa")

    response = post_passport(client, case, data)

    assert response.status_code == 200  # re-shown, not redirected
    assert_language(response, "en")
    assert any(message in error for error in field_errors(response, field)), field_errors(
        response, field
    )
    assert message in text(response)
    assert "Saved. Please correct the fields marked below." in flash(response)
    again = assert_kept(client, case, data)
    # Opened again, the tab shows what was typed without judging it (no red before an attempt
    # to submit); a refused submit brings the explanation back.
    assert not again.context["form"].errors and 'class="errors"' not in text(again)
    client.post(review_url(case), {"action": "submit"})
    checked = client.get(section_url(case, "passport"))
    assert any(message in error for error in field_errors(checked, field))


def test_six_months_message_names_the_date_from_which_it_is_enough(
    client, complete_draft, applicant
):
    case = complete_draft()
    sign_in(client, applicant, "en")
    needed = today() + relativedelta(months=6)
    data = passport_data(case, expiry_date=iso(needed - datetime.timedelta(days=1)))

    response = post_passport(client, case, data)

    errors = field_errors(response, "expiry_date")
    assert len(errors) == 1
    assert "6 more months" in errors[0]
    with translation.override("en"):
        assert date_format(needed) in errors[0]


def test_expiry_exactly_six_months_away_is_accepted(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = passport_data(case, expiry_date=iso(today() + relativedelta(months=6)))

    response = post_passport(client, case, data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.answers["passport"]["expiry_date"] == data["expiry_date"]


def test_expiry_before_issue_is_refused_and_kept(client, complete_draft, applicant):
    """An expiry before the issue date can never pass: with the issue date in the past the
    expiry is in the past too (expired), so the passport is refused on expiry_date."""
    case = complete_draft()
    sign_in(client, applicant, "en")
    issue = today() - relativedelta(years=2)
    data = passport_data(
        case, issue_date=iso(issue), expiry_date=iso(issue - datetime.timedelta(days=30))
    )

    response = post_passport(client, case, data)

    assert response.status_code == 200
    assert field_errors(response, "expiry_date")
    assert not response.context["form"].is_valid()
    assert_kept(client, case, data)


def test_expiry_before_a_future_issue_date_is_refused_and_kept(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    issue = today() + relativedelta(years=2)
    data = passport_data(
        case, issue_date=iso(issue), expiry_date=iso(issue - relativedelta(years=1))
    )

    response = post_passport(client, case, data)

    assert response.status_code == 200
    assert "The date of issue cannot be in the future." in field_errors(response, "issue_date")
    assert_kept(client, case, data)
    assert client.get(section_url(case, "passport")).context["form"].is_valid() is False


def test_unparseable_dates_are_kept_as_typed(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = passport_data(case, issue_date="2019-13-45", expiry_date="next year")

    response = post_passport(client, case, data)

    assert response.status_code == 200
    assert field_errors(response, "issue_date") and field_errors(response, "expiry_date")
    assert_kept(client, case, data)


def test_a_valid_passport_tab_saves_and_moves_on(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = passport_data(case, passport_number="p 1234 567")

    response = post_passport(client, case, data)

    assert response.status_code == 302
    assert "Saved." in flash(response)
    case.refresh_from_db()
    assert case.answers["passport"]["passport_number"] == "p 1234 567"  # raw, as typed


@pytest.mark.parametrize("language", LANGUAGES)
def test_expired_passport_in_both_languages(client, complete_draft, applicant, language):
    case = complete_draft()
    sign_in(client, applicant, language)
    data = passport_data(
        case,
        issue_date=iso(today() - relativedelta(years=10)),
        expiry_date=iso(today() - relativedelta(months=1)),
    )

    response = post_passport(client, case, data)

    assert response.status_code == 200
    assert_language(response, language)
    assert list(response.context["form"].errors) == ["expiry_date"]
    assert 'id="id_expiry_date_errors"' in text(response)
    assert "data-error-summary" in text(response)
    if language == "en":
        assert "This passport has expired" in text(response)
    assert_kept(client, case, data)
