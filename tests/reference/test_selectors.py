import json

import pytest
from django.utils import translation

from portal.reference.models import County
from portal.reference.selectors import (
    active_stations,
    counties_with_districts,
    districts_by_county,
    foreign_nationalities,
)

pytestmark = pytest.mark.django_db


def test_counties_with_districts_uses_two_queries(reference_data, django_assert_num_queries):
    with django_assert_num_queries(2):
        counties = list(counties_with_districts())
        total = sum(len(county.districts.all()) for county in counties)
    assert len(counties) == 22
    assert total == 368
    assert counties[0].code == "TPE"
    assert [d.postcode for d in counties[0].districts.all()][:2] == ["100", "103"]


def test_districts_by_county_is_json_ready(reference_data, django_assert_num_queries):
    taipei = County.objects.get(code="TPE")
    with django_assert_num_queries(1), translation.override("zh-hant"):
        data = districts_by_county()
    assert len(data) == 22
    assert sum(len(items) for items in data.values()) == 368
    district_id, name, postcode = data[taipei.id][0]
    assert (name, postcode) == ("中正區", "100")
    assert json.loads(json.dumps(data))[str(taipei.id)][0] == [district_id, "中正區", "100"]
    with translation.override("en"):
        assert districts_by_county()[taipei.id][0][1] == "Zhongzheng District"
    assert districts_by_county("en")[taipei.id][0][1] == "Zhongzheng District"


def test_lists_for_forms(reference_data):
    assert not foreign_nationalities().filter(code="TW").exists()
    stations = list(active_stations())
    assert len(stations) >= 22
    stations[0].is_active = False
    stations[0].save()
    assert active_stations().count() == len(stations) - 1
