"""Nationalities as form choices, in the order a reader of the page's language expects:
English pages by the English name, Chinese pages by the Chinese name in stroke order (筆畫),
the order of Taiwan's own lists. Staff's `sort_order` comes first in both.

The lists are built once per language and kept in the cache (a form of the basic-data tab
asks for three of them, and a tab save builds its form several times): a changed nationality
clears them at once, and they expire after a while in any case."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language

from portal.bilingual import is_chinese

from .models import Nationality

CACHE_SECONDS = 15 * 60
_KEY = "reference:nationality-choices:{scope}:{language}"
_SCOPES = ("foreign", "all")
_LANGUAGES = ("zh-hant", "en")


def stroke_order_key(text: str) -> tuple:
    """A sort key for Traditional Chinese text in stroke order. Big5 lists its common
    characters (level 1) by stroke count, then radical, and its less common ones (level 2)
    the same way after them, so the Big5 bytes of a character order it as Taiwan's lists
    do, with nothing to install. A character Big5 lacks (rare, or not Chinese) comes after,
    by code point."""
    key = []
    for char in text:
        try:
            key.append((0, char.encode("big5")))
        except UnicodeEncodeError:
            key.append((1, char.encode("utf-32-be")))
    return tuple(key)


def _build(foreign_only: bool, chinese: bool) -> list[tuple[str, str]]:
    rows = list(Nationality.objects.foreign() if foreign_only else Nationality.objects.active())
    if chinese:
        rows.sort(key=lambda n: (n.sort_order, stroke_order_key(n.name_zh or n.name_en)))
        return [(n.code, n.name_zh or n.name_en) for n in rows]
    rows.sort(key=lambda n: (n.sort_order, (n.name_en or n.name_zh).casefold()))
    return [(n.code, n.name_en or n.name_zh) for n in rows]


def nationality_choices(*, foreign_only: bool = True, language: str | None = None) -> list:
    """[(code, name)] of active nationalities (foreign ones only by default: the ROC is not
    a foreigner's nationality), named and ordered for `language` (default: the active one)."""
    chinese = is_chinese(language or get_language())
    key = _KEY.format(
        scope="foreign" if foreign_only else "all", language="zh-hant" if chinese else "en"
    )
    choices = cache.get(key)
    if choices is None:
        choices = _build(foreign_only, chinese)
        cache.set(key, choices, CACHE_SECONDS)
    return list(choices)


@receiver(post_save, sender=Nationality, dispatch_uid="nationality-choices-saved")
@receiver(post_delete, sender=Nationality, dispatch_uid="nationality-choices-deleted")
def forget_nationality_choices(**kwargs):
    cache.delete_many(
        [_KEY.format(scope=scope, language=lang) for scope in _SCOPES for lang in _LANGUAGES]
    )
