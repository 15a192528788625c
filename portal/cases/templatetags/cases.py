from django import template

from portal.accounts.models import Agency

register = template.Library()


@register.filter
def state_label(case, state):
    """The label of `state` in `case`'s workflow, in the active language."""
    return dict(type(case)._meta.get_field("state").flatchoices).get(state, state)


@register.filter
def agency_name(code):
    return Agency(code).label if code in Agency.values else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def event_label(case, name):
    """The label of an event recorded without a move (`Workflow.events`)."""
    return case.workflow.event_label(name) or name


@register.filter
def stage_agency(case, state):
    """The agency that holds a case of this workflow in `state` ("" if none does)."""
    stage = case.workflow.stage_for(state)
    return stage.agency if stage else ""


@register.filter
def supplement_target(item, case):
    """What a supplement item points at, as the person reads it: the document slot's name,
    or the tab and question of a field ("" for "other"), never the stored code."""
    workflow = case.workflow
    if item.target_kind == item.Target.DOCUMENT:
        slot = workflow.slot(item.target)
        return slot.label if slot else ""
    if item.target_kind == item.Target.FIELD:
        section = workflow.section(item.section)
        if section is None:
            return ""
        field = section.form_class(case=case).fields.get(item.field_name)
        label = field.label if field is not None and field.label else ""
        return f"{section.label} · {label}" if label else str(section.label)
    return ""
