"""The files a batch page offers: the workflow's template, and a batch's rows with what is
still wrong with them. Every cell goes through `portal.web.spreadsheets.safe_cell`."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.batches import columns
from portal.web import spreadsheets

STATUS = {
    "submitted": lambda: pgettext("rows of a batch", "Submitted"),
    "ready": lambda: _("Ready to submit"),
    "needs_fixing": lambda: _("Needs fixing"),
}


def template_rows(workflow) -> list[list[str]]:
    """The headers in the active language, and an example row."""
    return [columns.headers(workflow), [column.example for column in workflow.batch_columns]]


def export_rows(workflow, reports) -> list[list[str]]:
    header = [_("Row"), _("Status"), _("Application number"), *columns.headers(workflow)]
    rows = [[*header, _("Problems")]]
    for report in reports:
        problems = [
            f"{columns.header(column)}: {message}"
            for column in workflow.batch_columns
            for message in report.column_problems.get(column.key, [])
        ] + [problem.describe() for problem in report.other_problems]
        if report.row.outcome_note and not report.submitted:
            problems.append(report.row.outcome_note)
        rows.append(
            [
                report.row.number,
                STATUS[report.status](),
                report.case.number or "",
                *[report.values.get(column.key, "") for column in workflow.batch_columns],
                "\n".join(problems),
            ]
        )
    return rows


def as_file(rows, kind: str, *, title: str) -> bytes:
    if kind == "csv":
        return spreadsheets.csv_bytes(rows)
    return spreadsheets.xlsx_bytes(rows, title=title)
