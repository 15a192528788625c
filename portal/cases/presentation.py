"""Showing stored answers to people: labels and readable values, in the active language."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.choices import flatten_choices
from django.utils.formats import date_format
from django.utils.functional import Promise


def display_value(field, raw):
    if raw in (None, "", []):
        return ""
    if isinstance(field, forms.BooleanField):
        from django.utils.translation import gettext as _

        return _("Yes") if raw in (True, "on", "true", "True", "1") else _("No")
    if isinstance(field, forms.DateField):
        # Stored as typed (ISO from the date picker); shown in the language's one date form.
        try:
            return date_format(datetime.date.fromisoformat(str(raw)))
        except ValueError:
            return str(raw)  # a draft may hold what was typed, valid or not
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
    return str(data.get(reveal.controller) or "") == reveal.value


@dataclass(frozen=True)
class CombinedAnswer:
    """Several fields read as one answer on the review pages (the parts of an address):
    `show(data)` writes them as one line."""

    name: str
    label: str | Promise
    fields: tuple[str, ...]
    show: Callable[[dict], str]


def answer_rows(form):
    """(label, value) of each field of a bound section form, from what was typed. A form's
    `combined_answers` list fields shown as one row, where the first of them stands."""
    data = form.data if hasattr(form.data, "get") else {}
    combined = {
        name: group for group in getattr(form, "combined_answers", ()) for name in group.fields
    }
    rows, done = [], set()
    for name, field in form.fields.items():
        group = combined.get(name)
        if group is not None:
            if group.name not in done:
                done.add(group.name)
                rows.append({"name": group.name, "label": group.label, "value": group.show(data)})
            continue
        if not is_revealed(field, data):
            continue
        rows.append(
            {
                "name": name,
                "label": field.label or name,
                "value": display_value(field, data.get(name)),
            }
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
