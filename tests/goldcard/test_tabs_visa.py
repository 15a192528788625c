"""Visa tab through the real views: exactly the seed's eleven questions; an explanation, named
after its question, only after a yes to questions 3 to 11 (shown without JavaScript, revealed
with it); drafts holding answers to questions no longer asked; the overseas mission is asked
(and required) only of overseas applicants who are not Hong Kong or Macao residents."""

import re

import pytest
from django.utils import translation

from goldcard.forms.sections import BACKGROUND_QUESTIONS
from tests.goldcard.test_tabs_support import (
    LANGUAGES,
    assert_language,
    field_errors,
    has_field,
    review_url,
    section_url,
    sign_in,
    text,
    use_private_media,
)

pytestmark = pytest.mark.django_db
QUESTIONS = [code for code, _question in BACKGROUND_QUESTIONS]
EXPLAINED = QUESTIONS[2:]  # questions 3 to 11 ask for an explanation after "yes"

# Seed 004, step 16: the visa tab's eleven questions, in its order and wording.
SEED_QUESTIONS = [
    "是否初次赴台？",
    "是否曾經獲發過中華民國簽證？",
    "是否在中華民國境內或境外曾有犯罪紀錄或曾受中華民國政府禁入權、除名出境或驅逐出境？",
    "是否曾非法入境中華民國？",
    "是否曾有足以影響公共衛生或社會安寧之傳染病、精神病、或有其他疾病或有養成傳染？",
    "是否曾在中華民國境內逾期停留、逾期居留或非法工作？",
    "是否曾從事管制物品（如毒品）交易？",
    "是否曾從事非法或外代機構僱用或服務？",
    "是否曾以其他姓名申請中華民國簽證？",
    "是否曾在中華民國境內工作？",
    "是否由其他人代填本申請表？",
]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


def visa(case, **changes):
    return {**case.answers["visa"], **changes}


def post(client, case, data, **extra):
    return client.post(section_url(case, "visa"), data, **extra)


def visa_form(case):
    return case.workflow.section("visa").form_class(case=case)


# --- the questions ---------------------------------------------------------------------------


def test_the_tab_asks_exactly_the_seeds_eleven_questions_in_its_order(complete_draft):
    case = complete_draft(in_taiwan=True)  # no mission: only the questions are left

    with translation.override("en"):
        form = visa_form(case)
        questions = [name for name in form.fields if not name.endswith("_explanation")]
        labels = [str(form.fields[name].label) for name in questions]

    assert questions == [
        "first_visit",
        "had_roc_visa",
        "criminal_record",
        "illegal_entry",
        "disease",
        "overstay",
        "controlled_substances",
        "illegal_or_agency_work",
        "other_name",
        "worked_in_taiwan",
        "filled_by_other",
    ]
    assert "terrorism" not in form.fields and "visa_refused" not in form.fields
    assert labels[0] == "1. Is this your first visit to Taiwan?"
    assert labels[7] == (
        "8. Have you ever engaged in illegal activities, or been employed by or served an "
        "external agency?"
    )
    assert all(label.startswith(f"{n}. ") for n, label in enumerate(labels, start=1))


def test_the_questions_read_as_the_seed_words_them_in_chinese(complete_draft):
    """Needs the lead's merge of var/i18n/applicant.json into the catalogue."""
    case = complete_draft(in_taiwan=True)

    with translation.override("zh-hant"):
        form = visa_form(case)
        labels = [str(form.fields[code].label) for code in QUESTIONS]

    assert labels == [f"{n}. {q}" for n, q in enumerate(SEED_QUESTIONS, start=1)]


def test_only_questions_3_to_11_have_an_explanation_right_below_them(complete_draft):
    case = complete_draft(in_taiwan=True)

    names = list(visa_form(case).fields)

    explanations = [name for name in names if name.endswith("_explanation")]
    assert explanations == [f"{code}_explanation" for code in EXPLAINED]
    for code in EXPLAINED:
        assert names.index(f"{code}_explanation") == names.index(code) + 1


def test_a_yes_to_questions_1_and_2_needs_no_explanation(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")

    response = post(client, case, visa(case, first_visit="no", had_roc_visa="yes"))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.answers["visa"]["had_roc_visa"] == "yes"
    assert not {"first_visit_explanation", "had_roc_visa_explanation"} & set(case.answers["visa"])


def test_each_explanation_is_labelled_with_its_question(complete_draft):
    case = complete_draft(in_taiwan=True)

    with translation.override("en"):
        form = visa_form(case)
        labels = {code: str(form.fields[f"{code}_explanation"].label) for code in EXPLAINED}

    assert labels["criminal_record"] == (
        "Explanation for question 3 (criminal record, entry ban, removal or deportation)"
    )
    assert labels["filled_by_other"] == (
        "Explanation for question 11 (form filled in by someone else)"
    )
    assert len(set(labels.values())) == len(EXPLAINED)  # no two boxes read alike


def test_the_visa_help_names_no_field_that_does_not_exist(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")

    page = text(client.get(section_url(case, "visa")))

    assert "visa details" not in page and "visa detail" not in page
    assert "Bureau of Consular Affairs" in page


# --- an explanation only after yes -------------------------------------------------------------


@pytest.mark.parametrize("code", EXPLAINED)
def test_yes_without_explanation_is_an_error_naming_the_question(
    client, complete_draft, applicant, code
):
    case = complete_draft()
    sign_in(client, applicant, "en")
    number = QUESTIONS.index(code) + 1

    response = post(client, case, visa(case, **{code: "yes", f"{code}_explanation": "  "}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"{code}_explanation"]
    assert field_errors(response, f"{code}_explanation") == [
        f"You answered yes to question {number}: explain what happened, when and where."
    ]
    summary = text(response).split('class="error-summary"')[1].split("</div>")[0]
    assert f'<a href="#id_{code}_explanation">Explanation for question {number} (' in summary
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
    assert errors == {f"{c}_explanation" for c in EXPLAINED}
    messages = [m for code in EXPLAINED for m in field_errors(response, f"{code}_explanation")]
    assert len(set(messages)) == len(EXPLAINED)  # each error is its own question's
    for code in EXPLAINED:
        assert f'id="id_{code}_explanation_errors"' in text(response)
    case.refresh_from_db()
    assert all(case.answers["visa"][code] == "yes" for code in QUESTIONS)


def test_without_javascript_each_box_is_below_its_question_and_says_when_it_is_needed(
    client, complete_draft, applicant
):
    case = complete_draft()
    sign_in(client, applicant, "en")

    page = text(client.get(section_url(case, "visa")))

    for number, code in enumerate(QUESTIONS, start=1):
        question_at = page.index(f'name="{code}"')
        if code not in EXPLAINED:
            assert f'id="id_{code}_explanation' not in page
            continue
        box = re.search(
            rf'<div class="field revealed" id="id_{code}_explanation_reveal" '
            rf'data-revealed-by="{code}" data-reveal-value="yes">',
            page,
        )
        assert box is not None, code
        assert question_at < box.start()
        if number < len(QUESTIONS):
            assert box.start() < page.index(f'name="{QUESTIONS[number]}"')
        assert f"Only if you answered yes to question {number}" in page
    assert "js/reveal.js" in page


def test_review_shows_an_explanation_only_after_yes(client, complete_draft, applicant):
    case = complete_draft(in_taiwan=True)
    case.answers["visa"].update(
        worked_in_taiwan="yes",
        worked_in_taiwan_explanation="Internship in Hsinchu, 2015.",
        other_name="no",
        other_name_explanation="typed, then answered no",
    )
    case.save(update_fields=["answers"])
    sign_in(client, applicant, "en")

    page = text(client.get(review_url(case)))

    assert "Explanation for question 10 (work in Taiwan)" in page
    assert "Internship in Hsinchu, 2015." in page
    assert "Explanation for question 9" not in page
    assert "typed, then answered no" not in page


# --- drafts saved before the questions matched the seed -----------------------------------------


def test_a_draft_with_answers_to_questions_no_longer_asked_still_works(
    client, complete_draft, applicant
):
    case = complete_draft(in_taiwan=True)
    old = dict(case.answers["visa"])
    del old["illegal_or_agency_work"], old["illegal_or_agency_work_explanation"]
    old.update(
        terrorism="yes",
        terrorism_explanation="Old answer",
        visa_refused="no",
        visa_refused_explanation="",
        trafficking="no",
        trafficking_explanation="",
    )
    case.answers = {**case.answers, "visa": old}
    case.save(update_fields=["answers"])
    sign_in(client, applicant, "en")

    tab = client.get(section_url(case, "visa"))
    review = client.get(review_url(case))
    refused = client.post(review_url(case), {"action": "submit"})

    assert tab.status_code == 200 and review.status_code == 200
    assert "Old answer" not in text(review)
    # The one new question is what is left to answer; the old answers are ignored.
    assert refused["Location"] == section_url(case, "visa")
    case.refresh_from_db()
    assert case.is_draft
    response = post(client, case, {**old, "illegal_or_agency_work": "no"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not {"terrorism", "visa_refused", "trafficking"} & set(case.answers["visa"])
    assert case.answers["visa"]["illegal_or_agency_work"] == "no"


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
