"""The columns of a workflow's batch file (`Workflow.batch_columns`): their headers in each
language, matching an uploaded header row to them, and turning a row into answers."""

from django.conf import settings
from django.utils import translation
from django.utils.choices import flatten_choices
from django.utils.translation import gettext_lazy as _

from portal.batches.reading import FileRefused

UNKNOWN = _(
    "The column “%(header)s” is not one of this application’s. The columns are: %(known)s. "
    "Please use the template’s headers (in English or Chinese)."
)
MISSING = _("These columns are missing: %(missing)s. Please use the template’s headers.")
TWICE = _("The column “%(header)s” appears twice. Please keep one.")


def header(column) -> str:
    """The column's header in the active language."""
    return str(column.header)


def headers(workflow) -> list[str]:
    return [header(column) for column in workflow.batch_columns]


def _normal(text: str) -> str:
    # People add a star for "required", change case or spacing: none of that matters.
    return " ".join(str(text).replace("\ufeff", "").strip().rstrip("*").split()).casefold()


def _names(column) -> set[str]:
    """Every header that means this column: its header in each language, and its key."""
    names = {_normal(column.key)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(_normal(str(column.header)))
    return names


def match(workflow, found: list[str]) -> list:
    """The declared column of each header of the file, in the file's order. Raises
    FileRefused when a header is unknown, repeated or a column is missing."""
    by_name = {name: column for column in workflow.batch_columns for name in _names(column)}
    columns, seen = [], set()
    listing = _list(headers(workflow))
    for text in found:
        if not text:
            columns.append(None)  # an empty header: its cells must be empty too (below)
            continue
        column = by_name.get(_normal(text))
        if column is None:
            raise FileRefused(UNKNOWN, {"header": text[:60], "known": listing})
        if column.key in seen:
            raise FileRefused(TWICE, {"header": text[:60]})
        seen.add(column.key)
        columns.append(column)
    missing = [header(c) for c in workflow.batch_columns if c.key not in seen]
    if missing:
        raise FileRefused(MISSING, {"missing": _list(missing)})
    return columns


def _list(items) -> str:
    from django.utils.translation import pgettext

    return pgettext("list separator", ", ").join(items)


def form_field(model, column):
    """The section form's field behind a column (labels, choices, widget)."""
    section = model.workflow.section(column.section)
    return section.form_class.base_fields[column.field]


def coerce(field, raw: str):
    """A cell's text as the field stores it: a choice may be given by its value or its
    label in either language ("yes", "Yes", "是")."""
    choices = getattr(field, "choices", None)
    if not choices or not raw:
        return raw
    wanted = _normal(raw)
    for value, label in flatten_choices(choices):
        if _normal(str(value)) == wanted:
            return str(value)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if _normal(str(label)) == wanted:
                    return str(value)
    return raw  # as typed: the form says what is wrong with it


def row_values(model, columns, cells: list[str]) -> dict[str, str]:
    """{column key: value} of one row; cells under an empty header are dropped."""
    values = {}
    for column, cell in zip(columns, cells, strict=False):
        if column is not None:
            values[column.key] = coerce(form_field(model, column), cell)
    for column in model.workflow.batch_columns:
        values.setdefault(column.key, "")
    return values


def answers_from(model, values: dict[str, str], base: dict | None = None) -> dict:
    """The case's answers with the row's values written into their sections."""
    answers = {code: dict(section) for code, section in (base or {}).items()}
    for column in model.workflow.batch_columns:
        if column.key in values:
            answers.setdefault(column.section, {})[column.field] = values[column.key]
    return answers
