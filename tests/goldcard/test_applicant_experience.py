"""What an applicant sees around the tabs (the outside audit's findings): answers of grouped
choice lists shown by their labels (the applicant's review tab and the reviewer's page), the
fee for each term where the term is chosen, error-summary links that reach radio groups, the
nationality list in the page's language's order (built once per language), a "Change" link on
every section of the review tab, and the Gold Card's place in the lists of services."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldcard.models import QualificationCriterion
from portal.cases.services import perform_action
from portal.reference.models import District, Nationality
from tests.factories import MembershipFactory, UserFactory
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    review_url,
    section_url,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db
SALARY_EN = "Monthly salary of at least NT$160,000, now or before, in Taiwan or abroad"
SALARY_ZH = "曾任或現任於其他國家或於我國最近月薪達新臺幣16萬元"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def answer_of(page, label):
    """The value shown for `label` in a review list (<dt>label</dt><dd>value</dd>) or the
    admin's table (<th>label</th><td>value</td>)."""
    match = re.search(
        rf"<(?:dt|th[^>]*)>{re.escape(label)}</(?:dt|th)>\s*<(?:dd|td)>([^<]*)</(?:dd|td)>", page
    )
    return match.group(1) if match else None


# --- grouped choices shown by their labels ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_tab_names_the_criterion_and_the_district(
    client, complete_draft, applicant, language
):
    case = complete_draft(in_taiwan=True)
    district = District.objects.get(pk=case.answers["residence"]["district"])
    criterion = QualificationCriterion.objects.get(pk=case.answers["field"]["criterion"])
    sign_in(client, applicant, language)

    page = text(client.get(review_url(case)))

    assert_language(page_response := client.get(review_url(case)), language)
    assert page_response.status_code == 200
    if language == "en":
        assert answer_of(page, "Qualification criterion") == SALARY_EN
        # The address as one line, its district by name (not ten rows of parts).
        address = answer_of(page, "Address in Taiwan")
        assert district.name_en in address and district.county.name_en in address
        assert "Chongqing S. Rd." in address
        assert answer_of(page, "Township, city or district") is None
    else:
        assert SALARY_ZH in page
        assert f"{district.county.name_zh} {district.name_zh}" in page
    assert answer_of(page, "Qualification criterion") != str(criterion.pk)


def test_reviewer_page_names_the_criterion_and_the_district(
    client, complete_draft, applicant, fee_schedule
):
    case = complete_draft(in_taiwan=True)
    district = District.objects.get(pk=case.answers["residence"]["district"])
    perform_action(case, applicant, "submit")
    perform_action(case, None, "confirm_payment")
    call_command("setup_reviewer_groups", verbosity=0)
    nia = UserFactory(reviewer=True, agency="NIA", language="en")
    call_command("setup_reviewer_groups", verbosity=0)
    sign_in(client, nia, "en")

    page = text(client.get(reverse("admin:goldcard_goldcardcase_change", args=[case.pk])))

    assert answer_of(page, "Qualification criterion") == SALARY_EN
    assert district.name_en in answer_of(page, "Address in Taiwan")


# --- the fee where the term is chosen ---------------------------------------------------------


def term_labels(response):
    return re.findall(
        r'<input type="radio" name="term_years" value="(\d)"[^>]*>\s*([^<]*)</label>',
        text(response),
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["NT$ 3,700", "NT$ 4,700", "NT$ 5,700"]),
        ({"identity": "hk_macao", "nationality": "HK"}, ["NT$ 3,100"] * 3),
    ],
    ids=["standard", "hong-kong"],
)
def test_each_term_shows_this_applicants_fee(
    client, complete_draft, applicant, fee_schedule, kwargs, expected
):
    case = complete_draft(**kwargs)
    sign_in(client, applicant, "en")

    response = client.get(section_url(case, "residence"))

    labels = term_labels(response)
    assert [value for value, _label in labels] == ["1", "2", "3"]
    assert [label.strip() for _value, label in labels] == [
        f"{term}: {fee}"
        for term, fee in zip(["1 year", "2 years", "3 years"], expected, strict=True)
    ]
    assert "The agencies aim to decide within 20 days of payment." in text(response)


def test_an_applicant_with_a_resident_certificate_sees_the_lower_fee(
    client, complete_draft, applicant, fee_schedule
):
    case = complete_draft(in_taiwan=True)
    case.answers["eligibility"]["entry_document"] = "valid_arc"
    case.save(update_fields=["answers"])
    sign_in(client, applicant, "en")

    labels = term_labels(client.get(section_url(case, "residence")))

    assert labels[0][1].strip() == "1 year: NT$ 1,500"


def test_the_fee_is_read_when_the_terms_are_shown_not_when_answers_are_checked(
    complete_draft, fee_schedule
):
    from django.utils import translation

    from portal.cases import drafts

    case = complete_draft(in_taiwan=True)
    form = drafts.section_form(case, case.workflow.section("residence"))

    with CaptureQueriesContext(connection) as checking:
        assert form.is_valid(), form.errors
    with CaptureQueriesContext(connection) as showing, translation.override("en"):
        html = str(form["term_years"])

    assert "3 years: NT$ 5,700" in html
    fee_reads = [q for q in showing.captured_queries if "payments_feerate" in q["sql"]]
    assert len(fee_reads) == 1  # the three terms priced from one reading of the schedule
    assert not [q for q in checking.captured_queries if "payments_feerate" in q["sql"]]


# --- error-summary links reach radio groups ---------------------------------------------------


def summary_links(response):
    summary = text(response).split('class="error-summary"')[1].split("</div>")[0]
    return re.findall(r'<a href="#([^"]*)">', summary)


def test_eligibility_radio_errors_link_to_their_first_option(client, applicant):
    sign_in(client, applicant, "en")

    response = client.post(reverse("goldcard:start"), {"acknowledge": "on", "accept": "on"})

    links = summary_links(response)
    expected = ["held_gold_card", "identity", "in_taiwan", "roc_national"]
    assert links == [f"id_{name}_0" for name in expected]
    for anchor in links:
        assert f'id="{anchor}"' in text(response)


@pytest.mark.parametrize(
    ("section", "radios"),
    [
        ("basic", ["sex"]),
        ("residence", ["term_years", "held_arc_before"]),
        ("visa", ["first_visit", "criminal_record"]),
    ],
)
def test_tab_radio_errors_link_to_their_first_option(
    client, complete_draft, applicant, section, radios
):
    case = complete_draft()
    sign_in(client, applicant, "en")
    data = {k: v for k, v in case.answers[section].items() if k not in radios}

    response = client.post(section_url(case, section), data)

    links = summary_links(response)
    assert "" not in links
    for name in radios:
        assert f"id_{name}_0" in links
        assert f'id="id_{name}_0"' in text(response)


# --- the nationality list in the page's language --------------------------------------------------


def nationality_options(response):
    select = re.search(
        r'<select name="nationality"[^>]*>(.*?)</select>', text(response), re.S
    ).group(1)
    return re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]*)</option>', select)


def test_nationalities_are_listed_in_the_pages_language_order(client, complete_draft, applicant):
    case = complete_draft()
    # 丹麥 4 strokes, 美國 9, 德國 15; in English by name.
    expected = {"en": ["DK", "DE", "US"], "zh-hant": ["DK", "US", "DE"]}

    for language, order in expected.items():
        sign_in(client, applicant, language)
        options = nationality_options(client.get(section_url(case, "basic")))
        codes = [code for code, _name in options]
        assert [code for code in codes if code in order] == order, language
        assert dict(options)["DE"] == ("Germany" if language == "en" else "德國")
        assert "TW" not in codes  # not a foreigner's nationality


def test_nationality_lists_are_built_once_per_language_and_follow_a_change(complete_draft):
    from django.utils import translation

    case = complete_draft()
    form_class = case.workflow.section("basic").form_class
    for language in LANGUAGES:
        with translation.override(language):
            form_class(case=case)  # builds this language's lists

    with CaptureQueriesContext(connection) as queries:
        for language in LANGUAGES:
            with translation.override(language):
                chinese_last = form_class(case=case).fields["nationality"].choices
    germany = Nationality.objects.get(code="DE")
    germany.name_en = "Federal Republic of Germany"
    germany.save()
    with translation.override("en"):
        english = dict(form_class(case=case).fields["nationality"].choices)

    assert len(queries) == 0
    assert ("DE", "德國") in chinese_last
    assert english["DE"] == "Federal Republic of Germany"


# --- the review tab: a Change link on every section ---------------------------------------------


def test_every_section_of_the_review_tab_has_its_change_link(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    page = text(client.get(review_url(case)))

    changes = re.findall(r'<a class="change-link" href="([^"]*)">Change', page)
    assert changes == [
        reverse("goldcard:eligibility", args=[case.pk]),
        *(section_url(case, code) for code in ("basic", "passport", "visa", "residence", "field")),
        reverse("cases:documents", args=["goldcard", case.pk]),
    ]


# --- finding the service -----------------------------------------------------------------------


def test_the_two_gold_card_workflows_read_differently(client, applicant):
    sign_in(client, applicant, "en")

    page = text(client.get(reverse("cases:list")))

    start = page.split('id="new-title"')[1].split("</section>")[0]
    assert '<a class="button" href="/goldcard/new/">Employment Gold Card</a>' in start
    assert '<a class="button" href="/goldcard/">Gold Card extension, change or reissue</a>' in start
    assert "Gold Card service<" not in page


def test_a_school_is_offered_no_gold_card_and_cannot_start_one(client):
    school = MembershipFactory(user__role="school", organisation__kind="school").user
    sign_in(client, school, "en")

    listing = text(client.get(reverse("cases:list")))
    home = text(client.get(reverse("pages:home")))
    posted = client.post(reverse("cases:new", args=["goldcard"]))

    assert "/goldcard/" not in listing and "/goldcard/" not in home
    assert posted.status_code == 403


# --- coming back to a draft ---------------------------------------------------------------------


def test_a_refused_submit_leads_to_the_first_incomplete_tab_with_its_problems(
    client, complete_draft, applicant
):
    case = complete_draft()
    case.answers = {k: v for k, v in case.answers.items() if k != "passport"}
    case.save(update_fields=["answers"])
    sign_in(client, applicant, "en")

    quiet = client.get(section_url(case, "passport"))
    refused = client.post(review_url(case), {"action": "submit"})
    tab = client.get(refused["Location"])

    assert 'class="errors"' not in text(quiet)
    assert refused["Location"] == section_url(case, "passport")
    assert "passport_number" in tab.context["form"].errors
    assert 'class="error-summary"' in text(tab)
