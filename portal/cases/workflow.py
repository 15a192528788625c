"""What a workflow declares about itself, in plain data the engine reads.

A workflow's case model carries one `Workflow` as its `workflow` attribute: its number code,
its review stages (which state is worked by which agency), its form sections and its
document slots. Transitions stay on the model as django-fsm methods; the engine learns the
rest of the graph (which states are final, what may be withdrawn) from django-fsm's own
metadata, never from copied lists.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from portal.cases.uploads import UploadRules


class ActionKind:
    """What an action means to the engine (what it must record and check besides the state)."""

    SUBMIT = "submit"  # allocates the number, checks completeness, sends "submission received"
    WITHDRAW = "withdraw"  # by the applicant side; withdrawn cases stay readable
    ADVANCE = "advance"  # a reviewer approves or sends the case on: a decision record
    REQUEST_SUPPLEMENT = "request_supplement"  # a decision with items and a deadline
    ANSWER_SUPPLEMENT = "answer_supplement"  # back to the stage that asked
    REJECT = "reject"  # a decision; a reason is required
    SYSTEM = "system"  # done by the platform itself (payment confirmed, card produced...)

    DECISIONS = frozenset({ADVANCE, REQUEST_SUPPLEMENT, REJECT})
    NEEDS_REASON = frozenset({REJECT, REQUEST_SUPPLEMENT})


@dataclass(frozen=True)
class Stage:
    """A state in which an agency holds the case: one reviewer queue."""

    state: str
    agency: str  # accounts.Agency value
    label: str | Promise


@dataclass(frozen=True)
class Section:
    """One tab of the application form. `form_class` validates the stored answers."""

    code: str
    label: str | Promise
    form_class: type
    # Optional: a callable(answers) -> bool; a section that does not apply is skipped.
    applies: Callable[[dict], bool] | None = None
    # Guidance shown above the tab's fields (the original system's notes for the tab).
    intro: str | Promise = ""

    def applies_to(self, answers: dict) -> bool:
        return self.applies is None or self.applies(answers)


@dataclass(frozen=True)
class DocumentSlot:
    """A kind of document the workflow asks for, with its own upload rules."""

    code: str
    label: str | Promise
    rules: UploadRules
    required: bool = True
    # "Required when": a callable(answers) -> bool refining `required` from earlier answers.
    required_when: Callable[[dict], bool] | None = None
    # "Asked when": a slot that does not apply is not shown at all.
    applies: Callable[[dict], bool] | None = None
    # Text under the slot; a callable(answers) -> text when it depends on earlier answers (the
    # Gold Card's proof rules are those of the criterion chosen).
    help_text: str | Promise | Callable[[dict], str] = ""
    # Answers the document's content depends on: when one of them changes, the document no
    # longer fits and is dropped on save (the person is warned before and told after).
    depends_on: tuple[str, ...] = ()

    def help_for(self, answers: dict):
        return self.help_text(answers) if callable(self.help_text) else self.help_text

    def applies_to(self, answers: dict) -> bool:
        return self.applies is None or self.applies(answers)

    def is_required(self, answers: dict) -> bool:
        if not self.applies_to(answers):
            return False
        if self.required_when is not None:
            return self.required_when(answers)
        return self.required


@dataclass(frozen=True)
class Workflow:
    code: str  # two digits, part of the application number
    slug: str  # used in URLs
    name: str | Promise
    stages: tuple[Stage, ...] = ()
    sections: tuple[Section, ...] = ()
    document_slots: tuple[DocumentSlot, ...] = ()
    documents_section_label: str | Promise = ""
    # Working days a reviewer gives for a supplement unless they choose otherwise.
    supplement_days: int = 10
    extra: dict = field(default_factory=dict)

    def stage_for(self, state: str) -> Stage | None:
        for stage in self.stages:
            if stage.state == state:
                return stage
        return None

    def stages_of(self, agency: str) -> tuple[Stage, ...]:
        return tuple(stage for stage in self.stages if stage.agency == agency)

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def slot(self, code: str) -> DocumentSlot | None:
        return next((s for s in self.document_slots if s.code == code), None)
