"""What was typed into a section's form: its raw values, and the problems found in them.

Shared by drafts (`portal.cases.drafts`) and repeating sections (`portal.cases.lines`),
which drafts read: kept apart so that neither imports the other in a circle."""

from dataclasses import dataclass

from django.utils.functional import Promise

from portal.web.typography import labelled


@dataclass(frozen=True)
class Problem:
    section: str
    section_label: str | Promise
    message: str | Promise
    field: str = ""
    field_label: str | Promise = ""

    def describe(self) -> str:
        """ "Passport · Date of expiry: …", punctuated for the active language."""
        where = (
            f"{self.section_label} · {self.field_label}"
            if self.field_label
            else str(self.section_label)
        )
        return labelled(where, self.message)


def raw_values(form_class, data, files=None, case=None) -> dict:
    """The submitted values of the form's fields, exactly as typed (lists for multi-selects).
    The form is built for the case: which fields it has may depend on earlier answers."""
    form = form_class(case=case)
    return {
        name: bound_field.field.widget.value_from_datadict(data, files or {}, form.add_prefix(name))
        for name, bound_field in ((n, form[n]) for n in form.fields)
    }
