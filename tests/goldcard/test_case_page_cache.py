"""The case page is cached whole (portal.cases.views.cases.page_key): a second view reads the
case and nothing else, and every change the page shows is on it at the next view. Each test
views the page (so that it is cached), changes one thing the way the portal does, and views
it again."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.cases.services import SupplementAsk, open_supplement, perform_action, record_event
from tests.factories import UserFactory
from tests.goldcard.conftest import PDF_BYTES
from tests.goldcard.test_tabs_support import sign_in, use_private_media

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    use_private_media(settings, tmp_path)


@pytest.fixture
def reviewers(db):
    return {agency: UserFactory(reviewer=True, agency=agency) for agency in ("NIA", "WDA", "MOFA")}


@pytest.fixture
def in_review(complete_draft, applicant, fee_schedule, client):
    """A paid case in NIA's initial review; its applicant signed in, in English."""
    case = complete_draft()
    perform_action(case, applicant, "submit")
    perform_action(case, None, "confirm_payment")
    sign_in(client, applicant, "en")
    return case


def page(client, case) -> str:
    response = client.get(reverse("cases:detail", args=["goldcard", case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def main(html) -> str:
    """The page's body, without the header (whose form tokens change on every response)."""
    return html[html.index('<main id="main"') :]


def test_a_second_view_reads_the_case_and_nothing_else(client, in_review):
    first = page(client, in_review)

    with CaptureQueriesContext(connection) as queries:
        again = page(client, in_review)

    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("cases_document", "cases_caseevent", "cases_supplementrequest", "pdf_"):
        assert table not in tables
    assert len(queries) <= 3, tables  # the session, the user, the case
    assert main(again) == main(first)


def test_an_upload_shows_at_once(client, in_review, applicant):
    from portal.cases.documents import store_document

    assert "a-new-scan.pdf" not in page(client, in_review)
    upload = SimpleUploadedFile("a-new-scan.pdf", PDF_BYTES)
    store_document(in_review, in_review.workflow.slot("other"), upload, user=applicant)

    assert "a-new-scan.pdf" in page(client, in_review)


def test_a_removed_document_goes_at_once(client, in_review):
    from portal.cases.documents import current_documents, remove_document

    document = current_documents(in_review)["salary_proof"]
    assert document.original_name in page(client, in_review)
    remove_document(in_review, document)

    assert document.original_name not in page(client, in_review)


def test_a_move_shows_at_once(client, in_review, reviewers):
    state = 'class="case-state">WDA work-permit review<'
    assert state not in page(client, in_review)
    perform_action(in_review, reviewers["NIA"], "send_to_wda")

    assert state in page(client, in_review)


def test_a_recorded_event_shows_at_once(client, in_review):
    assert "Note added" not in page(client, in_review)
    record_event(in_review, None, "note", reason="Checked against the passport scan.")

    html = page(client, in_review)
    assert "Note added" in html and "Checked against the passport scan." in html


def test_a_supplement_request_and_its_answer_show_at_once(client, in_review, reviewers, applicant):
    page(client, in_review)
    perform_action(
        in_review,
        reviewers["NIA"],
        "request_supplement",
        reason="The photo is too dark.",
        supplement=SupplementAsk(
            items=[("document", "photo", "A lighter photo, please.")], message="Thank you."
        ),
    )
    html = page(client, in_review)
    assert "The reviewer asked for a supplement" in html and "A lighter photo, please." in html

    perform_action(in_review, applicant, "answer_supplement", note="Here it is.")
    assert "The reviewer asked for a supplement" not in page(client, in_review)


def test_a_receipt_issued_by_its_task_shows_at_once(
    client, complete_draft, applicant, fee_schedule
):
    """Paid through the gateway; the receipt comes later, from the Celery task."""
    from payments import services
    from payments.gateways import get_gateway
    from payments.tasks import issue_receipt
    from tests.payments.conftest import simulated_message, start_attempt

    case = complete_draft()
    perform_action(case, applicant, "submit")
    order = services.build_order(applicant, [case])
    received = services.receive(
        get_gateway("simulated"), simulated_message(start_attempt(order)), source="callback"
    )
    assert received.order.is_paid
    sign_in(client, applicant, "en")
    order.refresh_from_db()
    assert order.batch_number not in page(client, case)

    issue_receipt(order.pk)

    assert f"Receipt for order {order.batch_number}" in page(client, case)


def test_a_certificate_issued_by_its_task_shows_at_once(
    client, in_review, reviewers, django_capture_on_commit_callbacks
):
    perform_action(in_review, reviewers["NIA"], "send_to_wda")
    perform_action(in_review, reviewers["WDA"], "approve_work_permit")
    perform_action(in_review, reviewers["MOFA"], "passport_verified")
    with django_capture_on_commit_callbacks() as queued:  # approved; the task not run yet
        perform_action(in_review, reviewers["NIA"], "approve")
    assert "Overseas approval certificate" not in page(client, in_review)

    for callback in queued:
        callback()  # the certificate task, as the worker runs it after the commit

    assert f"Overseas approval certificate {in_review.number}" in page(client, in_review)


def test_a_renamed_mission_shows_at_once(client, in_review, reviewers):
    from goldcard.models import OverseasMission

    perform_action(in_review, reviewers["NIA"], "send_to_wda")
    perform_action(in_review, reviewers["WDA"], "approve_work_permit")
    mission = OverseasMission.objects.get(code=in_review.answers["visa"]["mission"])
    assert mission.name_en in page(client, in_review)
    mission.name_en = "Taipei Economic and Cultural Office, new address"
    mission.save()

    assert "Taipei Economic and Cultural Office, new address" in page(client, in_review)


def test_a_changed_stage_target_shows_at_once(client, in_review):
    from portal.cases.models.targets import StageTarget
    from portal.cases.targets import expected_dates

    before = f'datetime="{expected_dates(in_review)[0].isoformat()}"'
    assert before in page(client, in_review)
    target = StageTarget.objects.get(workflow="goldcard", state=in_review.state)
    target.working_days += 10
    target.save()

    after = f'datetime="{expected_dates(in_review)[0].isoformat()}"'
    assert after != before
    assert after in page(client, in_review)


def test_each_language_has_its_own_page(client, in_review, applicant):
    assert "NIA initial review" in page(client, in_review)
    applicant.language = "zh-hant"
    applicant.save(update_fields=["language"])

    assert "NIA initial review" not in page(client, in_review)


def test_each_reader_has_their_own_page(in_review, applicant):
    from portal.cases.views.cases import page_key

    other = UserFactory()
    assert page_key(in_review, applicant) != page_key(in_review, other)


def test_a_deadline_passing_shows_the_next_day(client, in_review, reviewers, monkeypatch):
    from django.utils import timezone

    perform_action(
        in_review,
        reviewers["NIA"],
        "request_supplement",
        reason="The photo is too dark.",
        supplement=SupplementAsk(items=[("document", "photo", "A lighter photo.")]),
    )
    assert "the deadline has passed" not in page(client, in_review)
    later = open_supplement(in_review).deadline + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert "the deadline has passed" in page(client, in_review)
