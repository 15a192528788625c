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
def stage_agency(case, state):
    """The agency that holds a case of this workflow in `state` ("" if none does)."""
    stage = case.workflow.stage_for(state)
    return stage.agency if stage else ""
