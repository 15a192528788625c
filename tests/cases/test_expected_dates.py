"""Each stage has a target in working days (declared, seeded into a table the admin edits);
the case page shows when the current stage and the whole case are expected to end, and the
reports show the targets beside the measured medians."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.cases import reports
from portal.cases.models import StageTarget
from portal.cases.targets import expected_dates, target_days
from portal.reference.workdays import add_working_days
from tests.factories import SampleCaseFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=datetime.UTC)


def test_migrate_seeds_a_row_per_declared_target():
    rows = set(StageTarget.objects.values_list("workflow", "state", "working_days"))
    assert {("sample", "nia_review", 5), ("sample", "wda_review", 10)} <= rows
    assert ("goldcard", "nia_initial_review", 3) in rows
    assert not StageTarget.objects.filter(workflow="goldcard", state="ready_for_pickup").exists()


def test_the_stage_and_the_case_are_expected_from_the_targets():
    case = SampleCaseFactory(submitted=True, state_entered_at=MONDAY)

    stage_end, case_end = expected_dates(case)

    assert stage_end == add_working_days(MONDAY.date(), 5)
    # NIA (current) then WDA, 10 more; card production and pickup declare no target.
    assert case_end == add_working_days(stage_end, 10)


def test_an_admin_change_of_a_target_is_read_at_once():
    case = SampleCaseFactory(submitted=True, state_entered_at=MONDAY)
    row = StageTarget.objects.get(workflow="sample", state="nia_review")
    row.working_days = 2
    row.save()

    assert target_days(case.workflow, "nia_review") == 2
    assert expected_dates(case)[0] == add_working_days(MONDAY.date(), 2)


@pytest.mark.parametrize("state", ["supplement_requested", "payment_due", "withdrawn"])
def test_a_case_with_its_applicant_or_closed_has_no_expected_date(state):
    closed = timezone.now() if state == "withdrawn" else None
    case = SampleCaseFactory(submitted=True, state=state, closed_at=closed)

    assert expected_dates(case) == (None, None)


def test_the_case_page_shows_both_dates(client):
    owner = UserFactory(language="en")
    case = SampleCaseFactory(owner=owner, submitted=True, state_entered_at=MONDAY)
    stage_end, case_end = expected_dates(case)
    client.force_login(owner)

    html = client.get(reverse("cases:detail", args=["sample", case.pk])).content.decode()

    assert "This stage expected to end by" in html
    assert date_format(stage_end) in html and date_format(case_end) in html


def test_the_reports_show_each_target_beside_the_medians():
    report = next(r for r in reports.build() if r.name == "Sample permit")

    targets = {row.label: row.target_working_days for row in report.stages}
    assert targets["NIA review"] == 5 and targets["Pickup"] is None


def test_an_administrator_edits_targets_in_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True, language="en")
    client.force_login(admin)
    url = reverse("admin:cases_stagetarget_changelist")

    page = client.get(url)

    assert page.status_code == 200 and "target in working days" in page.content.decode().lower()
    assert client.get(reverse("admin:cases_stagetarget_add")).status_code == 403
