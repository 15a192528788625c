"""SQL queries of the hot path: every field change of every applicant autosaves its tab
(POST with X-Autosave), and every tab is a GET. A save stays within 8 queries and a tab page
within 10, whatever the number of reference rows (nationalities, districts, criteria,
missions, stations) and of sections: reference choices and look-ups come from the reference
cache (portal.reference.cache), and a section's checks read no table.

Counted after one request of the same tab, which fills the reference cache as the first
request of any process does. With database sessions (the test settings), a save's session
write is three of its queries (a savepoint, the update, its release)."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.goldcard.test_tabs_support import LANGUAGES, section_url, sign_in

pytestmark = pytest.mark.django_db

SAVE_BUDGET = 8
GET_BUDGET = 10
TABS = ("basic", "passport", "visa", "residence", "field")
# What a person might have just typed on each tab (an answer no document depends on).
TYPED = {
    "basic": {"occupation": "Data scientist"},
    "passport": {"place_of_issue": "New York"},
    "visa": {"first_visit": "no"},
    "residence": {"floor": "3"},
    "field": {},
}


def autosave(client, case, tab):
    data = {**case.answers[tab], **TYPED[tab]}
    response = client.post(section_url(case, tab), data, headers={"X-Autosave": "1"})
    assert response.status_code == 200, response.status_code
    return response


def tab_page(client, case, tab):
    response = client.get(section_url(case, tab))
    assert response.status_code == 200, response.status_code
    return response


def counted(request) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        request()
    return [query["sql"] for query in queries.captured_queries]


def counts(client, case, tab) -> tuple[int, int]:
    tab_page(client, case, tab)  # fills the reference cache, as a process's first request
    get = counted(lambda: tab_page(client, case, tab))
    save = counted(lambda: autosave(client, case, tab))
    return len(get), len(save)


def explain(queries) -> str:
    return "\n".join(sql[:160] for sql in queries)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("in_taiwan", [False, True])
@pytest.mark.parametrize("tab", TABS)
def test_a_tab_save_and_a_tab_page_stay_within_budget(
    client, complete_draft, applicant, tab, in_taiwan, language
):
    case = complete_draft(in_taiwan=in_taiwan)
    sign_in(client, applicant, language)
    tab_page(client, case, tab)

    get = counted(lambda: tab_page(client, case, tab))
    save = counted(lambda: autosave(client, case, tab))

    assert len(get) <= GET_BUDGET, explain(get)
    assert len(save) <= SAVE_BUDGET, explain(save)
    case.refresh_from_db()
    for name, value in TYPED[tab].items():
        assert case.answers[tab][name] == value  # and nothing typed was lost


def test_a_basic_data_save_reads_no_nationality(client, complete_draft, applicant):
    case = complete_draft()
    sign_in(client, applicant, "en")
    tab_page(client, case, "basic")

    save = counted(lambda: autosave(client, case, "basic"))

    assert not [sql for sql in save if "reference_nationality" in sql], explain(save)


def add_reference_rows():
    """Many more of every kind of row the tabs offer or look up."""
    from goldcard.models import OverseasMission, ProfessionalField, QualificationCriterion
    from portal.reference.models import County, District, Nationality, ServiceStation

    for number in range(40):
        Nationality.objects.create(
            code=f"{number:02d}", name_en=f"Testland {number}", name_zh=f"測試國{number}"
        )
    county = County.objects.create(code="TST", name_zh="測試縣", name_en="Test County")
    for number in range(30):
        District.objects.create(
            county=county, name_zh=f"測試區{number}", name_en=f"Test {number}", postcode="999"
        )
    for number in range(10):
        ServiceStation.objects.create(
            county=county, name_zh=f"測試服務站{number}", name_en=f"Test station {number}"
        )
    field = ProfessionalField.objects.create(code="testing", name_zh="測試", name_en="Testing")
    for number in range(15):
        QualificationCriterion.objects.create(
            field=field, code=f"c{number}", name_zh=f"條件{number}", name_en=f"Criterion {number}"
        )
    for number in range(20):
        OverseasMission.objects.create(
            code=f"T-{number}", name_zh=f"測試處{number}", name_en=f"Mission {number}",
            country_code="TT",
        )  # fmt: skip


@pytest.mark.parametrize("tab", TABS)
def test_the_counts_do_not_grow_with_reference_rows(client, complete_draft, applicant, tab):
    case = complete_draft(in_taiwan=tab == "residence")
    sign_in(client, applicant, "zh-hant")
    before = counts(client, case, tab)

    add_reference_rows()
    after = counts(client, case, tab)

    assert after == before


def with_more_sections(workflow, extra: int):
    """The workflow with `extra` more tabs, each asking the questions of an existing one."""
    more = tuple(
        dataclasses.replace(section, code=f"{section.code}_{number}")
        for number in range(extra)
        for section in workflow.sections
    )
    return dataclasses.replace(workflow, sections=workflow.sections + more)


@pytest.mark.parametrize("tab", TABS)
def test_the_counts_do_not_grow_with_sections(client, complete_draft, applicant, monkeypatch, tab):
    from goldcard.models import GoldCardCase

    case = complete_draft(in_taiwan=True)
    sign_in(client, applicant, "en")
    before = counts(client, case, tab)

    monkeypatch.setattr(GoldCardCase, "workflow", with_more_sections(GoldCardCase.workflow, 2))
    case.refresh_from_db()
    assert len(case.workflow.sections) == 3 * len(TABS)
    after = counts(client, case, tab)

    assert after == before


@pytest.mark.parametrize("tab", TABS)
def test_the_case_is_read_once_per_request(client, complete_draft, applicant, tab):
    case = complete_draft()
    sign_in(client, applicant, "en")
    tab_page(client, case, tab)

    for queries in (
        counted(lambda: tab_page(client, case, tab)),
        counted(lambda: autosave(client, case, tab)),
    ):
        reads = [
            sql
            for sql in queries
            if sql.startswith("SELECT") and 'FROM "goldcard_goldcardcase"' in sql
        ]
        assert len(reads) == 1, explain(queries)
