"""Read queries on reference data, shaped for forms and widgets."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from portal.bilingual import localized

from .models import County, District, Nationality, ServiceStation


def counties_with_districts() -> QuerySet[County]:
    """All counties in display order, each with `.districts.all()` prefetched in display order:
    two queries in all, whatever the number of counties."""
    return County.objects.prefetch_related(
        Prefetch("districts", queryset=District.objects.order_by("sort_order", "postcode"))
    )


def districts_by_county(language: str | None = None) -> dict[int, list[tuple[int, str, str]]]:
    """`{county_id: [(district_id, name, postcode), ...]}` for the address widget's dependent
    select list, names in `language` (default: the active language). JSON-able once the keys
    become strings, as `json.dumps` does by itself. One query."""
    result: dict[int, list[tuple[int, str, str]]] = {}
    rows = District.objects.order_by("county__sort_order", "county_id", "sort_order", "postcode")
    for district in rows.only("id", "county_id", "name_zh", "name_en", "postcode"):
        name = localized(district, "name", language)
        result.setdefault(district.county_id, []).append((district.id, name, district.postcode))
    return result


def foreign_nationalities() -> QuerySet[Nationality]:
    """Active nationalities other than the ROC, in display order."""
    return Nationality.objects.foreign()


def active_stations() -> QuerySet[ServiceStation]:
    """Active NIA service stations with their county, in display order."""
    return ServiceStation.objects.filter(is_active=True).select_related("county")
