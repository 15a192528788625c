"""An applicant an employer filed for is a party: every notice and the overseas approval
certificate reach them at the address the employer gave, in their own language when they have
an account (portal.cases.parties), and the employer's staff read theirs in their own."""

import pytest

from goldcard.models import GoldCardCase
from portal.cases.services import perform_action
from portal.notify.models import Notice
from tests.factories import MembershipFactory, UserFactory
from tests.goldcard.conftest import attach_documents, goldcard_answers

pytestmark = pytest.mark.django_db

WORKER = "worker@example.com"


@pytest.fixture
def employer(db):
    return MembershipFactory(user__email="hr@example.com", user__language="zh-hant").user


def filed_by(employer, *, language="zh-hant"):
    case = GoldCardCase.objects.create(
        owner=employer,
        filer=employer,
        filer_organisation=employer.memberships.get().organisation,
        language=language,
        answers=goldcard_answers(basic={"email": WORKER}),
    )
    attach_documents(case, employer)
    return case


def walk_to_approval(case, employer):
    reviewers = {a: UserFactory(reviewer=True, agency=a) for a in ("NIA", "WDA", "MOFA")}
    perform_action(case, employer, "submit")
    perform_action(case, None, "confirm_payment")
    perform_action(case, reviewers["NIA"], "send_to_wda")
    perform_action(case, reviewers["WDA"], "approve_work_permit")
    perform_action(case, reviewers["MOFA"], "passport_verified")
    # The engine issues and mails the declared certificate once the approval commits.
    perform_action(case, reviewers["NIA"], "approve")


def sent_to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def test_the_applicant_with_an_account_gets_every_notice_and_the_certificate_in_english(
    employer,
    reference_data,
    fee_schedule,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    worker = UserFactory(email=WORKER, language="en")
    case = filed_by(employer, language="zh-hant")

    with django_capture_on_commit_callbacks(execute=True):
        walk_to_approval(case, employer)

    events = ["submitted_unpaid", "paid", "passport_verification"]
    for event in events:
        notice = Notice.objects.for_case(case).get(event=event, email=WORKER)
        assert (notice.recipient, notice.language) == (worker, "en")
        assert Notice.objects.for_case(case).get(event=event, email="hr@example.com").language == (
            "zh-hant"
        )
    mails = sent_to(mailoutbox, WORKER)
    subjects = [m.subject for m in mails]
    assert f"Show your passport: {case.number}" in subjects
    certificate = [m for m in mails if m.attachments]
    assert len(certificate) == 1
    assert certificate[0].subject.isascii()  # English, as the worker's account reads
    employer_mail = [m for m in sent_to(mailoutbox, "hr@example.com") if m.attachments]
    assert len(employer_mail) == 1 and not employer_mail[0].subject.isascii()
    # The worker follows the case once signed in with the address verified.
    assert GoldCardCase.objects.visible_to(worker).filter(pk=case.pk).exists()
    assert case.is_party(worker)


def test_an_applicant_without_an_account_is_written_to_in_the_case_language(
    employer, reference_data, fee_schedule, mailoutbox, django_capture_on_commit_callbacks
):
    case = filed_by(employer, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        walk_to_approval(case, employer)

    notices = Notice.objects.for_case(case).filter(email=WORKER)
    assert set(notices.values_list("event", flat=True)) == {
        "submitted_unpaid",
        "paid",
        "passport_verification",
    }
    assert set(notices.values_list("recipient", "language")) == {(None, "en")}
    mails = sent_to(mailoutbox, WORKER)
    assert len(mails) == 4 and sum(bool(m.attachments) for m in mails) == 1
    assert all("Hello" in m.body for m in mails)


def test_an_unverified_account_with_the_address_does_not_see_the_case(employer, reference_data):
    stranger = UserFactory(email=WORKER, unverified=True)
    case = filed_by(employer)
    perform_action(case, employer, "submit")

    assert not GoldCardCase.objects.visible_to(stranger).exists()
    assert not case.is_party(stranger)
