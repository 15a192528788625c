"""The write path of batches: a file becomes one draft per row, a row is fixed in place, and
the batch is submitted as a whole, each draft through the engine's `perform_action`.

A row's problems are never stored: they are the draft's own (`drafts.completeness`), read
again whenever the batch is shown, so that a row fixed on the batch page, on the draft's
tabs or by uploading a document is seen as fixed at once, in the reader's language.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.batches import columns as batch_columns
from portal.batches.models import Batch, BatchRow
from portal.batches.reading import FileRefused, read_table
from portal.cases import drafts, registry, starting
from portal.cases.actions import available_actions
from portal.cases.models import Document
from portal.cases.services import ActionError, CaseChanged, perform_action
from portal.cases.uploads import display_name
from portal.cases.workflow import ActionKind

VALUE_WITHOUT_HEADER = gettext_lazy(
    "Row %(row)s has a value in column %(column)s, which has no header. Please give the "
    "column its header from the template, or remove the value."
)
NO_ROWS = gettext_lazy("This file has headers but no rows. Please add one row per application.")


def may_file_batches(workflow, user) -> bool:
    """An organisation's user (employer, agency, school) who may file this workflow, and
    the workflow declares batch columns."""
    return (
        bool(workflow.batch_columns)
        and user.is_authenticated
        and user.role in starting.ORGANISATION_ROLES
        and starting.may_start(workflow, user)
    )


def batch_workflows(user) -> list:
    return [model for model in registry.models() if may_file_batches(model.workflow, user)]


def batches_of(user):
    return Batch.objects.filter(owner=user)


def create_batch(model, user, upload) -> Batch:
    """Read `upload` and make one draft per row, or make nothing: raises FileRefused."""
    if not may_file_batches(model.workflow, user):
        raise PermissionDenied("not a filer of batches of this workflow")
    table = read_table(upload)
    columns = batch_columns.match(model.workflow, table.header)
    if not table.rows:
        raise FileRefused(NO_ROWS)
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if cell and (index >= len(columns) or columns[index] is None):
                raise FileRefused(VALUE_WITHOUT_HEADER, {"row": number, "column": index + 1})
    with transaction.atomic():
        membership = user.memberships.select_related("organisation").first()
        batch = Batch.objects.create(
            workflow=model.workflow.slug,
            owner=user,
            organisation=membership.organisation if membership else None,
            file_name=display_name(getattr(upload, "name", "") or "")[:200] or "—",
            kind=table.kind,
        )
        case_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        rows = []
        for number, cells in table.rows:
            values = batch_columns.row_values(model, columns, cells)
            case = starting.new_draft(
                model, user, answers=batch_columns.answers_from(model, values)
            )
            case.applicant_name = case.describe_applicant()[:200]
            case.save(update_fields=["applicant_name"])
            rows.append(
                BatchRow(
                    batch=batch, number=number, values=values, case_type=case_type, case_id=case.pk
                )
            )
        BatchRow.objects.bulk_create(rows)
    return batch


# --- reading a batch ------------------------------------------------------------------


@dataclass
class RowReport:
    row: BatchRow
    case: object
    values: dict  # {column key: the draft's current value}
    column_problems: dict = field(default_factory=dict)  # {column key: [messages]}
    other_problems: list = field(default_factory=list)  # Problem: fixed in the draft

    @property
    def submitted(self) -> bool:
        return not self.case.is_draft

    @property
    def ready(self) -> bool:
        return self.case.is_draft and not self.column_problems and not self.other_problems

    @property
    def status(self) -> str:
        if self.submitted:
            return "submitted"
        return "ready" if self.ready else "needs_fixing"


def row_reports(batch) -> list[RowReport]:
    """Every row with its draft and what is still wrong with it, in a fixed number of
    queries however many rows (the rows, their cases, their documents)."""
    model = registry.model_for(batch.workflow)
    rows = list(batch.rows.all())
    cases = model.objects.select_related("owner").in_bulk([row.case_id for row in rows])
    present: dict[int, set[str]] = {}
    for case_id, slot in Document.objects.filter(
        case_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        case_id__in=list(cases),
        replaced_at__isnull=True,
    ).values_list("case_id", "slot"):
        present.setdefault(case_id, set()).add(slot)
    return [
        _report(model, row, cases[row.case_id], present.get(row.case_id, set()))
        for row in rows
        if row.case_id in cases
    ]


def row_report(row) -> RowReport:
    model = registry.model_for(row.batch.workflow)
    case = model.objects.get(pk=row.case_id)
    return _report(model, row, case, None)


def _report(model, row, case, present) -> RowReport:
    workflow = model.workflow
    values = {
        column.key: case.section_answers(column.section).get(column.field, "")
        for column in workflow.batch_columns
    }
    report = RowReport(row=row, case=case, values=values)
    if not case.is_draft:
        return report
    keys = {(c.section, c.field): c.key for c in workflow.batch_columns}
    for problem in drafts.completeness(case, present_slots=present).problems:
        key = keys.get((problem.section, problem.field))
        if key is not None:
            report.column_problems.setdefault(key, []).append(str(problem.message))
        else:
            report.other_problems.append(problem)
    return report


def counts(reports) -> dict[str, int]:
    tally = {"submitted": 0, "ready": 0, "needs_fixing": 0}
    for report in reports:
        tally[report.status] += 1
    return tally


# --- fixing a row in place ------------------------------------------------------------


def fix_row(row, user, values: dict[str, object]) -> tuple[RowReport, list]:
    """Write a row's corrected values into its draft, section by section, as the draft's
    tabs do (documents that no longer fit the answers are dropped: returned)."""
    model = registry.model_for(row.batch.workflow)
    case = model.objects.get(pk=row.case_id)
    if not case.is_draft:
        raise ActionError(_("This row was submitted already; it cannot be changed here."))
    if not case.is_party(user):
        raise PermissionDenied("not a party to the draft")
    dropped = []
    sections = dict.fromkeys(c.section for c in model.workflow.batch_columns)
    for code in sections:
        section = model.workflow.section(code)
        data = case.section_answers(code)
        for column in model.workflow.batch_columns:
            if column.section == code and column.key in values:
                data[column.field] = values[column.key]
        form = drafts.save_section(case, section, data)
        dropped.extend(form.dropped_slots)
    return _report(model, row, case, None), dropped


# --- submitting the batch -------------------------------------------------------------


@dataclass
class SubmitReport:
    submitted: list = field(default_factory=list)  # BatchRow
    refused: list = field(default_factory=list)  # (BatchRow, message)
    already: list = field(default_factory=list)  # BatchRow submitted earlier


def submit_batch(batch, user) -> SubmitReport:
    """Submit every draft of the batch, each through `perform_action` in its own
    transaction: one refused row never undoes the others. Each row records what happened
    to it, and the report lists both kinds."""
    model = registry.model_for(batch.workflow)
    result = SubmitReport()
    rows = list(batch.rows.all())
    cases = model.objects.in_bulk([row.case_id for row in rows])
    for row in rows:
        case = cases.get(row.case_id)
        if case is None:
            continue
        if not case.is_draft:
            result.already.append(row)
            continue
        note = _submit_one(case, user)
        row.outcome = BatchRow.Outcome.REFUSED if note else BatchRow.Outcome.SUBMITTED
        row.outcome_note = note
        row.save(update_fields=["outcome", "outcome_note"])
        if note:
            result.refused.append((row, note))
        else:
            result.submitted.append(row)
    batch.submitted_at = timezone.now()
    batch.save(update_fields=["submitted_at"])
    return result


def _submit_one(case, user) -> str:
    """ "" when submitted; otherwise why not, for the person."""
    action = next((a for a in available_actions(case, user) if a.kind == ActionKind.SUBMIT), None)
    if action is None:
        return _("This application cannot be submitted by you now.")
    if starting.open_gate_url(case):
        # Steps before the tabs (terms, eligibility) are the person's to take in the draft.
        return _("Open the draft and complete the steps before its tabs first.")
    try:
        perform_action(case, user, action.name)
    except CaseChanged as error:
        return str(error.message)
    except ActionError as error:
        # What is missing is the draft's own problems, which the row lists beside this.
        return str(error.message)
    except PermissionDenied:
        return _("This application cannot be submitted by you now.")
    return ""
