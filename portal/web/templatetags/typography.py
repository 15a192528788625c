from django import template

from portal.web import typography

register = template.Library()


@register.simple_tag
def colon():
    """`{% translate "Deadline" %}{% colon %}{{ date }}`: "Deadline: …" or "期限：…"."""
    return typography.colon()
