import datetime

import pytest
from django.urls import reverse

from portal.reference.models import County, ServiceStation, WorkingDayOverride

pytestmark = pytest.mark.django_db

MODELS = ["nationality", "county", "district", "servicestation", "workingdayoverride"]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open_and_search(admin_client, reference_data, model):
    url = reverse(f"admin:reference_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "臺北"}).status_code == 200


def test_county_page_shows_its_districts(admin_client, reference_data):
    taipei = County.objects.get(code="TPE")
    response = admin_client.get(reverse("admin:reference_county_change", args=[taipei.pk]))
    assert response.status_code == 200
    assert "中正區" in response.content.decode()


def test_district_filter_by_county(admin_client, reference_data):
    taipei = County.objects.get(code="TPE")
    url = reverse("admin:reference_district_changelist")
    response = admin_client.get(url, {"county__id__exact": taipei.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 12


def test_station_page_opens(admin_client, reference_data):
    station = ServiceStation.objects.first()
    url = reverse("admin:reference_servicestation_change", args=[station.pk])
    assert admin_client.get(url).status_code == 200


def test_staff_add_a_working_day_override(admin_client):
    response = admin_client.post(
        reverse("admin:reference_workingdayoverride_add"),
        {
            "date": "2026-09-01",
            "is_working_day": "",
            "reason_zh": "颱風停班",
            "reason_en": "Typhoon day off",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = WorkingDayOverride.objects.get()
    assert override.date == datetime.date(2026, 9, 1)
    assert not override.is_working_day
