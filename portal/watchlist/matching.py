"""Match a person against the control list, fuzzily and fast.

Score (0-100) = 0.85 x name similarity (rapidfuzz ratio of normalised names, best over word
order and other names) + date of birth (+10 equal, +5 day/month swapped, -25 different)
+ nationality (+5 same, -5 different); anything unknown on either side adds nothing. An equal
document number adds 15 and lifts the score to at least 90, whatever the name.

So a name alone reaches 85 at most: a common name needs a second fact to score high, and
an exact name with another date of birth (65 even with the same nationality) falls below the
default threshold of 70.

Speed: the active entries are read once into an in-process index (lists of keys plus a dict
of document numbers) that rapidfuzz scans in C. Each call costs one aggregate query to see
whether the table changed; the index is rebuilt only when it did.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from .models import MatchReason, WatchlistEntry, WatchlistMatch
from .normalize import normalize_document, normalize_name, sorted_key, split_lines

NAME_WEIGHT = 0.85
DOB_EQUAL, DOB_SWAPPED, DOB_DIFFERENT = 10, 5, -25
NATIONALITY_SAME, NATIONALITY_DIFFERENT = 5, -5
DOCUMENT_BONUS, DOCUMENT_FLOOR = 15, 90
# Name similarity from which the name is listed among the reasons of a hit.
NAME_REASON_MIN = 70
# Names less similar than this are not looked at (the entry can still hit by document number).
MIN_NAME_SIMILARITY = 50
# Safety net: an edit committed out of updated_at order by a concurrent transaction would not
# change the fingerprint, so the index is also rebuilt after this many seconds.
INDEX_MAX_AGE = 3600


@dataclass(frozen=True)
class PersonKeys:
    surname: str
    given_name: str
    other_names: tuple[str, ...] = ()
    date_of_birth: datetime.date | None = None
    nationality_code: str = ""  # ISO alpha-2
    document_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    entry_id: int
    score: float  # 0..100
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Query:
    """A person's keys, normalised once per call."""

    natural: str  # "surname given"
    swapped: str  # "given surname"
    main: str  # words sorted
    others: tuple[str, ...]  # other names, words sorted
    date_of_birth: datetime.date | None
    nationality: str
    documents: frozenset[str]

    @classmethod
    def of(cls, person: PersonKeys) -> _Query:
        surname, given = normalize_name(person.surname), normalize_name(person.given_name)
        others = (sorted_key(name) for name in person.other_names)
        return cls(
            natural=f"{surname} {given}".strip(),
            swapped=f"{given} {surname}".strip(),
            main=sorted_key(f"{person.surname} {person.given_name}"),
            others=tuple(key for key in others if key),
            date_of_birth=person.date_of_birth,
            nationality=person.nationality_code.upper(),
            documents=frozenset(filter(None, map(normalize_document, person.document_numbers))),
        )


class _Index:
    """The active entries as parallel lists, position i = one entry. Never mutated."""

    def __init__(self, fingerprint):
        self.fingerprint = fingerprint
        self.built_at = time.monotonic()
        self.entry_ids: list[int] = []
        self.dates_of_birth: list[datetime.date | None] = []
        self.nationalities: list[str] = []
        self.natural: list[str] = []  # "surname given"
        self.main: list[str] = []  # words sorted
        self.others: list[tuple[str, ...]] = []  # other names, words sorted
        # What rapidfuzz scans: each distinct key once (common names repeat a lot), with the
        # positions of the entries that have it. Sorted keys of main and other names share
        # one list, since both are compared with the person's sorted keys.
        by_natural: dict[str, list[int]] = {}
        by_sorted: dict[str, list[int]] = {}
        documents: dict[str, list[int]] = {}
        rows = WatchlistEntry.objects.filter(is_active=True).order_by().values_list(
            "pk", "surname", "given_name", "other_names", "date_of_birth", "nationality__code",
            "document_numbers",
        )  # fmt: skip
        for i, (pk, surname, given, other_names, dob, nationality, docs) in enumerate(
            rows.iterator(chunk_size=10_000)
        ):
            self.entry_ids.append(pk)
            self.dates_of_birth.append(dob)
            self.nationalities.append(nationality or "")
            self.natural.append(normalize_name(f"{surname} {given}"))
            self.main.append(sorted_key(f"{surname} {given}"))
            self.others.append(tuple(filter(None, map(sorted_key, split_lines(other_names)))))
            by_natural.setdefault(self.natural[i], []).append(i)
            for key in {self.main[i], *self.others[i]}:
                by_sorted.setdefault(key, []).append(i)
            for doc in filter(None, map(normalize_document, split_lines(docs))):
                documents.setdefault(doc, []).append(i)
        by_natural.pop("", None)
        by_sorted.pop("", None)
        # Tuples, not lists: the garbage collector stops tracking tuples of ints, whereas
        # ~200k small lists would make each full collection take hundreds of milliseconds.
        self.natural_keys, self.natural_owners = list(by_natural), _frozen(by_natural.values())
        self.sorted_keys, self.sorted_owners = list(by_sorted), _frozen(by_sorted.values())
        self.documents = dict(zip(documents, _frozen(documents.values()), strict=True))

    def __len__(self):
        return len(self.entry_ids)

    def is_current(self, fingerprint) -> bool:
        fresh = time.monotonic() - self.built_at < INDEX_MAX_AGE
        return fresh and fingerprint == self.fingerprint

    def candidates(self, q: _Query, cutoff: float) -> set[int]:
        """Positions of entries whose name may be similar enough, or with an equal document."""
        found: set[int] = set()

        def scan(query, keys, owners):
            hits = process.extract(
                query, keys, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=cutoff
            )
            for _, _, k in hits:
                found.update(owners[k])

        # Sorted words find swapped names and other names; the natural order finds names
        # whose typo changes the sorted order ("Van" -> "Ban"). One scan of ~100k keys costs
        # ~15 ms, so the swapped order is not scanned too: the sorted scan covers swaps.
        for key in filter(None, (q.main, *q.others)):
            scan(key, self.sorted_keys, self.sorted_owners)
        if q.natural:
            scan(q.natural, self.natural_keys, self.natural_owners)
        for doc in q.documents:
            found.update(self.documents.get(doc, ()))
        return found

    def name_similarity(self, q: _Query, i: int) -> tuple[float, str]:
        """Best similarity of the person's names to entry i's, and which names gave it."""
        best, reason = 0.0, MatchReason.NAME
        if q.natural and self.natural[i]:
            straight = fuzz.ratio(q.natural, self.natural[i])
            swapped = fuzz.ratio(q.swapped, self.natural[i])
            best = max(straight, swapped, fuzz.ratio(q.main, self.main[i]))
            reason = MatchReason.NAME_SWAPPED if swapped > straight else MatchReason.NAME
        theirs_main = (self.main[i],) if self.main[i] else ()
        for mine in filter(None, (q.main, *q.others)):
            theirs = self.others[i] if mine == q.main else theirs_main + self.others[i]
            for other in theirs:
                similarity = fuzz.ratio(mine, other)
                if similarity > best:
                    best, reason = similarity, MatchReason.OTHER_NAME
        return best, reason

    def hit(self, q: _Query, i: int) -> Hit:
        similarity, name_reason = self.name_similarity(q, i)
        reasons = [name_reason] if similarity >= NAME_REASON_MIN else []
        score = NAME_WEIGHT * similarity

        theirs = self.dates_of_birth[i]
        if q.date_of_birth and theirs:
            if q.date_of_birth == theirs:
                score += DOB_EQUAL
                reasons.append(MatchReason.DATE_OF_BIRTH)
            elif _day_month_swapped(q.date_of_birth, theirs):
                score += DOB_SWAPPED
                reasons.append(MatchReason.DATE_OF_BIRTH_SWAPPED)
            else:
                score += DOB_DIFFERENT

        if q.nationality and self.nationalities[i]:
            if q.nationality == self.nationalities[i]:
                score += NATIONALITY_SAME
                reasons.append(MatchReason.NATIONALITY)
            else:
                score += NATIONALITY_DIFFERENT

        if any(i in self.documents.get(doc, ()) for doc in q.documents):
            score = max(score + DOCUMENT_BONUS, DOCUMENT_FLOOR)
            reasons.append(MatchReason.DOCUMENT_NUMBER)

        score = round(min(100.0, max(0.0, score)), 1)
        return Hit(self.entry_ids[i], score, tuple(str(r) for r in reasons))


def _frozen(lists) -> list[tuple[int, ...]]:
    return [tuple(positions) for positions in lists]


def _day_month_swapped(a: datetime.date, b: datetime.date) -> bool:
    return a.year == b.year and a.day == b.month and a.month == b.day


class _Cache:
    """One index per process, shared by threads; only the rebuild is serialised."""

    lock = threading.Lock()
    index: _Index | None = None


def _fingerprint():
    """Changes whenever an active entry is added, edited, deleted or (de)activated: adding,
    deleting and (de)activating change the count, saving raises the latest updated_at.
    Answered from the (is_active, updated_at) index, without reading the table."""
    return tuple(
        WatchlistEntry.objects.filter(is_active=True)
        .aggregate(count=Count("pk"), changed=Max("updated_at"))
        .values()
    )


def current_index() -> _Index:
    """The index for the table as it is now, rebuilt first if the table changed."""
    fingerprint = _fingerprint()
    index = _Cache.index
    if index is not None and index.is_current(fingerprint):
        return index
    with _Cache.lock:
        # Another thread may have rebuilt it while this one waited for the lock.
        index = _Cache.index
        if index is None or not index.is_current(fingerprint):
            index = _Cache.index = _Index(fingerprint)
    return index


def forget_index() -> None:
    """Drop the cached index (tests, benchmarks); the next match rebuilds it."""
    with _Cache.lock:
        _Cache.index = None


def find_matches(person: PersonKeys, *, limit: int = 10, threshold: float = 70) -> list[Hit]:
    """The entries matching `person` with a score of at least `threshold`, best first."""
    q = _Query.of(person)
    index = current_index()
    # A name below this similarity cannot reach the threshold even with date and nationality.
    best_extra = DOB_EQUAL + NATIONALITY_SAME
    cutoff = max(MIN_NAME_SIMILARITY, (threshold - best_extra) / NAME_WEIGHT)
    hits = (index.hit(q, i) for i in index.candidates(q, cutoff))
    found = [hit for hit in hits if hit.score >= threshold]
    found.sort(key=lambda hit: (-hit.score, hit.entry_id))
    return found[:limit]


def record_matches(
    case, person: PersonKeys, *, limit: int = 10, threshold: float = 70
) -> list[WatchlistMatch]:
    """Replace the case's stored matches with the current ones (idempotent)."""
    rows = []
    for hit in find_matches(person, limit=limit, threshold=threshold):
        row = WatchlistMatch(entry_id=hit.entry_id, score=hit.score, reasons=list(hit.reasons))
        row.link_to(case)
        rows.append(row)
    # Matching happens outside the transaction, so it holds no lock while rapidfuzz runs.
    with transaction.atomic():
        WatchlistMatch.objects.for_case(case).delete()
        return WatchlistMatch.objects.bulk_create(rows)
