"""Amounts as the receipt writes them, in every language: "NT$ 3,700". (Django's zh_Hant
number format would write 3700 without a separator, and the page and the receipt must agree.)"""

from django import template

register = template.Library()


@register.filter
def ntd(amount) -> str:
    return f"NT$ {int(amount):,}"
