"""Reference data as forms read it: choices named and ordered for the page's language, and
rows looked up by code, all kept in the reference cache (portal.reference.cache): a tab save
or a tab page builds its forms several times, and each asks for several lists, without a
query once the lists are built. A changed row (admin, loader) rebuilds them at once.

Nationalities come in the order a reader of the page's language expects: English pages by
the English name, Chinese pages by the Chinese name in stroke order (筆畫), the order of
Taiwan's own lists. Staff's `sort_order` comes first in both."""

from portal.bilingual import is_chinese

from . import cache as reference_cache
from .models import County, District, Nationality

CACHE_SECONDS = reference_cache.CACHE_SECONDS


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
    rows = [n for n in _nationalities().values() if n.is_active]
    if foreign_only:
        rows = [n for n in rows if n.is_foreign]
    if chinese:
        rows.sort(key=lambda n: (n.sort_order, stroke_order_key(n.name_zh or n.name_en)))
        return [(n.code, n.name_zh or n.name_en) for n in rows]
    rows.sort(key=lambda n: (n.sort_order, (n.name_en or n.name_zh).casefold()))
    return [(n.code, n.name_en or n.name_zh) for n in rows]


def nationality_choices(*, foreign_only: bool = True, language: str | None = None) -> list:
    """[(code, name)] of active nationalities (foreign ones only by default: the ROC is not
    a foreigner's nationality), named and ordered for `language` (default: the active one)."""
    chinese = is_chinese(language)
    name = f"nationality-choices:{'foreign' if foreign_only else 'all'}:{'zh' if chinese else 'en'}"
    return list(reference_cache.cached(name, lambda: _build(foreign_only, chinese)))


def _nationalities() -> dict:
    return reference_cache.cached(
        "nationalities", lambda: {n.code: n for n in Nationality.objects.all()}
    )


def nationality(code) -> Nationality | None:
    """The nationality of ISO code `code` (active or not), or None. Shared: do not change it."""
    return _nationalities().get(str(code or "")) if code else None


def forget_nationality_choices(**kwargs):
    """Bulk writes send no signals: their writer says that the rows changed."""
    reference_cache.forget()


# --- counties, districts, stations ----------------------------------------------------------


def county_choices() -> list[tuple[str, str]]:
    """[(id, name)] of every county in display order, in the active language."""

    def build():
        return [(str(c.pk), c.name) for c in County.objects.order_by("sort_order", "code")]

    return list(reference_cache.cached("county-choices", build, per_language=True))


def _districts():
    """Grouped choices, {district id: county id} and {id: (name_zh, name_en)} per language."""

    def build():
        groups, parents = {}, {}
        for district in District.objects.select_related("county").order_by(
            "county__sort_order", "sort_order", "postcode"
        ):
            groups.setdefault(district.county.name, []).append(
                (str(district.pk), f"{district.postcode} {district.name}")
            )
            parents[str(district.pk)] = str(district.county_id)
        return [("", "---------"), *groups.items()], parents

    return reference_cache.cached("district-choices", build, per_language=True)


def district_choices() -> tuple[list, dict[str, str]]:
    """Districts grouped by county, and each district's county (for the dependent select)."""
    choices, parents = _districts()
    return list(choices), dict(parents)


def district_in_county(district, county) -> bool:
    """True when district `district` (an ID, as typed) lies in county `county`."""
    return _districts()[1].get(str(district or "")) == str(county or "")


def county(pk) -> County | None:
    return _rows_by_pk("counties", County).get(str(pk or ""))


def district(pk) -> District | None:
    return _rows_by_pk("districts", District).get(str(pk or ""))


def _rows_by_pk(name, model) -> dict:
    return reference_cache.cached(name, lambda: {str(r.pk): r for r in model.objects.all()})


def station_choices() -> list[tuple[str, str]]:
    """[(id, name)] of the active NIA service stations in display order, active language."""
    from .selectors import active_stations

    def build():
        return [(str(s.pk), s.name) for s in active_stations()]

    return list(reference_cache.cached("station-choices", build, per_language=True))
