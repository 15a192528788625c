from copy import deepcopy

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from portal.batches import columns


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Your list (CSV or XLSX)"),
        help_text=_("One application per row, under the template’s headers. At most 200 rows."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )


def field_name(column) -> str:
    return f"{column.section}__{column.field}"


class RowForm(forms.Form):
    """One row's values on the batch page, with the fields of the workflow's own section
    forms (their labels, choices and widgets). Its errors are not its own: they are the
    draft's problems (`drafts.completeness`), shown beside the cell they concern."""

    def __init__(self, model, *args, problems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        self.batch_columns = model.workflow.batch_columns
        for column in self.batch_columns:
            field = deepcopy(columns.form_field(model, column))
            field.label = columns.header(column)
            self.fields[field_name(column)] = field
        self._problems = problems or {}

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for column in self.batch_columns:
            messages = self._problems.get(column.key)
            if messages:
                self._errors[field_name(column)] = self.error_class(messages)

    def typed_values(self) -> dict:
        """{column key: the value as typed}, read by the fields' own widgets."""
        return {
            column.key: self.fields[field_name(column)].widget.value_from_datadict(
                self.data, self.files, self.add_prefix(field_name(column))
            )
            for column in self.batch_columns
        }


def row_form(model, report, data=None):
    """The row's form, bound to the draft's current values (or to what was posted)."""
    prefix = f"row{report.row.pk}"
    if data is None:
        data = {
            f"{prefix}-{field_name(column)}": report.values.get(column.key, "")
            for column in model.workflow.batch_columns
        }
    return RowForm(model, data=data, prefix=prefix, problems=report.column_problems)
