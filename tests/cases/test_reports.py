"""The case reports: `percentile`, the figures `build()` computes from the audit log and the
cases' timestamps (open cases per stage, median and 90th percentile days per stage, days from
submission to a final decision, cases finished per week), and who may open /admin/reports/."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.cases import reports
from portal.cases.models import CaseEvent
from portal.cases.reports import percentile
from tests.factories import SampleCaseFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORTS = "/admin/reports/"

# "Now" for the report: Wednesday 18 June 2025, noon in Taipei.
NOW = timezone.make_aware(datetime.datetime(2025, 6, 18, 12, 0))


def days_ago(days, **extra):
    return NOW - datetime.timedelta(days=days, **extra)


# --- percentile ------------------------------------------------------------------------------


def test_percentile_median():
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5


def test_percentile_90th_interpolates():
    assert percentile([float(n) for n in range(1, 11)], 0.9) == pytest.approx(9.1)
    assert percentile([1.0, 2.0, 3.0, 4.0, 6.0], 0.9) == pytest.approx(5.2)


def test_percentile_of_nothing_is_none():
    assert percentile([], 0.5) is None
    assert percentile([], 0.9) is None


def test_percentile_of_one_value_is_that_value():
    assert percentile([7.5], 0.5) == 7.5
    assert percentile([7.5], 0.9) == 7.5


def test_percentile_ends_are_the_extremes():
    assert percentile([5.0, 1.0, 9.0], 0.0) == 1.0
    assert percentile([5.0, 1.0, 9.0], 1.0) == 9.0


# --- build() ---------------------------------------------------------------------------------


def walked(final_state, steps, *, submitted, closed=None):
    """A case in `final_state` whose audit log is `steps`: (action, from, to, at) rows."""
    case = SampleCaseFactory(
        submitted=True, state=final_state, submitted_at=submitted, closed_at=closed
    )
    for action, from_state, to_state, at in steps:
        event = CaseEvent(action=action, from_state=from_state, to_state=to_state, at=at)
        event.link_to(case)
        event.save()
    return case


@pytest.fixture
def history():
    """Six cases with known stays; the expected figures are worked out in the tests."""
    # Issued: NIA 2 days, WDA 3, payment 1, card production 2, pickup 1; 9 days in all.
    walked(
        "issued",
        [
            ("submit", "draft", "nia_review", days_ago(20)),
            ("send_to_wda", "nia_review", "wda_review", days_ago(18)),
            ("approve", "wda_review", "payment_due", days_ago(15)),
            ("confirm_payment", "payment_due", "card_production", days_ago(14)),
            ("card_ready", "card_production", "ready", days_ago(12)),
            ("hand_over", "ready", "issued", days_ago(11)),
        ],
        submitted=days_ago(20),
        closed=days_ago(11),  # Saturday 7 June: week of 2 June
    )
    # Rejected by NIA after 4 days.
    walked(
        "rejected",
        [
            ("submit", "draft", "nia_review", days_ago(10)),
            ("reject", "nia_review", "rejected", days_ago(6)),
        ],
        submitted=days_ago(10),
        closed=days_ago(6),  # Thursday 12 June: week of 9 June
    )
    # Still at WDA after 6 days at NIA: the open WDA visit is not a finished one.
    walked(
        "wda_review",
        [
            ("submit", "draft", "nia_review", days_ago(9)),
            ("send_to_wda", "nia_review", "wda_review", days_ago(3)),
        ],
        submitted=days_ago(9),
    )
    # Withdrawn after 3 days, closed half an hour into Monday 16 June in Taipei (still
    # Sunday in UTC): the week is Taipei's.
    monday_early = timezone.make_aware(datetime.datetime(2025, 6, 16, 0, 30))
    walked(
        "withdrawn",
        [
            ("submit", "draft", "nia_review", monday_early - datetime.timedelta(days=3)),
            ("withdraw", "nia_review", "withdrawn", monday_early),
        ],
        submitted=monday_early - datetime.timedelta(days=3),
        closed=monday_early,
    )
    # Through a supplement loop: two NIA visits (2 days, then 1), 8 days with the applicant.
    walked(
        "wda_review",
        [
            ("submit", "draft", "nia_review", days_ago(30)),
            ("request_supplement", "nia_review", "supplement_requested", days_ago(28)),
            ("answer_supplement", "supplement_requested", "nia_review", days_ago(20)),
            ("send_to_wda", "nia_review", "wda_review", days_ago(19)),
        ],
        submitted=days_ago(30),
    )
    # Over a year old: outside every figure.
    walked(
        "rejected",
        [
            ("submit", "draft", "nia_review", days_ago(402)),
            ("reject", "nia_review", "rejected", days_ago(400)),
        ],
        submitted=days_ago(402),
        closed=days_ago(400),
    )
    # Open cases without history.
    SampleCaseFactory.create_batch(3, submitted=True)
    SampleCaseFactory(submitted=True, state="card_production")
    SampleCaseFactory()  # a draft is in no stage


def sample_report(**kwargs):
    (report,) = [r for r in reports.build(now=NOW, **kwargs) if r.name == "Sample permit"]
    return report


def test_open_cases_per_stage(history):
    stages = {row.label: row for row in sample_report().stages}
    assert list(stages) == ["NIA review", "WDA review", "Card production", "Pickup"]
    assert {label: row.open_cases for label, row in stages.items()} == {
        "NIA review": 3,
        "WDA review": 2,
        "Card production": 1,
        "Pickup": 0,
    }
    assert [row.agency for row in stages.values()] == ["NIA", "WDA", "NIA", "NIA"]


def test_days_per_stage(history):
    stages = {row.label: row for row in sample_report().stages}
    nia = stages["NIA review"]
    # Visits: 2, 4, 6, 3, 2 and 1 days.
    assert nia.finished_visits == 6
    assert nia.median_days == pytest.approx(2.5)
    assert nia.p90_days == pytest.approx(5.0)
    wda = stages["WDA review"]
    assert (wda.finished_visits, wda.median_days, wda.p90_days) == (1, 3.0, 3.0)
    assert (stages["Card production"].finished_visits, stages["Card production"].median_days) == (
        1,
        2.0,
    )
    pickup = stages["Pickup"]
    assert (pickup.finished_visits, pickup.median_days) == (1, 1.0)


def test_stage_durations_include_states_that_are_no_stage(history):
    from tests.sampleflow.models import SampleCase

    durations = reports.stage_durations(SampleCase, days_ago(365))
    assert durations["supplement_requested"] == [8.0]
    assert durations["payment_due"] == [1.0]
    assert sorted(durations["nia_review"]) == [1.0, 2.0, 2.0, 3.0, 4.0, 6.0]


def test_total_days_from_submission_to_decision(history):
    report = sample_report()
    # Closed within the year: 9, 4 and 3 days.
    assert report.total_median_days == pytest.approx(4.0)
    assert report.total_p90_days == pytest.approx(8.0)


def test_cases_finished_per_week(history):
    weeks = sample_report(weeks=12).weekly_finished
    assert len(weeks) == 13
    assert weeks[0][0] == datetime.date(2025, 3, 24)
    assert weeks[-1][0] == datetime.date(2025, 6, 16)
    assert all(week.weekday() == 0 for week, _n in weeks)
    assert {week: n for week, n in weeks if n} == {
        datetime.date(2025, 6, 2): 1,
        datetime.date(2025, 6, 9): 1,
        datetime.date(2025, 6, 16): 1,
    }


def test_the_first_week_counts_all_its_days():
    # 12 weeks before Wednesday 18 June is Wednesday 26 March; its week starts Monday 24.
    monday = timezone.make_aware(datetime.datetime(2025, 3, 24, 10, 0))
    walked("rejected", [], submitted=monday - datetime.timedelta(days=2), closed=monday)
    weeks = sample_report(weeks=12).weekly_finished
    assert weeks[0] == (datetime.date(2025, 3, 24), 1)


def test_an_empty_workflow_has_no_figures():
    report = sample_report(weeks=4)
    assert [row.open_cases for row in report.stages] == [0, 0, 0, 0]
    assert all(row.median_days is None and row.p90_days is None for row in report.stages)
    assert report.total_median_days is None
    assert [n for _week, n in report.weekly_finished] == [0] * 5


# --- the page --------------------------------------------------------------------------------


def test_reviewers_open_the_reports_through_their_group(client):
    reviewer = UserFactory(reviewer=True, agency="WDA")
    call_command("setup_reviewer_groups", verbosity=0)
    walked(
        "rejected",
        [
            ("submit", "draft", "nia_review", timezone.now() - datetime.timedelta(days=5)),
            ("reject", "nia_review", "rejected", timezone.now() - datetime.timedelta(days=2)),
        ],
        submitted=timezone.now() - datetime.timedelta(days=5),
        closed=timezone.now() - datetime.timedelta(days=2),
    )
    client.force_login(reviewer)
    response = client.get(REPORTS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Sample permit</h2>" in html
    assert (
        "<tr><td>NIA review</td><td>National Immigration Agency</td>"
        "<td>0</td><td>1</td><td>5</td><td>3.0</td><td>3.0</td></tr>"
    ) in html
    # The overview links to the reports for those who may open them.
    assert f'href="{REPORTS}"' in client.get("/admin/queues/").content.decode()


def test_staff_without_the_permission_get_403(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(REPORTS).status_code == 403
    assert f'href="{REPORTS}"' not in client.get("/admin/queues/").content.decode()


def test_a_reviewer_outside_the_groups_gets_403(client):
    client.force_login(UserFactory(reviewer=True, agency="NIA"))
    assert client.get(REPORTS).status_code == 403


def test_non_staff_are_sent_to_the_admin_login(client):
    response = client.get(REPORTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(UserFactory())
    response = client.get(REPORTS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_superuser_opens_the_reports(admin_client):
    assert admin_client.get(REPORTS).status_code == 200
