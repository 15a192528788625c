"""Showing stored answers to people: labels and readable values, in the active language."""

from django import forms
from django.utils.choices import flatten_choices


def display_value(field, raw):
    if raw in (None, "", []):
        return ""
    if isinstance(field, forms.BooleanField):
        from django.utils.translation import gettext as _

        return _("Yes") if raw in (True, "on", "true", "True", "1") else _("No")
    choices = getattr(field, "choices", None)
    if choices:
        # Grouped choices (districts of each county, criteria of each field) hold their
        # options one level down: without flattening, the stored ID is all a reader sees.
        labels = {str(value): label for value, label in flatten_choices(field.choices)}
        if isinstance(raw, list):
            return ", ".join(str(labels.get(str(v), v)) for v in raw)
        return str(labels.get(str(raw), raw))
    return str(raw)


def is_revealed(field, data) -> bool:
    """False for a field asked only after another answer (widgets.reveal_when) that was not
    given: an explanation after "no" is not part of the application, so it is not shown."""
    reveal = getattr(field, "reveal", None)
    if reveal is None:
        return True
    value = data.get(reveal.controller) if hasattr(data, "get") else None
    return str(value or "") == reveal.value


def answer_rows(form):
    """(label, value) of each field of a bound section form, from what was typed."""
    data = form.data
    rows = []
    for name, field in form.fields.items():
        if not is_revealed(field, data):
            continue
        raw = data.get(name) if hasattr(data, "get") else None
        rows.append(
            {"name": name, "label": field.label or name, "value": display_value(field, raw)}
        )
    return rows


def stage_progress(case, events) -> list[dict]:
    """Each review stage of the workflow with where the case stands in it, for the
    applicant's timeline: done, current, skipped (the case went past it without needing
    it, e.g. no passport verification for applicants in Taiwan), or still to come."""
    stages = list(case.workflow.stages)
    index = {stage.state: i for i, stage in enumerate(stages)}
    entered, left = {}, {}
    for event in events:
        if event.to_state in index:
            entered.setdefault(event.to_state, event.at)
        if event.from_state in index:
            left[event.from_state] = event.at
    visited = set(entered) | ({case.state} if case.state in index else set())
    position = max((index[state] for state in visited), default=-1)
    rows = []
    for i, stage in enumerate(stages):
        if stage.state in visited:
            status = "current" if i == position and not case.closed_at else "done"
            if status == "current" and case.state != stage.state:
                status = "waiting_for_you"  # a supplement asked at this stage
        elif i < position:
            status = "skipped"
        else:
            status = "not_reached" if case.closed_at else "upcoming"
        rows.append(
            {
                "stage": stage,
                "status": status,
                "entered_at": entered.get(stage.state),
                "left_at": left.get(stage.state) if status == "done" else None,
            }
        )
    return rows
