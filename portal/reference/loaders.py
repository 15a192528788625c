"""Load the committed JSON files in `data/` into the reference tables.

Every loader is idempotent and matches rows by their natural key, so running it again creates
nothing twice. What a re-run may change differs by table, on purpose:

* counties, districts, nationalities: names (and codes, postcodes, flags) follow the data file,
  which is the authority; staff's own settings on a nationality (active, sort order, reciprocity
  surcharge) are never touched;
* service stations: only missing stations are created. Staff keep addresses and phone numbers
  up to date in the admin, so the seed file must not undo their work.

Rows are written with bulk_create / bulk_update, a handful of queries for the whole set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from .cache import forget
from .models import County, District, Nationality, ServiceStation

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    model: str
    created: int
    updated: int
    total: int

    def __str__(self):
        return f"{self.model}: {self.created} created, {self.updated} updated, {self.total} in all"


@cache
def read_data(name: str) -> dict:
    """The parsed data file `data/<name>.json` (cached: the files only change with the code)."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _sync(model, existing: dict, wanted: dict, fields: list[str]) -> tuple[int, int]:
    """Create the rows of `wanted` missing from `existing` and update `fields` of those that
    differ. Both map a natural key to an instance."""
    to_create, to_update = [], []
    for key, new in wanted.items():
        old = existing.get(key)
        if old is None:
            to_create.append(new)
        elif any(getattr(old, f) != getattr(new, f) for f in fields):
            for field in fields:
                setattr(old, field, getattr(new, field))
            to_update.append(old)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, fields)
    if to_create or to_update:
        forget()  # bulk writes send no signals: the cached choices are rebuilt
    return len(to_create), len(to_update)


@transaction.atomic
def load_counties_and_districts() -> list[LoadResult]:
    data = read_data("districts")["counties"]

    existing_counties = {c.code: c for c in County.objects.all()}
    wanted_counties = {
        row["code"]: County(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            sort_order=row["sort_order"],
        )
        for row in data
    }
    created, updated = _sync(
        County, existing_counties, wanted_counties, ["name_zh", "name_en", "sort_order"]
    )
    results = [LoadResult("County", created, updated, County.objects.count())]

    # bulk_create sets primary keys on SQLite and PostgreSQL, but read them back to be safe
    # on any backend.
    county_ids = dict(County.objects.values_list("code", "id"))
    existing_districts = {(d.county_id, d.name_zh): d for d in District.objects.all()}
    wanted_districts = {}
    for row in data:
        county_id = county_ids[row["code"]]
        for item in row["districts"]:
            wanted_districts[(county_id, item["name_zh"])] = District(
                county_id=county_id,
                name_zh=item["name_zh"],
                name_en=item["name_en"],
                postcode=item["postcode"],
                sort_order=item["sort_order"],
            )
    created, updated = _sync(
        District, existing_districts, wanted_districts, ["name_en", "postcode", "sort_order"]
    )
    results.append(LoadResult("District", created, updated, District.objects.count()))
    return results


@transaction.atomic
def load_nationalities() -> LoadResult:
    existing = {n.code: n for n in Nationality.objects.all()}
    wanted = {
        row["code"]: Nationality(
            code=row["code"],
            code3=row["code3"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            is_foreign=row["is_foreign"],
            is_hk_macao=row["is_hk_macao"],
            is_mainland=row["is_mainland"],
        )
        for row in read_data("nationalities")["nationalities"]
    }
    created, updated = _sync(
        Nationality,
        existing,
        wanted,
        ["code3", "name_zh", "name_en", "is_foreign", "is_hk_macao", "is_mainland"],
    )
    return LoadResult("Nationality", created, updated, Nationality.objects.count())


@transaction.atomic
def load_stations() -> LoadResult:
    """Create the seed stations that do not exist yet (by Chinese name); never update any."""
    county_ids = dict(County.objects.values_list("code", "id"))
    existing = set(ServiceStation.objects.values_list("name_zh", flat=True))
    to_create = [
        ServiceStation(
            county_id=county_ids[row["county"]],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            address_zh=row["address_zh"],
            address_en=row["address_en"],
            phone=row["phone"],
            sort_order=row["sort_order"],
        )
        for row in read_data("stations")["stations"]
        if row["name_zh"] not in existing
    ]
    ServiceStation.objects.bulk_create(to_create)
    if to_create:
        forget()
    return LoadResult("ServiceStation", len(to_create), 0, ServiceStation.objects.count())


def load_reference_data() -> list[LoadResult]:
    """Load every data file, in dependency order; return what each loader did."""
    with transaction.atomic():
        return [*load_counties_and_districts(), load_nationalities(), load_stations()]


def ensure_reference_data() -> None:
    """Load each part only if its table is empty: cheap enough to call at the start of tests
    (a few `exists()` queries once the data is there)."""
    with transaction.atomic():
        if not County.objects.exists() or not District.objects.exists():
            load_counties_and_districts()
        if not Nationality.objects.exists():
            load_nationalities()
        if not ServiceStation.objects.exists():
            load_stations()
