"""The reference cache (portal.reference.cache) and what it keeps: choices and look-ups are
built once per generation and language, without a query afterwards, and any change to a
watched row (saved, deleted, or loaded in bulk) is seen at once, in this process and in
others (the generation is shared)."""

import contextlib

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from portal.reference import cache as reference_cache
from portal.reference import choices
from portal.reference.models import County, District, Nationality, ServiceStation

pytestmark = pytest.mark.django_db


def test_a_choice_list_is_built_once(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = choices.nationality_choices()
    with django_assert_num_queries(0):
        assert choices.nationality_choices() == first
        assert choices.nationality_choices(foreign_only=False)  # built from the same rows
        assert choices.nationality("US").name_en == "United States"
        assert choices.nationality("XX") is None


def test_a_renamed_nationality_is_shown_at_once_in_both_languages(reference_data):
    assert ("US", "United States") in choices.nationality_choices(language="en")
    us = Nationality.objects.get(code="US")
    us.name_en, us.name_zh = "United States of America", "美利堅合眾國"
    us.save()

    assert ("US", "United States of America") in choices.nationality_choices(language="en")
    assert ("US", "美利堅合眾國") in choices.nationality_choices(language="zh-hant")
    assert choices.nationality("US").name_en == "United States of America"


def test_a_deactivated_or_deleted_nationality_is_no_longer_offered(reference_data):
    codes = {code for code, _name in choices.nationality_choices()}
    assert {"US", "FR"} <= codes
    Nationality.objects.filter(code="US").get().delete()
    france = Nationality.objects.get(code="FR")
    france.is_active = False
    france.save()

    codes = {code for code, _name in choices.nationality_choices()}
    assert "US" not in codes and "FR" not in codes
    assert choices.nationality("US") is None


def test_districts_follow_their_rows(reference_data):
    county = County.objects.order_by("pk").first()
    choices.district_choices()
    district = District.objects.create(
        county=county, name_zh="新測試區", name_en="New Test", postcode="999"
    )

    _grouped, parents = choices.district_choices()
    assert parents[str(district.pk)] == str(county.pk)
    assert choices.district_in_county(district.pk, county.pk)
    assert choices.district(district.pk).name_en == "New Test"

    district.delete()
    _grouped, parents = choices.district_choices()
    assert str(district.pk) not in parents
    assert not choices.district_in_county(district.pk, county.pk)


def test_a_closed_station_is_no_longer_offered(reference_data):
    station = ServiceStation.objects.filter(is_active=True).order_by("pk").first()
    assert (str(station.pk), station.name) in choices.station_choices()
    station.is_active = False
    station.save()

    assert str(station.pk) not in dict(choices.station_choices())


def test_names_follow_the_active_language(reference_data):
    county = County.objects.order_by("pk").first()
    with translation.override("en"):
        assert (str(county.pk), county.name_en) in choices.county_choices()
    with translation.override("zh-hant"):
        assert (str(county.pk), county.name_zh) in choices.county_choices()


def test_a_new_generation_elsewhere_is_seen_here(reference_data, django_assert_num_queries):
    """Another process changed a row: its new generation, in the shared cache, makes this
    process's copies unreachable."""
    choices.nationality_choices()
    cache.set(reference_cache.GENERATION_KEY, "another-process", None)

    with django_assert_num_queries(1):
        choices.nationality_choices()


def test_a_lost_generation_starts_a_new_one(reference_data, django_assert_num_queries):
    choices.nationality_choices()
    cache.clear()

    with django_assert_num_queries(1):
        choices.nationality_choices()
    assert cache.get(reference_cache.GENERATION_KEY)


def test_a_bulk_load_is_seen_at_once(reference_data):
    from portal.reference.loaders import load_nationalities

    choices.nationality_choices()
    Nationality.objects.filter(code="US").update(name_en="Wrong")  # no signal: not seen yet
    load_nationalities()  # puts the data file's name back, in bulk

    assert ("US", "United States") in choices.nationality_choices(language="en")


def test_a_change_is_announced_again_when_its_transaction_commits(
    reference_data, django_capture_on_commit_callbacks
):
    """A process that rebuilt the lists between the change and its commit read the old rows:
    the commit draws yet another generation."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Nationality.objects.filter(code="US").get().save()
        during = reference_cache.generation()
    assert callbacks
    assert reference_cache.generation() != during


@contextlib.contextmanager
def a_request():
    """The signals around a request, without closing the test's database connection (which
    Django's own test client also leaves alone: it is inside the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        request_started.send(sender=None, environ=RequestFactory().get("/").environ)
        try:
            yield
        finally:
            request_finished.send(sender=None)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_a_request_reads_the_generation_once(reference_data, monkeypatch):
    reads = []
    original = cache.get

    def counting_get(key, *args, **kwargs):
        if key == reference_cache.GENERATION_KEY:
            reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    with a_request():
        for _ in range(5):
            choices.nationality_choices()
            choices.county_choices()
            choices.station_choices()

    assert len(reads) == 1
    choices.nationality_choices()  # outside a request: read each time
    assert len(reads) == 2


def test_a_change_during_a_request_is_seen_in_that_request(reference_data):
    with a_request():
        choices.nationality_choices(language="en")
        us = Nationality.objects.get(code="US")
        us.name_en = "USA"
        us.save()
        assert ("US", "USA") in choices.nationality_choices(language="en")
