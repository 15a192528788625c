"""How long matching one person against 100,000 control-list entries takes (target: < 0.2 s).

Runs in a throwaway test database (Django's test utilities), never the real one: SQLite in
memory by default, PostgreSQL when DATABASE_URL points at it, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python \
        benchmarks/watchlist_match.py

Measures the index build once, then 50 people (half are perturbed listed people, half are
not listed), each through `find_matches` including its fingerprint query. The baseline is a
plain Python loop scoring every row with the same rules (what the index avoids). Last line:
watchlist_match_ms_median=<ms> watchlist_match_ms_max=<ms> build_s=<s> rows=100000
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROWS = 100_000
PEOPLE = 50
SEED = 20260101

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

from portal.reference.loaders import ensure_reference_data  # noqa: E402
from portal.reference.models import Nationality  # noqa: E402
from portal.watchlist import matching  # noqa: E402
from portal.watchlist.models import Reason, WatchlistEntry  # noqa: E402


def words(text: str) -> list[str]:
    return text.split()


# Common names on purpose: many near-identical rows make the candidate sets large.
NAMES = {
    "VN": (
        words("Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly"),
        words("Van Thi Duc Minh Ngoc Thanh Quoc Huu Kim Xuan"),
        words(
            "An Anh Binh Cuong Dung Hai Hoa Hung Huong Lan Linh Long Mai Nam Phuong Quang Son "
            "Thao Trang Tuan Viet Yen Khanh Tam Thu"
        ),
    ),
    "ID": (
        words(
            "Rahayu Hidayat Susanto Wijaya Saputra Lestari Kurniawan Setiawan Pratama Nugroho "
            "Permata Santoso Utami Purnomo Sari Wibowo"
        ),
        words("Siti Muhammad Dewi Agus Budi Sri Nur Putri Rizki Eko Indah Ahmad Fitri Wahyu"),
        words("Rina Joko Ayu Dian Kartika Yuliani Hendra Bayu Rahmawati Aminah Fauzi Ratna"),
    ),
    "PH": (
        words(
            "Santos Reyes Cruz Bautista Garcia Mendoza Ramos Aquino Villanueva Fernandez "
            "Castillo Torres Navarro Dizon Manalo"
        ),
        words("Maria Jose Juan Ana Mark Jenny Rodel Cristina Michael Rowena Jocelyn Arnel"),
        words("Luz Grace Joy Anne Paul Rose Mae Lyn Angelo Marie"),
    ),
    "TH": (
        words("som chai sak pong thana wat nat kit sri suk rat porn pim kan jira"),
        words("som chai sak pong thana wat nat kit sri suk rat porn pim kan jira"),
        (),
    ),
}
# People from elsewhere, to look up names that are not listed.
UNLISTED = (
    words("Kim Park Lee Choi Tanaka Suzuki Sato Schmidt Muller Rossi Silva Kowalski"),
    words("Min Jun Seo Yeon Hiroshi Yuki Kenji Anna Lukas Marco Joao Piotr Elena"),
)


def synthetic_person(rng: random.Random, code: str) -> tuple[str, str]:
    surnames, firsts, seconds = NAMES[code]
    if code == "TH":  # Thai names are long compounds of syllables
        given = "".join(rng.sample(firsts, 2)).title()
        return "".join(rng.sample(surnames, 3)).title(), given
    surname, given = rng.choice(surnames), rng.choice(firsts)
    if rng.random() < 0.8:
        given += " " + rng.choice(seconds)
    if code == "VN" and rng.random() < 0.3:  # Nguyen Thi Thu Trang
        given += " " + rng.choice(seconds)
    elif code == "ID" and rng.random() < 0.3:  # a third name, often the father's
        given += " " + rng.choice(firsts)
    elif code == "PH":  # the middle name is the mother's surname
        given += " " + rng.choice(surnames)
    return surname, given


def random_date(rng: random.Random) -> datetime.date:
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 35))


def insert_entries(rng: random.Random) -> None:
    ensure_reference_data()
    nationalities = Nationality.objects.in_bulk(list(NAMES), field_name="code")
    entries = []
    for n in range(ROWS):
        code = rng.choice(list(NAMES))
        surname, given = synthetic_person(rng, code)
        entries.append(
            WatchlistEntry(
                surname=surname.upper(),
                given_name=given.upper(),
                # Some have a second spelling on file.
                other_names=typo(rng, f"{given} {surname}") if rng.random() < 0.2 else "",
                date_of_birth=random_date(rng) if rng.random() < 0.9 else None,
                nationality=nationalities[code],
                document_numbers=f"{code}{n:08d}",
                reason=rng.choice(Reason.values),
                source_agency=rng.choice(["NIA", "WDA", "MOFA"]),
                is_active=rng.random() < 0.97,
            )
        )
    WatchlistEntry.objects.bulk_create(entries, batch_size=2000)


def typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("aeiounst") + text[i + 1 :]


def people_to_look_up(rng: random.Random) -> list[matching.PersonKeys]:
    listed = list(
        WatchlistEntry.objects.filter(is_active=True)
        .order_by("pk")
        .values_list(
            "surname", "given_name", "date_of_birth", "nationality__code", "document_numbers"
        )
    )
    people = []
    for n in range(PEOPLE // 2):  # listed people, each changed in one way
        surname, given, born, code, document = rng.choice(listed)
        variant = n % 4
        if variant == 0:
            surname, given = given, surname
        elif variant == 1:
            given = typo(rng, given)
        # variant 2: as listed; variant 3: another name but the listed passport number
        if variant == 3:
            surname, given = "Unrelated", "Person"
        docs = (document,) if variant == 3 else ()
        people.append(matching.PersonKeys(surname.title(), given, (), born, code, docs))
    for _ in range(PEOPLE - PEOPLE // 2):
        surnames, givens = UNLISTED
        people.append(
            matching.PersonKeys(
                rng.choice(surnames), rng.choice(givens), (), random_date(rng), "KR"
            )
        )
    return people


def python_loop(person: matching.PersonKeys, index) -> list:
    """The naive way: score every active entry from Python, same rules, no prefilter."""
    q = matching._Query.of(person)
    hits = (index.hit(q, i) for i in range(len(index)))
    return [hit for hit in hits if hit.score >= 70]


def run() -> None:
    rng = random.Random(SEED)
    start = time.perf_counter()
    insert_entries(rng)
    print(f"inserted {ROWS} rows in {time.perf_counter() - start:.1f} s ({connection.vendor})")

    matching.forget_index()
    start = time.perf_counter()
    index = matching.current_index()
    build_s = time.perf_counter() - start
    print(
        f"index of {len(index)} active entries built in {build_s:.2f} s; distinct keys "
        f"scanned: {len(index.natural_keys)} natural, {len(index.sorted_keys)} sorted"
    )

    timings, hit = [], []
    for person in people_to_look_up(rng):
        start = time.perf_counter()
        found = matching.find_matches(person)
        timings.append((time.perf_counter() - start) * 1000)
        hit.append(bool(found))
    median, worst = statistics.median(timings), max(timings)
    half = PEOPLE // 2
    print(f"listed people found: {sum(hit[:half])}/{half}; unlisted with hits: {sum(hit[half:])}")

    baseline = []
    for person in people_to_look_up(random.Random(SEED))[:3]:
        start = time.perf_counter()
        python_loop(person, index)
        baseline.append((time.perf_counter() - start) * 1000)
    base = statistics.median(baseline)
    print(f"baseline_python_loop_ms_median={base:.1f} speedup={base / median:.1f}")
    print(
        f"watchlist_match_ms_median={median:.1f} watchlist_match_ms_max={worst:.1f} "
        f"build_s={build_s:.2f} rows={ROWS}"
    )


def main() -> None:
    # Own test database name, so a concurrent test run on the same server is left alone.
    if connection.vendor != "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_watchlist_benchmark"
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        run()
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
