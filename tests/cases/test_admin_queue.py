"""The reviewer's queue in the admin: the changelist of the sample workflow's cases shows a
reviewer only the stages of their agency (and the cases waiting for a supplement their
agency asked for), oldest first, with the columns a reviewer sorts their day by, in a
constant number of queries; plus the queue overview at /admin/queues/."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from portal.cases.admin.queryset import queue_for
from portal.cases.models import SupplementRequest
from portal.cases.services import SupplementAsk, perform_action
from portal.watchlist.models import Reason, WatchlistEntry, WatchlistMatch
from tests.factories import SampleCaseFactory, UserFactory
from tests.sampleflow.models import SampleCase

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/sampleflow/samplecase/"
QUEUES = "/admin/queues/"


def reviewer(agency="NIA", **fields):
    return UserFactory(reviewer=True, agency=agency, **fields)


@pytest.fixture
def nia(db):
    return reviewer(email="nia.queue@example.gov.tw")


@pytest.fixture
def wda(db):
    return reviewer("WDA", email="wda.queue@example.gov.tw")


@pytest.fixture
def mofa(db):
    return reviewer("MOFA", email="mofa.queue@example.gov.tw")


@pytest.fixture
def groups(nia, wda, mofa):
    """The reviewer groups, set up after the reviewers exist (so they are in them)."""
    call_command("setup_reviewer_groups", verbosity=0)


def case_at(state, *, days=0, **fields):
    """A case put straight into `state`, in it for `days` days."""
    entered = timezone.now() - datetime.timedelta(days=days, minutes=1)
    return SampleCaseFactory(submitted=True, state=state, state_entered_at=entered, **fields)


def ask_supplement(case, agency, *, deadline=None, answered=False):
    """A supplement request of `agency` on `case`, written directly (no action)."""
    now = timezone.now()
    request = SupplementRequest(
        requested_by=reviewer(agency),
        requested_at=now,
        return_state="nia_review" if agency == "NIA" else "wda_review",
        agency=agency,
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=14),
        answered_at=now if answered else None,
    )
    request.link_to(case)
    request.save()
    return request


def waiting_for(agency, **kwargs):
    case = case_at("supplement_requested")
    ask_supplement(case, agency, **kwargs)
    return case


def shown(client, url=CHANGELIST, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def listed(response):
    return [case.pk for case in response.context["cl"].result_list]


def row_of(response, case):
    """The HTML of the changelist row of `case`."""
    html = response.content.decode()
    marker = f'value="{case.pk}" class="action-select"'
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def cell(row, column):
    found = re.search(rf'<td class="field-{column}[^"]*">(.*?)</td>', row, re.S)
    assert found, f"no {column} cell in {row}"
    return found.group(1).strip()


@pytest.fixture
def every_state():
    """One case in each state of the sample workflow that a queue could show."""
    return {
        "nia_review": case_at("nia_review"),
        "card_production": case_at("card_production"),
        "ready": case_at("ready"),
        "wda_review": case_at("wda_review"),
        "payment_due": case_at("payment_due"),
        "issued": case_at("issued"),
        "rejected": case_at("rejected"),
        "draft": SampleCaseFactory(),
        "waiting_nia": waiting_for("NIA"),
        "waiting_wda": waiting_for("WDA"),
    }


# --- who sees what ---------------------------------------------------------------------------


def test_a_nia_reviewer_sees_only_nia_stages_and_nia_supplements(client, groups, nia, every_state):
    client.force_login(nia)
    expected = {"nia_review", "card_production", "ready", "waiting_nia"}
    assert set(listed(shown(client))) == {every_state[key].pk for key in expected}


def test_a_wda_reviewer_sees_only_wda_stages_and_wda_supplements(client, groups, wda, every_state):
    client.force_login(wda)
    expected = {"wda_review", "waiting_wda"}
    assert set(listed(shown(client))) == {every_state[key].pk for key in expected}


def test_a_mofa_reviewer_sees_none_of_the_sample_cases(client, groups, mofa, every_state):
    # The sample workflow has no MOFA stage: no permission, and an empty queue anyway.
    client.force_login(mofa)
    assert client.get(CHANGELIST).status_code == 403
    assert not queue_for(SampleCase, mofa).exists()


def test_a_superuser_sees_every_stage_and_every_supplement(admin_client, every_state):
    expected = {
        "nia_review",
        "card_production",
        "ready",
        "wda_review",
        "waiting_nia",
        "waiting_wda",
    }
    assert set(listed(shown(admin_client))) == {every_state[key].pk for key in expected}


def test_a_reviewer_outside_the_groups_is_refused(client, every_state):
    client.force_login(reviewer())
    assert client.get(CHANGELIST).status_code == 403


def test_an_answered_supplement_leaves_the_waiting_queue(client, groups, nia):
    case = case_at("nia_review")
    ask_supplement(case, "NIA", answered=True)
    waiting = case_at("supplement_requested")
    ask_supplement(waiting, "NIA", answered=True)  # an old answered request is no wait
    client.force_login(nia)
    assert listed(shown(client)) == [case.pk]


@pytest.mark.parametrize(
    ("agency", "url"),
    [("NIA", "/admin/sampleflow/samplecase/{pk}/change/"), ("WDA", "/admin/queues/")],
)
def test_non_staff_users_are_sent_to_the_admin_login(client, agency, url):
    case = case_at("nia_review")
    applicant = UserFactory()
    for who in (None, applicant, UserFactory(role="reviewer", agency=agency, is_staff=False)):
        client.logout()
        if who is not None:
            client.force_login(who)
        for address in (CHANGELIST, url.format(pk=case.pk)):
            response = client.get(address)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/?next=")


# --- order and columns -----------------------------------------------------------------------


def test_the_oldest_case_comes_first(client, groups, nia):
    middle = case_at("nia_review", days=3)
    newest = case_at("card_production", days=1)
    oldest = case_at("ready", days=9)
    client.force_login(nia)
    assert listed(shown(client)) == [oldest.pk, middle.pk, newest.pk]


def test_days_waiting_counts_whole_days_in_the_stage(client, groups, nia):
    fresh = case_at("nia_review")
    waiting = case_at("nia_review", days=5)
    client.force_login(nia)
    response = shown(client)
    assert cell(row_of(response, waiting), "days_waiting") == "5"
    assert cell(row_of(response, fresh), "days_waiting") == "0"


def test_the_stage_filter(client, groups, nia, every_state):
    client.force_login(nia)
    assert listed(shown(client, stage="nia_review")) == [every_state["nia_review"].pk]
    assert listed(shown(client, stage="ready")) == [every_state["ready"].pk]
    assert listed(shown(client, stage="supplement")) == [every_state["waiting_nia"].pk]
    # Another agency's stage filters nothing in: the queue stays NIA's.
    assert every_state["wda_review"].pk not in listed(shown(client, stage="wda_review"))


def test_the_stage_filter_offers_only_the_reviewers_stages(client, groups, wda):
    client.force_login(wda)
    html = shown(client).content.decode()
    assert "?stage=wda_review" in html
    assert "?stage=supplement" in html
    assert "?stage=nia_review" not in html


def test_the_supplement_column_shows_the_deadline(client, groups, nia):
    today = timezone.localdate()
    due = waiting_for("NIA", deadline=today + datetime.timedelta(days=3))
    late = waiting_for("NIA", deadline=today - datetime.timedelta(days=1))
    last_day = waiting_for("NIA", deadline=today)
    client.force_login(nia)
    response = shown(client)
    assert cell(row_of(response, due), "supplement") == (
        f'<span class="due">answer by {date_format(today + datetime.timedelta(days=3))}</span>'
    )
    assert cell(row_of(response, late), "supplement") == (
        f'<span class="overdue">deadline passed {date_format(today - datetime.timedelta(days=1))}'
        "</span>"
    )
    # The deadline day itself is still in time.
    assert 'class="due"' in cell(row_of(response, last_day), "supplement")
    assert listed(shown(client, overdue="yes")) == [late.pk]


def test_the_supplement_column_marks_an_answered_supplement(client, groups, nia):
    case = case_at("nia_review")
    untouched = case_at("nia_review")
    perform_action(
        case,
        nia,
        "request_supplement",
        supplement=SupplementAsk(items=[("document", "photo", "The photo is blurred.")]),
    )
    perform_action(case, case.owner, "answer_supplement")
    client.force_login(nia)
    response = shown(client)
    assert cell(row_of(response, case), "supplement") == '<span class="answered">answered</span>'
    assert cell(row_of(response, untouched), "supplement") == "-"


def test_the_answered_mark_goes_once_the_case_moves_on(client, groups, nia):
    case = case_at("card_production", days=1)
    ask_supplement(case, "NIA", answered=True)
    SupplementRequest.objects.for_case(case).update(
        answered_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(nia)
    assert cell(row_of(shown(client), case), "supplement") == "-"


def test_the_control_list_column_counts_the_matches(client, groups, nia):
    hit = case_at("nia_review")
    clean = case_at("nia_review")
    for surname in ("NGUYEN", "NGUYEN VAN"):
        entry = WatchlistEntry.objects.create(
            surname=surname, given_name="AN", reason=Reason.OVERSTAY, source_agency="NIA"
        )
        match = WatchlistMatch(entry=entry, score=88, reasons=["name"])
        match.link_to(hit)
        match.save()
    client.force_login(nia)
    response = shown(client)
    assert cell(row_of(response, hit), "watchlist") == (
        '<strong class="watchlist-hit">2 match(es)</strong>'
    )
    assert cell(row_of(response, clean), "watchlist") == "-"


def test_the_assigned_reviewer_column(client, groups, nia):
    case = case_at("nia_review", assigned_reviewer=nia)
    client.force_login(nia)
    assert cell(row_of(shown(client), case), "assigned_reviewer") == str(nia)


# --- cost ------------------------------------------------------------------------------------


def test_the_changelist_costs_the_same_queries_for_5_and_500_cases(client, groups, nia):
    applicant = UserFactory()
    SampleCaseFactory.create_batch(5, submitted=True, owner=applicant)
    client.force_login(nia)
    shown(client)  # warm the content-type cache and the session

    with CaptureQueriesContext(connection) as few:
        response = shown(client)
    assert response.context["cl"].result_count == 5

    cases = SampleCaseFactory.create_batch(
        495, submitted=True, owner=applicant, assigned_reviewer=nia
    )
    # Give the rows on the first page something to show in every column.
    for case in cases[:10]:
        ask_supplement(case, "NIA", answered=True)
    entry = WatchlistEntry.objects.create(
        surname="NGUYEN", given_name="AN", reason=Reason.OVERSTAY, source_agency="NIA"
    )
    for case in cases[:10]:
        match = WatchlistMatch(entry=entry, score=80)
        match.link_to(case)
        match.save()

    with CaptureQueriesContext(connection) as many:
        response = shown(client)
    changelist = response.context["cl"]
    assert changelist.result_count == 500
    assert len(changelist.result_list) == changelist.list_per_page  # one page of rows
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


# --- what the changelist does not offer, and what it does ---------------------------------


def test_no_add_button_and_no_delete(admin_client, client, groups, nia):
    case = case_at("nia_review")
    for who in (admin_client, client):
        if who is client:
            client.force_login(nia)
        response = shown(who)
        html = response.content.decode()
        assert response.context["has_add_permission"] is False
        assert f'href="{CHANGELIST}add/"' not in html
        assert "delete_selected" not in html
        assert who.get(f"{CHANGELIST}add/").status_code == 403
        assert who.get(f"{CHANGELIST}{case.pk}/delete/").status_code == 403
        response = who.post(f"{CHANGELIST}{case.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
    assert SampleCase.objects.filter(pk=case.pk).exists()


def test_assign_to_me_bulk_action(client, groups, nia):
    colleague = reviewer()
    free = [case_at("nia_review"), case_at("ready")]
    taken = case_at("nia_review", assigned_reviewer=colleague)
    elsewhere = case_at("wda_review")
    client.force_login(nia)
    response = client.post(
        CHANGELIST,
        {
            "action": "assign_to_me",
            "_selected_action": [c.pk for c in [*free, taken, elsewhere]],
            "index": 0,
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 case(s) assigned to you."]
    for case in [*free, taken, elsewhere]:
        case.refresh_from_db()
    assert [c.assigned_reviewer for c in free] == [nia, nia]
    assert taken.assigned_reviewer == colleague
    assert elsewhere.assigned_reviewer is None


def test_a_lead_takes_cases_assigned_to_others_with_the_bulk_action(client, groups, nia):
    nia.groups.add(Group.objects.get(name="NIA leads"))
    taken = case_at("nia_review", assigned_reviewer=reviewer())
    client.force_login(nia)
    client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [taken.pk], "index": 0})
    taken.refresh_from_db()
    assert taken.assigned_reviewer == nia


# --- the queue overview ----------------------------------------------------------------------


def sample_rows(response):
    """The overview's rows of the sample workflow (the product's workflows are listed too)."""
    return [row for row in response.context["rows"] if row["workflow"] == "Sample permit"]


def test_the_queue_overview_lists_the_reviewers_stages(client, groups, nia, every_state):
    case_at("nia_review", days=4)
    client.force_login(nia)
    response = shown(client, QUEUES)
    rows = {row["stage"]: row for row in sample_rows(response)}
    assert list(rows) == ["NIA review", "Card production", "Pickup", "Waiting for a supplement"]
    assert [row["count"] for row in rows.values()] == [2, 1, 1, 1]
    assert rows["NIA review"]["oldest_days"] == 4
    html = response.content.decode()
    for state in ("nia_review", "card_production", "ready", "supplement"):
        assert f'href="{CHANGELIST}?stage={state}"' in html
    assert ">WDA review<" not in html
    assert 'href="/admin/reports/"' in html


def test_the_queue_overview_of_a_wda_reviewer(client, groups, wda, every_state):
    client.force_login(wda)
    rows = sample_rows(shown(client, QUEUES))
    assert [(row["stage"], row["count"]) for row in rows] == [
        ("WDA review", 1),
        ("Waiting for a supplement", 1),
    ]


def test_the_queue_overview_of_a_reviewer_without_queue(client, groups, mofa, every_state):
    # MOFA has a stage in the Gold Card only: none in the sample workflow.
    client.force_login(mofa)
    response = shown(client, QUEUES)
    assert sample_rows(response) == []
    assert {row["workflow"] for row in response.context["rows"]} == {"Employment Gold Card"}
