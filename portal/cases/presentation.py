"""Showing stored answers to people: labels and readable values, in the active language."""

from django import forms


def display_value(field, raw):
    if raw in (None, "", []):
        return ""
    if isinstance(field, forms.BooleanField):
        from django.utils.translation import gettext as _

        return _("Yes") if raw in (True, "on", "true", "True", "1") else _("No")
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(value): label for value, label in field.choices}
        if isinstance(raw, list):
            return ", ".join(str(labels.get(str(v), v)) for v in raw)
        return str(labels.get(str(raw), raw))
    return str(raw)


def answer_rows(form):
    """(label, value) of each field of a bound section form, from what was typed."""
    data = form.data
    rows = []
    for name, field in form.fields.items():
        raw = data.get(name) if hasattr(data, "get") else None
        rows.append(
            {"name": name, "label": field.label or name, "value": display_value(field, raw)}
        )
    return rows
