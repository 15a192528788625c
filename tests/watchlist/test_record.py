import pytest

from portal.watchlist.matching import PersonKeys, record_matches
from portal.watchlist.models import WatchlistMatch
from portal.watchlist.selectors import matches_for

pytestmark = pytest.mark.django_db

# No workflow has a concrete case model yet; CaseLinked points at any model, so a user
# stands in for the case.


@pytest.fixture
def case(user_factory):
    return user_factory()


def rows(case):
    return sorted(
        WatchlistMatch.objects.for_case(case).values_list("entry_id", "score", "reasons"),
    )


def test_record_matches_is_idempotent(make_entry, case):
    an = make_entry("NGUYEN", "VAN AN")
    anh = make_entry("NGUYEN", "VAN ANH")
    person = PersonKeys("Nguyen", "Van An", nationality_code="VN")

    first = record_matches(case, person)
    assert {row.entry_id for row in first} == {an.pk, anh.pk}
    assert all(row.pk for row in first)
    before = rows(case)
    record_matches(case, person)
    assert rows(case) == before
    assert WatchlistMatch.objects.count() == 2


def test_record_matches_replaces_old_rows_and_keeps_other_cases(make_entry, case, user_factory):
    entry = make_entry("NGUYEN", "VAN AN")
    other_case = user_factory()
    person = PersonKeys("Nguyen", "Van An")
    record_matches(case, person)
    record_matches(other_case, person)

    entry.is_active = False
    entry.save()
    assert record_matches(case, person) == []
    assert rows(case) == []
    assert [row[0] for row in rows(other_case)] == [entry.pk]


def test_matches_for_is_ordered_and_loads_entries_in_one_query(
    make_entry, case, django_assert_num_queries
):
    make_entry("NGUYEN", "VAN ANH")
    best = make_entry("NGUYEN", "VAN AN")
    record_matches(case, PersonKeys("Nguyen", "Van An", nationality_code="VN"))
    # One query: record_matches has already cached the content type.
    with django_assert_num_queries(1):
        matches = list(matches_for(case))
        labels = [(m.entry.nationality.code, m.reason_labels) for m in matches]
    assert matches[0].entry == best
    assert matches[0].score > matches[1].score
    assert labels[0][0] == "VN"
    assert "國籍" in labels[0][1] or "nationality" in labels[0][1]
