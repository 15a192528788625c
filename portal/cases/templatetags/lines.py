from django import template

from portal.cases import lines

register = template.Library()


@register.filter
def voided_line(case, event):
    """ "Worker 2" for an audit row that voided a line of a repeating section, else ""."""
    return lines.voided_label(case, event)
