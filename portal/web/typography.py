"""Punctuation that depends on the language: Chinese text takes full-width marks (「期限：」,
「（」「）」), English takes ASCII ones with a space. Code that joins a label and its value
asks here instead of writing ": " after a label that may be Chinese."""

from django.utils.translation import pgettext


def colon() -> str:
    """The mark between a label and its value: ": " in English, "：" in Chinese."""
    return pgettext("between a label and its value", ": ")


def labelled(label, value) -> str:
    return f"{label}{colon()}{value}"
