"""The answers object (portal.cases.answers): parsed once per case, read-only, parsed again
when the stored answers change (replaced or changed in place)."""

import pytest

from portal.cases.answers import Answers

pytestmark = pytest.mark.django_db

STORED = {
    "person": {"surname": "DOE", "given_name": "JANE"},
    "stay": {"purpose": "study", "months": "6"},
    "lines": [{"name": "a line"}],  # a repeating section: not in the flat answers
}


def test_the_flat_answers_merge_the_sections():
    answers = Answers(STORED)

    assert dict(answers) == {"surname": "DOE", "given_name": "JANE", "purpose": "study",
                             "months": "6"}  # fmt: skip
    assert answers["purpose"] == "study"
    assert answers.get("missing") is None
    assert "name" not in answers
    assert answers.section("stay") == {"purpose": "study", "months": "6"}
    assert answers.section("lines") == {} and answers.section("nothing") == {}


def test_it_is_read_only_and_hands_out_copies():
    answers = Answers(STORED)

    with pytest.raises(TypeError):
        answers["surname"] = "X"  # type: ignore[index]
    answers.flat()["surname"] = "X"
    answers.section("person")["surname"] = "X"
    assert answers["surname"] == "DOE"


def test_a_change_to_what_it_was_parsed_from_does_not_reach_it():
    stored = {"person": {"surname": "DOE"}}
    answers = Answers(stored)
    stored["person"]["surname"] = "ROE"

    assert answers["surname"] == "DOE"
    assert not answers.reads(stored)


def test_a_case_parses_its_answers_once(draft):
    draft.answers = {"person": {"surname": "DOE"}}

    view = draft.answers_view
    assert draft.answers_view is view
    assert draft.flat_answers() == {"surname": "DOE"}
    assert draft.flat_answers() is not draft.flat_answers()  # the caller's to change


def test_a_case_parses_them_again_when_they_change(draft):
    draft.answers = {"person": {"surname": "DOE"}}
    view = draft.answers_view

    draft.answers = {**draft.answers, "stay": {"purpose": "work"}}
    assert draft.answers_view is not view
    assert draft.answers_view["purpose"] == "work"

    draft.answers["person"]["surname"] = "ROE"  # in place, as some callers do
    assert draft.answers_view["surname"] == "ROE"
    assert draft.section_answers("person") == {"surname": "ROE"}
