import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.watchlist.matching import PersonKeys, find_matches

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 3, 15)


def person(surname, given_name, **keys):
    keys.setdefault("date_of_birth", BORN)
    keys.setdefault("nationality_code", "VN")
    return PersonKeys(surname=surname, given_name=given_name, **keys)


def only_hit(hits, entry):
    assert [hit.entry_id for hit in hits] == [entry.pk]
    return hits[0]


def test_exact_match_scores_100_with_all_reasons(make_entry):
    entry = make_entry("NGUYEN", "VAN AN")
    make_entry("TRAN", "THI MAI")
    hit = only_hit(find_matches(person("Nguyen", "Van An")), entry)
    assert hit.score == 100
    assert hit.reasons == ("name", "date_of_birth", "nationality")


def test_name_alone_is_not_a_perfect_match(make_entry):
    entry = make_entry("NGUYEN", "VAN AN", date_of_birth=None, nationality="")
    hit = only_hit(find_matches(person("Nguyen", "Van An")), entry)
    assert hit.score == 85
    assert hit.reasons == ("name",)


def test_swapped_surname_and_given_name(make_entry):
    entry = make_entry("NURHALIZA", "SITI", nationality="ID")
    hit = only_hit(find_matches(person("Siti", "Nurhaliza", nationality_code="ID")), entry)
    assert hit.score == 100
    assert "name_swapped" in hit.reasons


@pytest.mark.parametrize(
    ("surname", "given_name"),
    [("NGUYEN", "VAN ANH"), ("NGUYEN", "VAM AN"), ("NGUEYN", "VAN AN"), ("NGUYEN", "BAN AN")],
)
def test_one_letter_typo(make_entry, surname, given_name):
    entry = make_entry("NGUYEN", "VAN AN")
    hit = only_hit(find_matches(person(surname, given_name)), entry)
    assert 80 <= hit.score < 100
    assert "name" in hit.reasons


@pytest.mark.parametrize(
    ("listed", "searched", "code"),
    [
        (("ALI", "MOHAMMED"), ("Ali", "Muhammad"), "ID"),
        (("ALI", "MOHAMAD"), ("Ali", "Muhammed"), "ID"),
        (("NGUYEN", "VAN AN"), ("Nguyn", "Van An"), "VN"),
        (("NGUYEN", "VAN AN"), ("Ngyuen", "Van An"), "VN"),
        (("SRISUK", "SOMCHAI"), ("Srisook", "Somchay"), "TH"),
        (("SUKARNO", "BUDI"), ("Soekarno", "Budi"), "ID"),
    ],
)
def test_transliteration_variants(make_entry, listed, searched, code):
    entry = make_entry(*listed, nationality=code)
    hit = only_hit(find_matches(person(*searched, nationality_code=code)), entry)
    assert hit.score >= 90


def test_diacritics_are_ignored(make_entry):
    entry = make_entry("NGUYEN", "VAN AN")
    hit = only_hit(find_matches(person("Nguyễn", "Văn An")), entry)
    assert hit.score == 100


def test_other_names_of_the_entry_count(make_entry):
    entry = make_entry("TRAN", "THI MAI", other_names="Tran Thi My\n陳氏梅\n")
    hit = only_hit(find_matches(person("Tran", "Thi My")), entry)
    assert hit.score == 100
    assert hit.reasons[0] == "other_name"
    # A Chinese name given by the applicant matches the Chinese alias.
    hit = only_hit(find_matches(person("Tranh", "Mei", other_names=("陳氏梅",))), entry)
    assert "other_name" in hit.reasons


def test_date_of_birth_swap_raises_and_a_different_date_lowers(make_entry):
    entry = make_entry("NGUYEN", "VAN AN", date_of_birth=datetime.date(1990, 3, 5))

    def score(born):
        hits = find_matches(person("Nguyen", "Van An", date_of_birth=born), threshold=0)
        return only_hit(hits, entry)

    unknown, swapped, different = (
        score(None),
        score(datetime.date(1990, 5, 3)),
        score(datetime.date(1991, 8, 20)),
    )
    assert different.score < unknown.score < swapped.score < score(entry.date_of_birth).score
    assert "date_of_birth_swapped" in swapped.reasons
    # An exact name with another date of birth is below the default threshold.
    assert find_matches(person("Nguyen", "Van An", date_of_birth=datetime.date(1991, 8, 20))) == []


def test_document_number_matches_whatever_the_name(make_entry):
    entry = make_entry("NGUYEN", "VAN AN", document_numbers="A 000 111\nC-123 4567\n")
    make_entry("NGUYEN", "VAN BINH", document_numbers="C7654321")
    searched = person("Pham", "Thi Lan", document_numbers=("c1234567",), date_of_birth=None)
    hit = only_hit(find_matches(searched), entry)
    assert hit.score >= 90
    assert "document_number" in hit.reasons
    assert "name" not in hit.reasons


def test_unrelated_person_has_no_hit(make_entry):
    make_entry("NGUYEN", "VAN AN")
    make_entry("NURHALIZA", "SITI", nationality="ID")
    assert find_matches(person("Santos", "Maria Luisa", nationality_code="PH")) == []


def test_inactive_entries_are_ignored(make_entry):
    make_entry("NGUYEN", "VAN AN", is_active=False, document_numbers="C1234567")
    assert find_matches(person("Nguyen", "Van An", document_numbers=("C1234567",))) == []


def test_results_are_ordered_and_limited(make_entry):
    best = make_entry("NGUYEN", "VAN AN")
    make_entry("NGUYEN", "VAN ANH", date_of_birth=None)
    make_entry("NGUYEN", "VAN AN", date_of_birth=None, nationality="")
    hits = find_matches(person("Nguyen", "Van An"))
    assert hits[0].entry_id == best.pk
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert len(find_matches(person("Nguyen", "Van An"), limit=2)) == 2


def test_index_follows_additions_edits_and_deactivation(make_entry, django_assert_num_queries):
    searched = person("Tran", "Thi Mai")
    make_entry("NGUYEN", "VAN AN")
    assert find_matches(searched) == []
    # Unchanged table: one aggregate query, no rebuild.
    with django_assert_num_queries(1):
        assert find_matches(searched) == []

    added = make_entry("TRAN", "THI MAI")
    assert [hit.entry_id for hit in find_matches(searched)] == [added.pk]

    added.surname, added.given_name = "LE", "HOANG MINH"
    added.save()
    renamed = person("Le", "Hoang Minh")
    assert find_matches(searched) == []
    assert [hit.entry_id for hit in find_matches(renamed)] == [added.pk]

    added.is_active = False
    added.save()
    assert find_matches(renamed) == []

    added.is_active = True
    added.save()
    assert [hit.entry_id for hit in find_matches(renamed)] == [added.pk]
    added.delete()
    assert find_matches(renamed) == []


def test_person_without_names_matches_by_document_only(make_entry):
    entry = make_entry("NGUYEN", "VAN AN", document_numbers="C1234567")
    assert find_matches(PersonKeys("", "")) == []
    hits = find_matches(PersonKeys("", "", document_numbers=("C1234567",)))
    assert only_hit(hits, entry).score == 90


names = st.text(alphabet="abcdeghiklmnoprstuvyĐđăâêôơưễệ -'", max_size=20)
dates = st.none() | st.dates(datetime.date(1985, 1, 1), datetime.date(1995, 12, 31))


def test_scores_stay_between_0_and_100(make_entry):
    make_entry("NGUYEN", "VAN AN", document_numbers="C1234567", other_names="Nguyen An")
    make_entry("AN", "VAN")
    make_entry("NGUYEN", "", nationality="", date_of_birth=None)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        surname=names,
        given_name=names,
        born=dates,
        code=st.sampled_from(["", "VN", "ID", "TH"]),
        docs=st.lists(st.sampled_from(["C1234567", "c-123 4567", "X1"]), max_size=2),
    )
    def check(surname, given_name, born, code, docs):
        keys = PersonKeys(surname, given_name, (), born, code, tuple(docs))
        for hit in find_matches(keys, threshold=0, limit=100):
            assert 0 <= hit.score <= 100
            assert len(hit.reasons) == len(set(hit.reasons))

    check()
