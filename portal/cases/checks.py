"""The system check over every registered workflow (`manage.py check`, run by CI and by the
test runner): a mistake in a declaration is refused when the project starts, not found by a
user on the one page that reads it.

Each message names the workflow and what to fix; the IDs are stable for silencing in an
emergency (`SILENCED_SYSTEM_CHECKS`), never as a habit.
"""

import contextlib
import re

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from portal.cases import actions, permissions, registry
from portal.cases.workflow import ActionKind


def _error(model, code: str, message: str) -> checks.Error:
    return checks.Error(f"{model.workflow.slug}: {message}", obj=model, id=f"cases.{code}")


def _states(model) -> set[str]:
    return {value for value, _label in model._meta.get_field("state").flatchoices}


def check_stages(model) -> list[checks.Error]:
    """E001: every stage is a state of the model."""
    states = _states(model)
    return [
        _error(model, "E001", f"stage '{stage.state}' is not a state of {model.__name__}")
        for stage in model.workflow.stages
        if stage.state not in states
    ]


def check_shared_moves(model) -> list[checks.Error]:
    """E002: the states the shared moves connect exist."""
    moves = model.workflow.moves
    if moves is None:
        return [_error(model, "E002", "declares no shared moves (Workflow.moves)")]
    states = _states(model)
    named = {
        "supplement": moves.supplement,
        "rejected": moves.rejected,
        "withdrawn": moves.withdrawn,
        "payment_due": moves.payment_due,
        "paid": moves.paid,
        "production": moves.production,
        "ready": moves.ready,
        "handed_over": moves.handed_over,
        **{f"withdraw_from[{i}]": s for i, s in enumerate(moves.withdraw_from)},
    }
    return [
        _error(model, "E002", f"moves.{name} = '{state}' is not a state of {model.__name__}")
        for name, state in named.items()
        if state and state not in states
    ]


def check_review_stages(model) -> list[checks.Error]:
    """E003: every review stage can ask for a supplement and can reject."""
    errors = []
    for stage in model.workflow.stages:
        if not stage.review:
            continue
        kinds = {
            t.custom.get("kind") for t in actions.all_transitions(model) if t.source == stage.state
        }
        for kind, what in (
            (ActionKind.REQUEST_SUPPLEMENT, "ask for a supplement"),
            (ActionKind.REJECT, "reject"),
        ):
            if kind not in kinds:
                errors.append(_error(model, "E003", f"review stage '{stage.state}' cannot {what}"))
    return errors


def check_payment(model) -> list[checks.Error]:
    """E004: a move that awaits payment is the platform's, and the model prices itself."""
    errors = []
    paying = [t for t in actions.all_transitions(model) if t.custom.get("awaits") == "payment"]
    for transition in paying:
        if transition.permission is not permissions.platform:
            errors.append(
                _error(
                    model,
                    "E004",
                    f"'{transition.name}' awaits a payment but is not permitted to the platform "
                    "only (permission=permissions.platform)",
                )
            )
    if paying and not callable(getattr(model, "payment_quote", None)):
        errors.append(
            _error(model, "E004", f"{model.__name__} awaits a payment but has no payment_quote()")
        )
    return errors


def check_notices(model) -> list[checks.Error]:
    """E005: every notice a move sends is an engine event or one the workflow declares, and
    has its e-mail templates."""
    from portal.notify.messages import notice_template
    from portal.notify.models import CaseNoticeEvent

    known = set(CaseNoticeEvent.values) | {n.name for n in model.workflow.notices}
    errors = []
    for name in sorted({t.custom.get("notify") for t in actions.all_transitions(model)} - {None}):
        if name == "":
            continue
        if name not in known:
            errors.append(_error(model, "E005", f"notice '{name}' is not declared"))
        elif notice_template(model.workflow, name) is None:
            errors.append(_error(model, "E005", f"notice '{name}' has no e-mail templates"))
    return errors


def check_triggers(model) -> list[checks.Error]:
    """E007: a trigger names a registered workflow and one of its moves, and a move of this
    workflow the platform may take."""
    errors = []
    slugs = {m.workflow.slug: m for m in registry.models()}
    for trigger in model.workflow.triggers:
        source = slugs.get(trigger.source)
        if source is None:
            errors.append(_error(model, "E007", f"trigger source '{trigger.source}' is unknown"))
        elif trigger.action not in {t.name for t in actions.all_transitions(source)}:
            errors.append(
                _error(
                    model,
                    "E007",
                    f"trigger action '{trigger.action}' is not a move of '{trigger.source}'",
                )
            )
        moves = [t for t in actions.all_transitions(model) if t.name == trigger.move]
        if not moves or any(t.permission is not permissions.platform for t in moves):
            errors.append(
                _error(
                    model, "E007", f"trigger move '{trigger.move}' is not a move of the platform"
                )
            )
    return errors


def check_periodic(model) -> list[checks.Error]:
    """E008: a periodic task names a Celery task, under a name no other entry uses."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    taken = set(settings.CELERY_BEAT_SCHEDULE)
    for other in registry.models():
        if other is not model:
            taken |= {p.name for p in other.workflow.periodic}
    errors = []
    for periodic in model.workflow.periodic:
        try:
            task = import_string(periodic.task)
        except ImportError:
            task = None
        if not hasattr(task, "apply_async"):
            errors.append(
                _error(model, "E008", f"periodic '{periodic.name}': '{periodic.task}' is no task")
            )
        if periodic.name in taken:
            errors.append(_error(model, "E008", f"periodic '{periodic.name}' is named twice"))
        taken.add(periodic.name)
    return errors


def check_forms(model) -> list[checks.Error]:
    """E006: every section's form (a class or a dotted path) can be imported."""
    errors = []
    for section in (*model.workflow.sections, *model.workflow.summary_sections):
        try:
            section.form_class  # noqa: B018  (resolving the path is the check)
        except ImportError as error:
            errors.append(_error(model, "E006", f"section '{section.code}': {error}"))
    return errors


def check_certificates(model) -> list[checks.Error]:
    """E009: every declared certificate has a short unique code, is issued by a move of the
    model, and its templates, context function and validity fields exist."""
    errors = []
    moves = {t.name for t in actions.all_transitions(model)}
    codes = [c.code for c in model.workflow.certificates]
    for certificate in model.workflow.certificates:
        name = f"certificate '{certificate.code}'"
        if (
            not re.fullmatch(r"[a-z0-9_]{1,24}", certificate.code)
            or codes.count(certificate.code) > 1
        ):
            errors.append(
                _error(model, "E009", f"{name}: the code must be unique, [a-z0-9_]{{1,24}}")
            )
        if certificate.on not in moves:
            errors.append(_error(model, "E009", f"{name}: '{certificate.on}' is not a move"))
        templates = [certificate.template] + [
            f"emails/{certificate.email}/{part}"
            for part in ("subject.txt", "body.txt", "body.html")
        ]
        for template in templates:
            try:
                get_template(template)
            except TemplateDoesNotExist:
                errors.append(_error(model, "E009", f"{name}: no template {template}"))
        try:
            if not callable(certificate.context_function):
                errors.append(_error(model, "E009", f"{name}: context is not callable"))
        except ImportError as error:
            errors.append(_error(model, "E009", f"{name}: {error}"))
        for attribute in filter(None, (certificate.valid_from, certificate.valid_until)):
            try:
                field = model._meta.get_field(attribute)
            except FieldDoesNotExist:
                field = None
            if field is None or field.get_internal_type() != "DateField":
                errors.append(
                    _error(model, "E009", f"{name}: '{attribute}' is not a date field of the case")
                )
    return errors


def check_lists(model) -> list[checks.Error]:
    """E010: a repeating section's void states are states and its summary fields exist; each
    batch column names a field of a plain (not repeating) section, once."""
    errors = []
    workflow, states = model.workflow, _states(model)
    for section in workflow.sections:
        if section.lines is None:
            continue
        for state in section.lines.void_states:
            if state not in states:
                errors.append(
                    _error(model, "E010", f"section '{section.code}': void state '{state}'")
                )
        with contextlib.suppress(ImportError):  # E006 reports it
            fields = section.form_class.base_fields
            for name in section.lines.summary:
                if name not in fields:
                    errors.append(
                        _error(model, "E010", f"section '{section.code}': summary '{name}'")
                    )
    keys = [column.key for column in workflow.batch_columns]
    for column in workflow.batch_columns:
        section = workflow.section(column.section)
        if section is None or section.lines is not None:
            errors.append(_error(model, "E010", f"batch column {column.key}: not a plain section"))
            continue
        with contextlib.suppress(ImportError):
            if column.field not in section.form_class.base_fields:
                errors.append(_error(model, "E010", f"batch column {column.key}: no such field"))
        if keys.count(column.key) > 1:
            errors.append(_error(model, "E010", f"batch column {column.key}: declared twice"))
    return errors


CHECKS = (
    check_forms,
    check_stages,
    check_shared_moves,
    check_review_stages,
    check_payment,
    check_notices,
    check_triggers,
    check_certificates,
    check_periodic,
    check_lists,
)


def check_workflows(app_configs=None, **kwargs) -> list[checks.Error]:
    errors = []
    for model in registry.models():
        for check in CHECKS:
            errors.extend(check(model))
    return errors
