"""The Gold Card's answers object (goldcard.answers) and its reference look-ups
(goldcard.lookups): derived facts are worked out once per request, rules never write into
the answers they read, and staff's changes to fields, criteria and missions are seen at once."""

import pytest
from django.utils import translation

from goldcard import lookups, rules
from goldcard.answers import GoldCardAnswers
from goldcard.forms.sections import ProfessionalFieldForm, VisaForm
from tests.goldcard.conftest import goldcard_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def gold_reference(reference_data):
    from goldcard.reference_data import ensure_reference_data

    ensure_reference_data()


def criterion_row(field, code):
    from goldcard.models import QualificationCriterion

    return QualificationCriterion.objects.get(field__code=field, code=code)


def test_a_case_reads_its_derived_facts_once(complete_draft, django_assert_num_queries):
    case = complete_draft(in_taiwan=True)
    view = case.answers_view
    assert view.criterion.is_salary and view.nationality  # the reference cache is filled

    with django_assert_num_queries(0):
        for _ in range(3):
            assert case.answers_view.in_taiwan and not case.answers_view.verifies_passport
            assert rules.salary_criterion(case.answers_view)
            assert not rules.other_criterion(case.answers_view)
            assert case.answers_view.nationality.code == "US"
            assert case.applies_from_taiwan


def test_rules_never_write_into_the_answers(gold_reference):
    answers = {k: v for section in goldcard_answers().values() for k, v in section.items()}
    before = dict(answers)

    assert rules.salary_criterion(answers)
    assert rules.criterion_proof_help(answers)
    assert not rules.other_criterion(answers)

    assert answers == before


@pytest.mark.parametrize("in_taiwan", [False, True])
@pytest.mark.parametrize("identity", ["foreign", "hk_macao_mainland_born"])
def test_a_plain_dict_and_the_answers_object_agree(gold_reference, in_taiwan, identity):
    stored = goldcard_answers(in_taiwan=in_taiwan, identity=identity)
    view = GoldCardAnswers(stored)
    flat = view.flat()

    for rule in (rules.is_hk_macao, rules.is_mainland_born, rules.in_taiwan, rules.overseas,
                 rules.holds_arc, rules.verifies_passport, rules.salary_criterion,
                 rules.other_criterion, rules.criterion_proof_help):  # fmt: skip
        assert rule(flat) == rule(view), rule.__name__


def test_a_criterion_made_a_salary_one_is_read_at_once(gold_reference):
    other = criterion_row("finance", "finance_executive")
    answers = {"field": "finance", "criterion": str(other.pk)}
    assert rules.other_criterion(answers)

    other.is_salary = True
    other.save()

    assert rules.salary_criterion(answers) and not rules.other_criterion(answers)


def test_a_new_criterion_is_offered_at_once(gold_reference):
    from goldcard.models import QualificationCriterion

    ProfessionalFieldForm()  # the lists are built
    field = criterion_row("digital", "salary_160k").field
    added = QualificationCriterion.objects.create(
        field=field, code="new_one", name_zh="新條件", name_en="A new criterion"
    )

    with translation.override("en"):
        form = ProfessionalFieldForm()
    offered = dict(choice for _group, group in form.fields["criterion"].choices[1:]
                   for choice in group)  # fmt: skip
    assert offered[str(added.pk)] == "A new criterion"
    assert form.fields["criterion"].widget.parents[str(added.pk)] == "digital"


def test_a_closed_mission_is_not_offered_but_still_named(complete_draft):
    from goldcard.models import OverseasMission

    case = complete_draft()  # abroad: the visa tab asks for the mission
    mission = OverseasMission.objects.get(code=case.answers["visa"]["mission"])
    assert mission.code in dict(VisaForm(case=case).fields["mission"].choices)

    mission.is_active = False
    mission.name_en = "Closed office"
    mission.save()

    assert mission.code not in dict(VisaForm(case=case).fields["mission"].choices)
    assert lookups.mission(mission.code).name_en == "Closed office"
    assert case.mission.name_en == "Closed office"


def test_a_renamed_field_is_shown_in_the_language_of_the_page(gold_reference):
    from goldcard.models import ProfessionalField

    field = ProfessionalField.objects.get(code="digital")
    with translation.override("en"):
        lookups.field_choices()
    field.name_en, field.name_zh = "Digital things", "數位之事"
    field.save()

    with translation.override("en"):
        assert ("digital", "Digital things") in lookups.field_choices()
    with translation.override("zh-hant"):
        assert ("digital", "數位之事") in lookups.field_choices()
