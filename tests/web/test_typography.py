"""Label-and-value punctuation follows the language (full-width after Chinese)."""

from django.template import Context, Template
from django.utils import translation

from portal.web.typography import labelled


def test_the_colon_is_full_width_in_chinese_and_spaced_in_english():
    template = Template('{% load i18n typography %}{% translate "Reference" %}{% colon %}X1')
    with translation.override("en"):
        assert template.render(Context()) == "Reference: X1"
    with translation.override("zh-hant"):
        assert template.render(Context()) == "參考編號：X1"


def test_code_joins_a_label_and_its_value_the_same_way():
    with translation.override("zh-hant"):
        assert labelled("期限", "2026/12/02") == "期限：2026/12/02"
    with translation.override("en"):
        assert labelled("Deadline", "2 December 2026") == "Deadline: 2 December 2026"
