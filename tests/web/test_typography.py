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


def test_a_refused_submits_problems_are_punctuated_for_the_language():
    from portal.cases.drafts import Problem

    problem = Problem("passport", "護照資料", "此欄位為必填。", "expiry_date", "效期截止日")
    with translation.override("zh-hant"):
        assert problem.describe() == "護照資料 · 效期截止日：此欄位為必填。"
    with translation.override("en"):
        assert Problem("basic", "Basic data", "Required.").describe() == "Basic data: Required."


def test_emails_write_labels_with_the_languages_colon(db):
    from django.template.loader import render_to_string

    with translation.override("zh-hant"):
        text = render_to_string(
            "emails/goldcard_certificate/body.txt",
            {"case": {"number": "115550000001"}, "recipient": {"full_name": "林"}},
        )
    assert "申請案號：115550000001" in text
