"""Drafts: answers are stored exactly as typed, and `completeness` says what is still missing,
section by section and field by field, in the order the tabs are shown."""

import pytest
from django import forms
from django.http import QueryDict

from portal.cases import drafts
from portal.cases.documents import store_document
from portal.cases.drafts import DOCUMENTS, SectionForm, completeness, raw_values, save_section
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import SampleCaseFactory, sample_answers
from tests.sampleflow.forms import PersonForm, StayForm

pytestmark = pytest.mark.django_db

PERSON_FIELDS = {"surname", "given_name", "date_of_birth", "nationality", "passport_number"}


def query(**values):
    """POST data as the browser sends it: lists become repeated keys."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def upload_required_documents(case, user):
    store_document(case, case.workflow.slot("photo"), png_upload(), user=user)
    store_document(case, case.workflow.slot("passport"), pdf_upload(), user=user)


def problem_keys(report, section=None):
    problems = report.problems_in(section) if section else report.problems
    return {(p.section, p.field) for p in problems}


# --- completeness ---------------------------------------------------------------------------


def test_empty_draft_lists_every_required_field_and_document(applicant):
    case = SampleCaseFactory(owner=applicant, answers={})

    report = completeness(case)

    assert not report.complete
    assert report.sections == {"person": False, "stay": False, "family": True, DOCUMENTS: False}
    assert problem_keys(report, "person") == {("person", name) for name in PERSON_FIELDS}
    assert problem_keys(report, "stay") == {("stay", "address"), ("stay", "studies")}
    assert problem_keys(report, DOCUMENTS) == {(DOCUMENTS, "photo"), (DOCUMENTS, "passport")}


def test_problems_carry_section_and_field_labels(applicant):
    case = SampleCaseFactory(owner=applicant, answers=sample_answers(surname=""))

    surname = next(p for p in completeness(case).problems if p.field == "surname")

    assert (surname.section, str(surname.section_label)) == ("person", "Person")
    assert str(surname.field_label) == "Surname"
    assert str(surname.message)
    photo = next(p for p in completeness(case).problems if p.field == "photo")
    assert (photo.section, str(photo.field_label)) == (DOCUMENTS, "Photo")


def test_complete_draft_has_no_problems(complete_draft):
    report = completeness(complete_draft)

    assert report.complete
    assert report.problems == []
    assert report.first_incomplete is None
    assert report.sections == {"person": True, "stay": True, "family": True, DOCUMENTS: True}


@pytest.mark.parametrize(
    ("answers", "documents", "first"),
    [
        ({}, False, "person"),
        ({"stay": sample_answers()["stay"]}, True, "person"),  # an earlier tab comes first
        ({"person": sample_answers()["person"]}, False, "stay"),
        (sample_answers(), False, DOCUMENTS),
        (sample_answers(), True, None),
    ],
    ids=["empty", "person-missing", "stay-missing", "documents-missing", "complete"],
)
def test_first_incomplete_follows_the_tab_order(applicant, answers, documents, first):
    case = SampleCaseFactory(owner=applicant, answers=answers)
    if documents:
        upload_required_documents(case, applicant)

    assert completeness(case).first_incomplete == first


def test_a_cross_field_rule_is_reported_on_its_field(applicant):
    case = SampleCaseFactory(owner=applicant, answers=sample_answers(studies="yes", school=""))
    upload_required_documents(case, applicant)

    report = completeness(case)

    school = [p for p in report.problems if p.field == "school"]
    assert [str(p.message) for p in school] == ["Name your school."]
    assert report.first_incomplete == "stay"


# --- "required when" document slots ------------------------------------------------------------


def test_enrolment_proof_is_not_required_when_not_studying(applicant):
    case = SampleCaseFactory(owner=applicant, answers=sample_answers(studies="no"))
    upload_required_documents(case, applicant)

    assert [slot.code for slot in drafts.missing_documents(case)] == []
    assert completeness(case).complete


def test_enrolment_proof_is_required_when_studying(applicant):
    answers = sample_answers(studies="yes", school="National Taiwan University")
    case = SampleCaseFactory(owner=applicant, answers=answers)
    upload_required_documents(case, applicant)

    report = completeness(case)

    assert [slot.code for slot in drafts.missing_documents(case)] == ["enrolment"]
    assert problem_keys(report) == {(DOCUMENTS, "enrolment")}
    assert report.first_incomplete == DOCUMENTS

    store_document(
        case, case.workflow.slot("enrolment"), pdf_upload("enrolment.pdf"), user=applicant
    )
    assert completeness(case).complete


def test_optional_slot_is_never_missing(applicant):
    case = SampleCaseFactory(owner=applicant, answers=sample_answers())

    codes = {slot.code for slot in drafts.missing_documents(case)}

    assert "other" not in codes
    assert codes == {"photo", "passport"}


def test_a_replaced_or_removed_document_no_longer_counts(complete_draft, applicant):
    from portal.cases.documents import current_documents, remove_document

    remove_document(complete_draft, current_documents(complete_draft)["passport"])

    assert [slot.code for slot in drafts.missing_documents(complete_draft)] == ["passport"]


# --- nothing typed is lost ------------------------------------------------------------------


def test_invalid_values_are_stored_as_typed_and_shown_back(draft):
    section = draft.workflow.section("person")
    typed = {**sample_answers()["person"], "date_of_birth": "31/02/1990", "nationality": "VNM"}

    form = save_section(draft, section, query(**typed))

    draft.refresh_from_db()
    assert draft.answers["person"] == typed
    assert set(form.errors) == {"date_of_birth", "nationality"}
    # The form built from the stored answers shows the very same (wrong) values.
    again = drafts.section_form(draft, section)
    assert again["date_of_birth"].value() == "31/02/1990"
    assert again["nationality"].value() == "VNM"
    assert not again.is_valid()
    # ... and the review page rows too.
    from portal.cases.presentation import answer_rows

    rows = {row["name"]: row["value"] for row in answer_rows(again)}
    assert rows["date_of_birth"] == "31/02/1990"


def test_saving_one_section_keeps_the_others(draft):
    stay = draft.workflow.section("stay")

    save_section(draft, stay, query(address="", studies="yes", school=""))

    draft.refresh_from_db()
    assert draft.answers["person"] == sample_answers()["person"]
    assert draft.answers["stay"] == {"address": "", "studies": "yes", "school": ""}


def test_empty_section_save_keeps_an_entry_per_field(draft):
    save_section(draft, draft.workflow.section("person"), query())

    draft.refresh_from_db()
    assert set(draft.answers["person"]) == PERSON_FIELDS
    assert all(value is None for value in draft.answers["person"].values())


def test_saving_the_person_section_updates_the_listed_applicant_name(draft):
    typed = {**sample_answers()["person"], "surname": "Tran", "given_name": "Thi Mai"}

    save_section(draft, draft.workflow.section("person"), query(**typed))

    draft.refresh_from_db()
    assert draft.applicant_name == "Tran Thi Mai"


def test_fields_not_in_the_form_are_not_stored(draft):
    data = query(**sample_answers()["person"], is_staff="1", state="issued")

    save_section(draft, draft.workflow.section("person"), data)

    draft.refresh_from_db()
    assert set(draft.answers["person"]) == PERSON_FIELDS
    assert draft.state == "draft"


# --- raw_values ---------------------------------------------------------------------------


class ChoicesForm(SectionForm):
    languages = forms.MultipleChoiceField(
        choices=[("zh", "Chinese"), ("en", "English"), ("vi", "Vietnamese")],
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.ChoiceField(choices=[("mail", "Mail"), ("phone", "Phone")])
    agrees = forms.BooleanField(required=False)


def test_raw_values_of_a_radio_field_is_the_typed_string():
    values = raw_values(StayForm, query(address="x", studies="yes", school="NTU"))

    assert values == {"address": "x", "studies": "yes", "school": "NTU"}


def test_raw_values_keeps_every_value_of_a_multi_select():
    values = raw_values(ChoicesForm, query(languages=["zh", "vi"], contact="phone", agrees="on"))

    assert values == {"languages": ["zh", "vi"], "contact": "phone", "agrees": True}


def test_raw_values_keeps_values_that_are_not_valid_choices():
    values = raw_values(ChoicesForm, query(languages=["zh", "klingon"], contact="pigeon"))

    assert values["languages"] == ["zh", "klingon"]
    assert values["contact"] == "pigeon"
    assert values["agrees"] is False  # an unticked box is simply absent from the POST


def test_raw_values_of_absent_fields():
    values = raw_values(ChoicesForm, query())

    assert values == {"languages": [], "contact": None, "agrees": False}


def test_raw_values_from_a_plain_dict():
    values = raw_values(PersonForm, {"surname": "Nguyen", "date_of_birth": "not a date"})

    assert values["surname"] == "Nguyen"
    assert values["date_of_birth"] == "not a date"
    assert values["given_name"] is None


def test_multi_select_round_trips_through_the_stored_answers():
    values = raw_values(ChoicesForm, query(languages=["en", "vi"], contact="mail"))
    form = ChoicesForm(data=values)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == ["en", "vi"]
    assert form["languages"].value() == ["en", "vi"]


@pytest.mark.parametrize(("language", "shown"), [("en", "17 May 1990"), ("zh-hant", "1990/05/17")])
def test_a_date_answer_is_shown_in_the_languages_date_form(draft, language, shown):
    """The review pages (applicant's and reviewer's) write dates as the rest of the site."""
    from django.utils import translation

    from portal.cases.presentation import answer_rows

    form = drafts.section_form(draft, draft.workflow.section("person"))
    with translation.override(language):
        rows = {row["name"]: row["value"] for row in answer_rows(form)}
    assert rows["date_of_birth"] == shown
