"""Repeating sections (`Section.lines`): answers that are a list of lines, such as an
employer's roster of workers or a school's list of students.

A repeating section's answers are stored as a list, `[{"id": ..., "values": {...}}, ...]`,
each line's values as typed (like any draft answer: nothing typed is lost) and checked by
the section's form, the line form, before submission. A line's id is given when the line is
first saved and never changes; its number (Worker 2) is its place in the list.

In a draft, lines are added, changed and removed. Once the case is submitted its lines are
the record: in the states the workflow names (`Lines.void_states`) the applicant's side or
the reviewer holding the case may *void* a line with a reason. A void is the audit row itself
(`record_event("line_voided")`, on the timeline); the line stays, marked voided.
"""

import re
import secrets

from django.utils.translation import gettext as _

from portal.cases import permissions
from portal.cases.models import CaseEvent
from portal.cases.presentation import answer_rows, display_value
from portal.cases.typed import Problem, raw_values

LINE_VOIDED = "line_voided"
LINE_ID = re.compile(r"^[0-9a-f]{12}$")


class LineError(Exception):
    """The line cannot be changed as asked; the message is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def new_line_id() -> str:
    return secrets.token_hex(6)


def stored_lines(case, section) -> list[dict]:
    raw = case.answers.get(section.code)
    if not isinstance(raw, list):
        return []
    return [
        line
        for line in raw
        if isinstance(line, dict) and isinstance(line.get("values"), dict) and line.get("id")
    ]


def find_line(case, section, line_id: str) -> tuple[int, dict] | None:
    """(number, line) of the line with this id, numbered from 1; None when there is none."""
    for number, line in enumerate(stored_lines(case, section), 1):
        if line["id"] == line_id:
            return number, line
    return None


def line_form(case, section, values: dict | None):
    """The line form bound to `values` (unbound when None)."""
    if values is None:
        return section.form_class(case=case)
    return section.form_class(data=values, case=case)


def line_label(section, number: int) -> str:
    return _("%(noun)s %(number)s") % {"noun": section.lines.noun, "number": number}


def _blank(values: dict) -> bool:
    return all(value in (None, "", []) for value in values.values())


def save_line(case, section, line_id: str, data):
    """Store the line's values as typed, adding the line when it is new, and return the
    bound line form (errors for display). A new line with nothing typed is not added (a
    tab clicked on an empty "add" page). Raises LineError when the list is full."""
    if not LINE_ID.match(line_id):
        raise LineError(_("This line does not exist."))
    values = raw_values(section.form_class, data, None, case)
    lines = stored_lines(case, section)
    found = next((line for line in lines if line["id"] == line_id), None)
    if found is not None:
        found["values"] = values
    elif _blank(values):
        return line_form(case, section, values)
    elif len(lines) >= section.lines.max_lines:
        raise LineError(
            _("This list is full: it takes at most %(count)s lines.")
            % {"count": section.lines.max_lines}
        )
    else:
        lines.append({"id": line_id, "values": values})
    _store(case, section, lines)
    return line_form(case, section, values)


def remove_line(case, section, line_id: str) -> int | None:
    """Remove a draft's line; its number, or None when there was no such line."""
    found = find_line(case, section, line_id)
    if found is None:
        return None
    _store(case, section, [line for line in stored_lines(case, section) if line["id"] != line_id])
    return found[0]


def _store(case, section, lines):
    case.answers = {**case.answers, section.code: lines}
    case.applicant_name = case.describe_applicant()[:200]
    case.save(update_fields=["answers", "applicant_name", "updated_at"])


def problems(case, section) -> list[Problem]:
    """What is missing or wrong in a repeating section, line by line."""
    lines = stored_lines(case, section)
    found = []
    minimum = section.lines.min_lines
    if len(lines) < minimum:
        message = (
            _("Add at least one line.")
            if minimum == 1
            else _("Add at least %(count)s lines.") % {"count": minimum}
        )
        found.append(Problem(section.code, section.label, message))
    for number, line in enumerate(lines, 1):
        form = line_form(case, section, line["values"])
        if form.is_valid():
            continue
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            where = line_label(section, number)
            if field is not None:
                where = f"{where} · {field.label or name}"
            for message in errors:
                found.append(
                    Problem(section.code, section.label, message, f"{line['id']}.{name}", where)
                )
    return found


def summary(case, section, values: dict) -> str:
    """The few answers that name a line in lists ("NGUYEN Van An, C1234567")."""
    form = section.form_class(case=case)
    names = section.lines.summary or tuple(form.fields)[:2]
    shown = [display_value(form.fields[n], values.get(n)) for n in names if n in form.fields]
    return ", ".join(value for value in shown if value)


def voids(case) -> dict[tuple[str, str], CaseEvent]:
    """The audit rows voiding lines of `case`, by (section code, line id): one query."""
    events = CaseEvent.objects.for_case(case).filter(action=LINE_VOIDED).select_related("actor")
    return {(e.data.get("section", ""), e.data.get("line", "")): e for e in events}


def line_rows(case, section, voided: dict | None = None) -> list[dict]:
    """Each line for display: number, label, summary, its answers as (label, value) rows,
    whether it is complete, and its void (the audit row) if it was voided."""
    voided = voided or {}
    rows = []
    for number, line in enumerate(stored_lines(case, section), 1):
        form = line_form(case, section, line["values"])
        rows.append(
            {
                "id": line["id"],
                "number": number,
                "label": line_label(section, number),
                "summary": summary(case, section, line["values"]),
                "rows": answer_rows(form),
                "complete": form.is_valid(),
                "void": voided.get((section.code, line["id"])),
            }
        )
    return rows


def voided_label(case, event) -> str:
    """ "Worker 2" for an audit row voiding a line, in the active language ("" otherwise)."""
    section = case.workflow.section(event.data.get("section", ""))
    number = event.data.get("number")
    if event.action != LINE_VOIDED or section is None or section.lines is None or not number:
        return ""
    return line_label(section, number)


def current_lines(case, code: str) -> list[dict]:
    """The values of the lines of section `code` that are not voided: what other code (a
    residence case checking the roster) reads."""
    section = case.workflow.section(code)
    if section is None or section.lines is None:
        return []
    voided = voids(case)
    return [
        line["values"]
        for line in stored_lines(case, section)
        if (section.code, line["id"]) not in voided
    ]


def voidable(case, section) -> bool:
    """Lines of this section may be voided now (by someone: see `may_void`)."""
    return (
        section.lines is not None and not case.is_draft and case.state in section.lines.void_states
    )


def may_void(case, user) -> bool:
    """The applicant's side, or a reviewer of the agency holding the case."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return permissions.reviews_agency(user, case.agency)
    return permissions.applicant_side(case, user)


def repeating_sections(case) -> list:
    """The case's repeating sections that apply to its answers (`Section.applies_to`, as
    `drafts.applicable_sections` reads it)."""
    answers = case.flat_answers()
    return [s for s in case.workflow.sections if s.lines is not None and s.applies_to(answers)]


def blocks(case, user=None) -> list[dict]:
    """Each repeating section of a submitted case with its lines (voided ones marked), and
    whether `user` may void them now: for the case page and the review page."""
    sections = repeating_sections(case)
    if not sections:
        return []
    voided = voids(case)
    allowed = user is not None and may_void(case, user)
    return [
        {
            "section": section,
            "lines": line_rows(case, section, voided),
            "voiding": allowed and voidable(case, section),
        }
        for section in sections
    ]
