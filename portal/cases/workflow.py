"""What a workflow declares about itself, in plain data the engine reads.

A workflow's case model carries one `Workflow` as its `workflow` attribute: its number code,
its review stages (which state is worked by which agency), its form sections and its
document slots. Transitions stay on the model as django-fsm methods; the engine learns the
rest of the graph (which states are final, what may be withdrawn) from django-fsm's own
metadata, never from copied lists.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

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
    # A review stage may ask for a supplement and reject; card production and pickup are
    # stages an agency holds without reviewing.
    review: bool = True
    # How long the stage should take, in working days: the default of the admin-editable
    # target (portal.cases.targets); None for a stage that waits on the applicant (pickup).
    target_days: int | None = None


@dataclass(frozen=True)
class Lines:
    """Makes a section repeating (a roster of workers, a list of students): its answers are
    a list of lines, each checked by the section's form. Every line keeps its id for life;
    after submission a line is voided, with a reason, on the timeline and in the audit,
    never deleted. `portal.cases.lines` does the work."""

    noun: str | Promise  # one line, as in "Worker 2"
    add_label: str | Promise  # the button that adds one ("Add a worker")
    min_lines: int = 1
    max_lines: int = 100
    # The fields that name a line in lists (default: the line form's first two).
    summary: tuple[str, ...] = ()
    # The states in which the applicant's side or the reviewer holding the case may void a
    # line (none: lines are never voided).
    void_states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One tab of the application form. Its form validates the stored answers.

    `form` is the form class or its dotted path: a workflow declared beside its case model
    names its forms by path, so that the model never imports its forms (forms read models;
    an import the other way makes a circle)."""

    code: str
    label: str | Promise
    form: type | str
    # Optional: a callable(answers) -> bool; a section that does not apply is skipped.
    applies: Callable[[dict], bool] | None = None
    # Guidance shown above the tab's fields (the original system's notes for the tab).
    intro: str | Promise = ""
    # A repeating section: its answers are a list of lines, each checked by `form` (the line
    # form). See `Lines` and `portal.cases.lines`.
    lines: Lines | None = None

    @property
    def form_class(self) -> type:
        return _import(self.form) if isinstance(self.form, str) else self.form

    def applies_to(self, answers: dict) -> bool:
        return self.applies is None or self.applies(answers)


@dataclass(frozen=True)
class BatchColumn:
    """One column of a batch file (`portal.batches`: one draft per row): the answer of a
    section's field it fills, and its header. The template has the header in the page's
    language; an upload may use either language's header. `example` fills the template's
    example row."""

    section: str
    field: str
    header: str | Promise
    example: str = ""

    @property
    def key(self) -> str:
        return f"{self.section}.{self.field}"


@functools.cache
def _import(path: str):
    return import_string(path)


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
class Gate:
    """A step before the tabs (eligibility questions, terms of use, a look-up), served by the
    engine's views (portal.cases.views.gates): until `done(case)`, the draft's tabs send the
    person there. The first gate comes before the draft exists (a person found not eligible
    leaves no draft behind). `form` (a class or dotted path) follows the gate protocol of
    portal.cases.views.gates; its answers are kept under `code`. `url_name` names the URL of
    the page when the workflow routes it under its own prefix (it takes the draft's pk)."""

    code: str
    form: type | str
    done: Callable[..., bool]
    template: str
    url_name: str = ""

    @property
    def form_class(self) -> type:
        return _import(self.form) if isinstance(self.form, str) else self.form


@dataclass(frozen=True)
class ProcessingTarget:
    """A promise on the whole case, measured in the reports: from entering `start_state` to
    entering `end_state`, under `days` calendar days (it took `before_days` in the systems the
    portal replaces)."""

    days: int
    start_state: str
    end_state: str
    before_days: int | None = None


@dataclass(frozen=True)
class NoticeEvent:
    """A notice only this workflow sends (the engine's own are `notify.CaseNoticeEvent`); its
    e-mail lives in `templates/emails/<workflow slug>/<name>/`."""

    name: str
    label: str | Promise


@dataclass(frozen=True)
class Trigger:
    """A move of another workflow's case that moves cases of this one, in the same
    transaction, each with its own audit row (the platform acts). Named by slug and
    transition name, so that no workflow app imports another: when WDA issues an employment
    permit (`source="onestop", action="issue_permit"`), every residence case waiting on that
    serial (`waiting(onestop_case)` returns them) goes to NIA review (`move`)."""

    source: str  # the slug of the workflow whose move fires it
    action: str  # the name of that move
    waiting: Callable[..., object]  # (source case) -> queryset of this workflow's cases
    move: str  # the transition of this workflow to perform on each, as the platform


@dataclass(frozen=True)
class Fee:
    """A service this workflow charges a fee for; its amounts are rows of the fee schedule
    (payments.FeeRate) under `code`."""

    code: str
    label: str | Promise

    @classmethod
    def of(cls, *members) -> tuple["Fee", ...]:
        """Fees from members of a TextChoices (its values are the codes)."""
        return tuple(cls(member.value, member.label) for member in members)


@dataclass(frozen=True)
class Periodic:
    """A task of this workflow that beat runs every `every` seconds (expiry, reminders,
    sweeps): `task` is the dotted path of a Celery task; `name` is unique in the schedule."""

    name: str
    task: str
    every: float


@dataclass(frozen=True)
class RecordedEvent:
    """Something that happens to a case without moving it (a roster line voided, an automatic
    extension): recorded by `portal.cases.services.record_event` on the timeline and in the
    audit. The engine's own are `ENGINE_EVENTS` below."""

    name: str
    label: str | Promise


# Events of every workflow that are not moves (declared here, beside the type, so that the
# declaration never imports the write path: services reads it, not the other way).
ENGINE_EVENTS = (
    RecordedEvent("deadline_extended", gettext_lazy("Deadline extended")),
    RecordedEvent("note", gettext_lazy("Note added")),
    # portal.cases.lines: a line of a repeating section (a worker of a roster) voided.
    RecordedEvent("line_voided", gettext_lazy("Line voided")),
)


@dataclass(frozen=True)
class Certificate:
    """A PDF the workflow issues when one of its moves is made (the Gold Card's overseas
    approval certificate). The engine (`portal.pdf.tasks`) listens to the move; after
    the commit one Celery task renders it in the case's language (both languages printed),
    stores it privately, lists it on the case page and in the download area, e-mails it
    once to each of the case's contacts in their own language, and gives it a verification
    code and QR code that the public verification page answers for (ADR 0013)."""

    code: str  # short and unique in the workflow (letters, digits, "_"): part of its key
    name: str | Promise  # what it is, as the verification page and the download area say
    on: str  # the transition (method name) that issues it
    template: str  # the PDF's template
    # The template's context: a dotted path to a callable(case) -> dict. A path, like a
    # section's form, so that the case model never imports what reads it.
    context: str
    email: str  # the e-mail's templates: templates/emails/<email>/
    # The file's and the download area's title; "%(number)s" is the application number.
    title: str | Promise = ""
    # A callable(case) -> bool: issued only when it holds (cheap and pure, like a condition).
    applies: Callable[..., bool] | None = None
    # The case's date fields that bound the document's validity, which the verification
    # page shows ("" for a document without a term).
    valid_from: str = ""
    valid_until: str = ""

    @property
    def context_function(self) -> Callable[..., dict]:
        return _import(self.context)

    def applies_to(self, case) -> bool:
        return self.applies is None or bool(self.applies(case))

    def title_for(self, case) -> str:
        """The title in the active language (issue it under the case's)."""
        return str(self.title or self.name) % {"number": case.number or ""}


@dataclass(frozen=True)
class SharedMoves:
    """Which states the shared moves connect."""

    supplement: str  # the state a case waits in for the applicant's supplement
    rejected: str
    withdrawn: str
    withdraw_from: tuple[str, ...]  # the states the applicant's side may withdraw from
    payment_due: str = ""  # confirm_payment leads from here to `paid`, when the workflow charges
    paid: str = ""
    # A workflow that ends with a card to collect: card_ready (production → ready, with the
    # "ready for pickup" notice) and hand_over (ready → handed over).
    production: str = ""
    ready: str = ""
    handed_over: str = ""

    @classmethod
    def of(cls, states, *, withdraw_from, paid: str = "") -> "SharedMoves":
        """The usual wiring, read from a state enum that uses the engine's member names
        (SUPPLEMENT_REQUESTED, REJECTED, WITHDRAWN; PAYMENT_DUE when `paid` is given;
        CARD_PRODUCTION, READY and ISSUED when it has them). Spell the fields out instead
        when a workflow's states are named otherwise."""
        card = hasattr(states, "CARD_PRODUCTION")
        return cls(
            supplement=states.SUPPLEMENT_REQUESTED,
            rejected=states.REJECTED,
            withdrawn=states.WITHDRAWN,
            withdraw_from=tuple(withdraw_from),
            payment_due=states.PAYMENT_DUE if paid else "",
            paid=paid,
            production=states.CARD_PRODUCTION if card else "",
            ready=states.READY if card else "",
            handed_over=states.ISSUED if card else "",
        )


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
    # The states the engine's shared moves connect (`portal.cases.moves.shared_moves`).
    moves: SharedMoves | None = None
    notices: tuple[NoticeEvent, ...] = ()
    events: tuple[RecordedEvent, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    periodic: tuple[Periodic, ...] = ()
    fees: tuple[Fee, ...] = ()
    # Who may file one: the accounts.Role values allowed (None: anyone signed in but staff).
    filer_roles: frozenset[str] | None = None
    # A URL name where starting begins (a page of questions); none: "new" makes the draft.
    start_url: str = ""
    gates: tuple[Gate, ...] = ()
    # Shown (403) to a signed-in person whose role may not file this workflow; the engine's
    # generic page names the roles that may.
    cannot_start_template: str = ""
    # Answers given at the gates, shown read-only on the review tab and to reviewers.
    summary_sections: tuple[Section, ...] = ()
    # Included in the case page under the status (what this workflow's applicant must know).
    detail_template: str = ""
    target: ProcessingTarget | None = None
    # Filing many at once from a CSV or XLSX file, one draft per row (`portal.batches`):
    # which answers the columns fill. None declared: the workflow takes no batches.
    batch_columns: tuple[BatchColumn, ...] = ()
    # The PDFs its moves issue, e-mail and make verifiable (`Certificate`).
    certificates: tuple[Certificate, ...] = ()
    # What its rules read (`case.answers_view`): a subclass of portal.cases.answers.Answers
    # with the facts they derive as cached properties, or its dotted path; the engine's
    # plain flat answers when none is declared.
    answers: type | str = ""

    @property
    def answers_class(self) -> type:
        if not self.answers:
            from portal.cases.answers import Answers

            return Answers
        return _import(self.answers) if isinstance(self.answers, str) else self.answers

    def stage_for(self, state: str) -> Stage | None:
        for stage in self.stages:
            if stage.state == state:
                return stage
        return None

    @property
    def review_states(self) -> tuple[str, ...]:
        return tuple(stage.state for stage in self.stages if stage.review)

    @property
    def held_states(self) -> tuple[str, ...]:
        """The states in which an agency holds the case or awaits the applicant's supplement:
        submitted and paid, not yet closed."""
        supplement = (self.moves.supplement,) if self.moves else ()
        return tuple(stage.state for stage in self.stages) + supplement

    def event_label(self, name: str):
        """The label of a recorded event of this workflow or of the engine, or None."""
        for event in (*self.events, *ENGINE_EVENTS):
            if event.name == name:
                return event.label
        return None

    def stages_of(self, agency: str) -> tuple[Stage, ...]:
        return tuple(stage for stage in self.stages if stage.agency == agency)

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def slot(self, code: str) -> DocumentSlot | None:
        return next((s for s in self.document_slots if s.code == code), None)

    def certificate(self, code: str) -> Certificate | None:
        return next((c for c in self.certificates if c.code == code), None)
