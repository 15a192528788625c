"""Drafts: saving answers as typed (autosave) and checking what is still missing.

Answers are stored raw, per section, whatever their validity, so that nothing typed is ever
lost; each section's form validates them when the user asks (save), and all of them at once
before submission.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.cases import lines
from portal.cases.typed import Problem, raw_values

DOCUMENTS = "documents"  # the code of the documents tab every workflow gets after its sections


class SectionForm(forms.Form):
    """Base for a workflow's section forms: knows its case, so rules may read other answers."""

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def full_clean(self):
        # A field revealed by an answer (widgets.reveal_when) is required exactly when that
        # answer is given; forms may add such fields in their own __init__, so this is decided
        # here, when the answers are checked, rather than when the form is built.
        for form_field in self.fields.values():
            reveal = getattr(form_field, "reveal", None)
            if reveal is not None and reveal.controller in self.fields:
                form_field.required = str(self[reveal.controller].value() or "") == reveal.value
        super().full_clean()

    def warnings(self) -> list:
        """Things the person should know about what they typed that do not stop them (shown
        above the form after a save); override per section."""
        return []


@dataclass
class Completeness:
    problems: list[Problem] = field(default_factory=list)
    sections: dict[str, bool] = field(default_factory=dict)  # section code -> complete

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def first_incomplete(self) -> str | None:
        return next((code for code, done in self.sections.items() if not done), None)

    def problems_in(self, code: str) -> list[Problem]:
        return [p for p in self.problems if p.section == code]


def section_form(case, section, data=None):
    """The section's form bound to `data`, or to the stored answers when `data` is None."""
    bound = case.section_answers(section.code) if data is None else data
    return section.form_class(data=bound, case=case)


def summary_sections(case):
    """Answers given before the tabs (`Workflow.summary_sections`), shown read-only first on
    the review tab and to reviewers."""
    return list(case.workflow.summary_sections)


def applicable_sections(case):
    answers = case.flat_answers()
    return [s for s in case.workflow.sections if s.applies_to(answers)]


def save_section(case, section, data, files=None):
    """Store the section's answers as typed and return the bound form (errors for display).

    Documents whose content depended on an answer that changed are dropped; the returned
    form lists their slots in `dropped_slots`. The caller decides whether the case may be
    edited now."""
    if section.lines is not None:
        raise ValueError(f"{section.code} is a repeating section: portal.cases.lines saves it")
    before = case.flat_answers()
    case.answers = {**case.answers, section.code: raw_values(section.form_class, data, files, case)}
    case.applicant_name = case.describe_applicant()[:200]
    case.save(update_fields=["answers", "applicant_name", "updated_at"])
    dropped = _drop_documents_that_no_longer_fit(case, before, case.flat_answers())
    form = section_form(case, section)
    form.dropped_slots = dropped
    return form


def slots_depending_on(case, names) -> list:
    """The document slots whose content depends on any of the answers `names`."""
    names = set(names)
    return [slot for slot in case.workflow.document_slots if names & set(slot.depends_on)]


def documents_at_stake(case, section) -> list:
    """(slot, document) pairs a change in `section` would drop: shown as a warning on the tab."""
    from portal.cases.documents import current_documents

    slots = slots_depending_on(case, section.form_class.base_fields)
    if not slots:
        return []
    documents = current_documents(case)
    return [(slot, documents[slot.code]) for slot in slots if slot.code in documents]


def _drop_documents_that_no_longer_fit(case, before, after) -> list:
    from portal.cases.documents import current_documents, remove_document

    changed = {name for name, value in before.items() if value and after.get(name) != value}
    slots = slots_depending_on(case, changed)
    if not slots:
        return []
    documents = current_documents(case)
    dropped = []
    for slot in slots:
        if slot.code in documents:
            remove_document(case, documents[slot.code])
            dropped.append(slot)
    return dropped


def completeness(case, *, present_slots: set[str] | None = None) -> Completeness:
    """What is still missing before `case` can be submitted. `present_slots`, the slots with
    a current document, saves the query when a list of cases was read at once."""
    report = Completeness()
    for section in applicable_sections(case):
        if section.lines is not None:
            found = lines.problems(case, section)
            report.sections[section.code] = not found
            report.problems.extend(found)
            continue
        form = section_form(case, section)
        ok = form.is_valid()
        report.sections[section.code] = ok
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in errors:
                report.problems.append(
                    Problem(section.code, section.label, message, name, label or "")
                )
    if case.workflow.document_slots:
        missing = missing_documents(case, present=present_slots)
        report.sections[DOCUMENTS] = not missing
        for slot in missing:
            report.problems.append(
                Problem(
                    DOCUMENTS,
                    documents_label(case),
                    _("This document is required."),
                    slot.code,
                    slot.label,
                )
            )
    return report


def documents_label(case):
    return case.workflow.documents_section_label or _("Documents")


def applicable_slots(case):
    answers = case.flat_answers()
    return [slot for slot in case.workflow.document_slots if slot.applies_to(answers)]


def missing_documents(case, present: set[str] | None = None):
    from portal.cases.models import Document

    answers = case.flat_answers()
    if present is None:
        present = set(Document.objects.for_case(case).current().values_list("slot", flat=True))
    return [
        slot
        for slot in case.workflow.document_slots
        if slot.is_required(answers) and slot.code not in present
    ]
