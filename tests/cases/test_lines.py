"""Repeating sections (portal.cases.lines), on the sample workflow's "family" section: lines
added, changed and removed in a draft, checked line by line, shown on the review tab, and
voided (never deleted) after submission, with an audit row on the timeline."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from portal.cases import lines, voiding
from portal.cases.drafts import completeness
from portal.cases.models import CaseEvent
from portal.cases.services import perform_action
from tests.factories import SampleCaseFactory, UserFactory, sample_answers

LINE_A = "a1a1a1a1a1a1"
LINE_B = "b2b2b2b2b2b2"


def family(*members):
    return [
        {"id": line_id, "values": {"name": name, "passport_number": passport}}
        for line_id, name, passport in members
    ]


def section(case):
    return case.workflow.section("family")


def line_url(case, line_id):
    return reverse("cases:line", args=["sample", case.pk, "family", line_id])


def tab_url(case):
    return reverse("cases:section", args=["sample", case.pk, "family"])


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


# --- in a draft ----------------------------------------------------------------------


def test_a_line_is_added_under_the_id_chosen_by_the_list(signed_in, draft):
    page = signed_in.get(tab_url(draft))
    add_url = page.context["add_url"]
    assert "Add a family member" in page.content.decode()

    response = signed_in.post(add_url, {"name": "Tran Thi B", "passport_number": "B7654321"})

    draft.refresh_from_db()
    [line] = draft.answers["family"]
    assert line["values"] == {"name": "Tran Thi B", "passport_number": "B7654321"}
    assert add_url.rstrip("/").endswith(line["id"])
    assert response.status_code == 302 and response.url == tab_url(draft)


def test_autosave_fills_one_line_however_often_it_posts(signed_in, draft):
    url = line_url(draft, LINE_A)
    for typed in ("T", "Tr", "Tran"):
        response = signed_in.post(url, {"name": typed}, headers={"X-Autosave": "1"})
        assert response.status_code == 200
    draft.refresh_from_db()
    [line] = draft.answers["family"]
    assert (line["id"], line["values"]["name"]) == (LINE_A, "Tran")
    assert "passport_number" in response.json()["errors"]


def test_an_untouched_new_line_is_not_added(signed_in, draft):
    signed_in.post(line_url(draft, LINE_A), {"name": "", "goto": "review"})
    draft.refresh_from_db()
    assert "family" not in draft.answers


def test_an_invalid_line_is_kept_as_typed_and_shown_with_its_errors(signed_in, draft):
    response = signed_in.post(line_url(draft, LINE_A), {"name": "x" * 61, "passport_number": ""})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "passport_number"}
    draft.refresh_from_db()
    assert draft.answers["family"][0]["values"]["name"] == "x" * 61
    problems = lines.problems(draft, section(draft))
    assert {p.field for p in problems} == {f"{LINE_A}.name", f"{LINE_A}.passport_number"}
    assert all(str(p.field_label).startswith("Family member 1 · ") for p in problems)
    assert not completeness(draft).sections["family"]


def test_a_line_is_changed_in_place_and_removed(signed_in, draft):
    draft.answers = {**draft.answers, "family": family((LINE_A, "A", "1"), (LINE_B, "B", "2"))}
    draft.save()

    signed_in.post(line_url(draft, LINE_B), {"name": "Bee", "passport_number": "22"})
    draft.refresh_from_db()
    assert draft.answers["family"] == family((LINE_A, "A", "1"), (LINE_B, "Bee", "22"))

    response = signed_in.post(tab_url(draft), {"remove": LINE_A})
    draft.refresh_from_db()
    assert draft.answers["family"] == family((LINE_B, "Bee", "22"))
    assert response.status_code == 302


def test_the_list_is_full_at_its_maximum(signed_in, draft):
    members = [(f"{i:012x}", f"M{i}", str(i)) for i in range(5)]
    draft.answers = {**draft.answers, "family": family(*members)}
    draft.save()

    assert signed_in.get(tab_url(draft)).context["full"] is True
    signed_in.post(line_url(draft, LINE_A), {"name": "Sixth", "passport_number": "6"})
    draft.refresh_from_db()
    assert len(draft.answers["family"]) == 5


def test_fewer_lines_than_the_minimum_is_a_problem(draft):
    from dataclasses import replace

    strict = replace(section(draft), lines=replace(section(draft).lines, min_lines=1))
    with translation.override("en"):
        [problem] = lines.problems(draft, strict)
    assert problem.message == "Add at least one line."


def test_a_malformed_line_id_is_not_found(signed_in, draft):
    assert signed_in.get(line_url(draft, "not-an-id")).status_code == 404


def test_the_review_tab_lists_the_lines(signed_in, draft):
    draft.answers = {**draft.answers, "family": family((LINE_A, "Tran Thi B", "B7654321"))}
    draft.save()

    page = signed_in.get(reverse("cases:review", args=["sample", draft.pk])).content.decode()

    assert "Family member 1" in page
    assert "Tran Thi B" in page and "B7654321" in page


def test_other_people_cannot_reach_a_drafts_lines(client, draft):
    client.force_login(UserFactory())
    assert client.get(line_url(draft, LINE_A)).status_code == 404
    assert client.post(line_url(draft, LINE_A), {"name": "X"}).status_code == 404


def test_a_repeating_section_is_not_saved_as_a_plain_one(draft):
    from portal.cases.drafts import save_section

    with pytest.raises(ValueError):
        save_section(draft, section(draft), {"name": "X"})


# --- voiding after submission --------------------------------------------------------


@pytest.fixture
def submitted_with_family(complete_draft, applicant, nia_reviewer):
    complete_draft.answers = {
        **complete_draft.answers,
        "family": family((LINE_A, "Tran Thi B", "B7654321"), (LINE_B, "Le Van C", "C1112223")),
    }
    complete_draft.save()
    perform_action(complete_draft, applicant, "submit")
    return complete_draft


def void_url(case, line_id):
    return reverse("cases:void_line", args=["sample", case.pk, "family", line_id])


def test_the_applicant_voids_a_line_with_a_reason(signed_in, submitted_with_family):
    case = submitted_with_family
    assert signed_in.get(void_url(case, LINE_B)).status_code == 200

    response = signed_in.post(void_url(case, LINE_B), {"reason": "Went home"})

    assert response.status_code == 302
    event = CaseEvent.objects.for_case(case).get(action="line_voided")
    assert event.reason == "Went home"
    assert event.data == {"recorded": True, "section": "family", "line": LINE_B, "number": 2}
    assert event.from_state == event.to_state == "nia_review"
    case.refresh_from_db()
    assert len(case.answers["family"]) == 2  # voided, not deleted
    assert lines.current_lines(case, "family") == [
        {"name": "Tran Thi B", "passport_number": "B7654321"}
    ]
    page = signed_in.get(reverse("cases:detail", args=["sample", case.pk])).content.decode()
    assert "Line voided: Family member 2" in page
    assert "Went home" in page
    assert "voided" in page


def test_a_void_needs_a_reason_and_happens_once(signed_in, submitted_with_family, applicant):
    case = submitted_with_family
    response = signed_in.post(void_url(case, LINE_A), {"reason": "  "})
    assert response.status_code == 400
    assert not CaseEvent.objects.for_case(case).filter(action="line_voided").exists()

    voiding.void_line(case, applicant, "family", LINE_A, "Moved out")
    with pytest.raises(lines.LineError):
        voiding.void_line(case, applicant, "family", LINE_A, "Again")
    assert CaseEvent.objects.for_case(case).filter(action="line_voided").count() == 1


def test_no_void_outside_the_declared_states_nor_in_a_draft(applicant, draft, complete_draft):
    draft.answers = {**draft.answers, "family": family((LINE_A, "A", "1"))}
    draft.save()
    with pytest.raises(lines.LineError):
        voiding.void_line(draft, applicant, "family", LINE_A, "Reason")


def test_no_void_after_the_case_left_the_void_states(signed_in, submitted_with_family, applicant):
    case = submitted_with_family
    perform_action(case, applicant, "withdraw")
    assert signed_in.get(void_url(case, LINE_A)).status_code == 404
    with pytest.raises(lines.LineError):
        voiding.void_line(case, applicant, "family", LINE_A, "Reason")


def test_strangers_cannot_void(client, submitted_with_family):
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(void_url(submitted_with_family, LINE_A), {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        voiding.void_line(submitted_with_family, stranger, "family", LINE_A, "x")


def test_the_reviewer_holding_the_case_voids_from_the_review_page(
    client, submitted_with_family, nia_reviewer, wda_reviewer
):
    from django.core.management import call_command

    case = submitted_with_family
    call_command("setup_reviewer_groups", verbosity=0)  # each reviewer in their agency's group
    client.force_login(nia_reviewer)
    url = reverse("admin:sampleflow_samplecase_change", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Void this line" in page

    client.post(
        url,
        {"state": case.state, "intent": f"void:family:{LINE_A}", f"void_reason_{LINE_A}": "Dup"},
    )

    event = CaseEvent.objects.for_case(case).get(action="line_voided")
    assert (event.actor, event.reason, event.agency) == (nia_reviewer, "Dup", "NIA")
    page = client.get(url).content.decode()
    assert "Dup" in page
    # WDA does not hold the case: it may not void.
    with pytest.raises(PermissionDenied):
        voiding.void_line(case, wda_reviewer, "family", LINE_B, "x")


def test_line_events_are_declared_by_the_engine():
    case = SampleCaseFactory.build(answers=sample_answers())
    with translation.override("en"):
        assert str(case.workflow.event_label("line_voided")) == "Line voided"


# --- the workflow check ----------------------------------------------------------------


def test_the_check_refuses_wrong_lists_and_batch_columns(monkeypatch):
    import dataclasses

    from portal.cases import checks
    from portal.cases.workflow import BatchColumn
    from tests.sampleflow.models import SampleCase

    workflow = SampleCase.workflow
    family = workflow.section("family")
    wrong = dataclasses.replace(
        family, lines=dataclasses.replace(family.lines, void_states=("nowhere",), summary=("x",))
    )
    monkeypatch.setattr(
        SampleCase,
        "workflow",
        dataclasses.replace(
            workflow,
            sections=(*workflow.sections[:2], wrong),
            batch_columns=(
                BatchColumn("family", "name", "Name"),
                BatchColumn("person", "nope", "Nope"),
                BatchColumn("person", "surname", "A"),
                BatchColumn("person", "surname", "B"),
            ),
        ),
    )
    messages = sorted(e.msg for e in checks.check_workflows() if e.id == "cases.E010")
    assert messages == [
        "sample: batch column family.name: not a plain section",
        "sample: batch column person.nope: no such field",
        "sample: batch column person.surname: declared twice",
        "sample: batch column person.surname: declared twice",
        "sample: section 'family': summary 'x'",
        "sample: section 'family': void state 'nowhere'",
    ]
