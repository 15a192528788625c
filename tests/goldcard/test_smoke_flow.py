"""The Gold Card through the engine: submit, pay, every agency, the card and its certificate."""

import pytest

from portal.cases import drafts
from portal.cases.services import SupplementAsk, perform_action
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reviewer(agency):
    from portal.cases.groups import ensure_groups  # noqa: F401 (groups exist after migrate)

    return UserFactory(reviewer=True, agency=agency)


def test_complete_draft_is_complete(complete_draft):
    case = complete_draft()
    report = drafts.completeness(case)
    assert report.complete, report.problems


@pytest.fixture
def reviewers(db):
    return {agency: UserFactory(reviewer=True, agency=agency) for agency in ("NIA", "WDA", "MOFA")}


def walk(case, applicant, reviewers, *, expect_mofa):
    perform_action(case, applicant, "submit")
    assert case.state == "payment_due" and len(case.number) == 12
    assert case.number[3:5] == "55"
    perform_action(case, None, "confirm_payment")
    assert case.state == "nia_initial_review"
    perform_action(case, reviewers["NIA"], "send_to_wda")
    perform_action(
        case,
        reviewers["WDA"],
        "request_supplement",
        reason="Salary proof unreadable",
        supplement=SupplementAsk(items=[("document", "salary_proof", "Upload a clear scan")]),
    )
    assert case.state == "supplement_requested"
    perform_action(case, applicant, "answer_supplement", note="New scan")
    assert case.state == "wda_review"
    if expect_mofa:
        perform_action(case, reviewers["WDA"], "approve_work_permit")
        assert case.state == "mofa_passport_verification"
        perform_action(case, reviewers["MOFA"], "passport_verified")
    else:
        perform_action(case, reviewers["WDA"], "approve_work_permit_no_verification")
    assert case.state == "nia_final_review"
    perform_action(case, reviewers["NIA"], "approve")
    perform_action(case, reviewers["NIA"], "card_ready")
    assert case.state == "ready_for_pickup"
    return case


def test_overseas_case_goes_through_mofa(complete_draft, applicant, reviewers, fee_schedule):
    case = walk(complete_draft(), applicant, reviewers, expect_mofa=True)
    assert case.term_years == 3
    assert (case.card_valid_until - case.card_valid_from).days in (1095, 1096)
    assert case.payment_quote().amount == 5700


def test_in_taiwan_case_skips_mofa(complete_draft, applicant, reviewers, fee_schedule):
    case = walk(complete_draft(in_taiwan=True), applicant, reviewers, expect_mofa=False)
    assert case.pickup_station is not None


def test_certificate_is_issued_and_mailed(
    complete_draft,
    applicant,
    reviewers,
    fee_schedule,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from portal.pdf.models import IssuedPdf
    from portal.pdf.tasks import issue_certificate_task

    with django_capture_on_commit_callbacks(execute=True):
        case = walk(complete_draft(), applicant, reviewers, expect_mofa=True)
    pdf = IssuedPdf.objects.get(kind="certificate")
    assert pdf.key == f"certificate:goldcard.goldcardcase:{case.pk}:overseas_approval"
    assert pdf.file.open("rb").read(5) == b"%PDF-"
    assert issue_certificate_task.delay(pdf.case_type_id, case.pk, "overseas_approval").get() != (
        "sent"
    )
    mails = [m for m in mailoutbox if m.attachments]
    assert len(mails) == 1 and mails[0].to == [applicant.email]


def test_approval_sends_one_email_the_certificate(
    complete_draft,
    applicant,
    reviewers,
    fee_schedule,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    """NIA's approval is told once: by the certificate's e-mail, with the certificate."""
    case = complete_draft()
    perform_action(case, applicant, "submit")
    perform_action(case, None, "confirm_payment")
    perform_action(case, reviewers["NIA"], "send_to_wda")
    perform_action(case, reviewers["WDA"], "approve_work_permit")
    perform_action(case, reviewers["MOFA"], "passport_verified")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_action(case, reviewers["NIA"], "approve")
    to_applicant = [m for m in mailoutbox if applicant.email in m.to]
    assert len(to_applicant) == 1
    assert to_applicant[0].attachments, "the one e-mail carries the certificate"
