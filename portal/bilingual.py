"""One way to show data kept in both languages (reference names, announcements).

Models keep a pair of columns `<field>_zh` and `<field>_en`; `localized(obj, "name")` picks
the one for the active language and falls back to the other when it is empty.
"""

from django.db import models
from django.utils.translation import get_language


def is_chinese(language: str | None = None) -> bool:
    return (language or get_language() or "zh-hant").lower().startswith("zh")


def localized(obj, field: str, language: str | None = None) -> str:
    zh, en = getattr(obj, f"{field}_zh", ""), getattr(obj, f"{field}_en", "")
    first, second = (zh, en) if is_chinese(language) else (en, zh)
    return first or second


class BilingualNameMixin(models.Model):
    """For reference rows with `name_zh` / `name_en`: `str()` and `.name` follow the language."""

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
