"""Certificates declared by a workflow and issued by the engine, and the one send-once path
receipts and certificates share: the declaration and its check, the move that queues the
task after the commit, the task's guards, the PDF in the case's language with its code and
QR code, each e-mail in its contact's language, sent once per person however often the task
runs, retried per person after a mail failure, the sweeper, and the documents listed on a
case's page without the engine knowing how payments keys a receipt."""

import dataclasses
import datetime
from types import SimpleNamespace

import pytest
import segno
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from goldcard.models import GoldCardCase
from goldcard.models.case import WORKFLOW
from payments import services as payment_services
from portal.cases import checks, selectors
from portal.cases.models import CaseEvent
from portal.cases.parties import Contact
from portal.cases.services import SupplementAsk, perform_action
from portal.pdf import rendering
from portal.pdf.certificates import certificate_key
from portal.pdf.delivery import NOTHING_TO_SEND, SENT, send_once
from portal.pdf.models import IssuedKind, IssuedPdf
from portal.pdf.tasks import issue_certificate_task, issue_missing_certificates
from portal.pdf.verification import initials
from tests.factories import MembershipFactory, SampleCaseFactory, UserFactory
from tests.goldcard.conftest import attach_documents, goldcard_answers
from tests.pdf import pdf_reading

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fee_schedule", "private_media")]

WORKER = "worker@example.com"


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


@pytest.fixture
def gold_card(reference_data):
    """make(...) -> a Gold Card at NIA's final review, filed by an employer's clerk for a
    worker reached at WORKER (the clerk and the worker are both contacts)."""
    from goldcard.reference_data import ensure_reference_data

    ensure_reference_data()

    def make(*, language="zh-hant", in_taiwan=False, clerk_language="zh-hant"):
        clerk = MembershipFactory(user__email="hr@example.com", user__language=clerk_language).user
        case = GoldCardCase.objects.create(
            owner=clerk,
            filer=clerk,
            filer_organisation=clerk.memberships.get().organisation,
            language=language,
            answers=goldcard_answers(in_taiwan=in_taiwan, basic={"email": WORKER}),
        )
        attach_documents(case, clerk)
        reviewers = {a: UserFactory(reviewer=True, agency=a) for a in ("NIA", "WDA", "MOFA")}
        perform_action(case, clerk, "submit")
        perform_action(case, None, "confirm_payment")
        perform_action(case, reviewers["NIA"], "send_to_wda")
        if in_taiwan:
            perform_action(case, reviewers["WDA"], "approve_work_permit_no_verification")
        else:
            perform_action(case, reviewers["WDA"], "approve_work_permit")
            perform_action(case, reviewers["MOFA"], "passport_verified")
        case.nia = reviewers["NIA"]
        return case

    return make


def approve(case, capture, *, execute=True):
    with capture(execute=execute) as callbacks:
        perform_action(case, case.nia, "approve")
    case.refresh_from_db()
    return callbacks


def certificate_mails(outbox):
    return [m for m in outbox if m.attachments]


def case_type_id(case):
    return ContentType.objects.get_for_model(case, for_concrete_model=False).pk


# --- the declaration ------------------------------------------------------------------------


def test_the_gold_card_declares_its_certificates_on_the_approval():
    codes = {c.code: c for c in WORKFLOW.certificates}

    assert set(codes) == {"overseas_approval", "approval_notice"}
    for certificate in codes.values():
        assert certificate.on == "approve"
        assert (certificate.valid_from, certificate.valid_until) == (
            "card_valid_from",
            "card_valid_until",
        )
        assert certificate.context_function.__name__ == "certificate_context"
    assert checks.check_certificates(GoldCardCase) == []
    assert WORKFLOW.certificate("overseas_approval") is codes["overseas_approval"]
    assert WORKFLOW.certificate("nope") is None


def test_the_check_refuses_a_broken_declaration(monkeypatch):
    good = WORKFLOW.certificates[0]
    broken = (
        dataclasses.replace(good, code="Bad Code!", on="no_such_move"),
        dataclasses.replace(good, code="twice", template="goldcard/missing_pdf.html"),
        dataclasses.replace(good, code="twice", email="no_such_mail"),
        dataclasses.replace(good, code="ctx", context="goldcard.certificates.no_such_function"),
        dataclasses.replace(good, code="dates", valid_from="term_years", valid_until="nope"),
    )
    monkeypatch.setattr(
        GoldCardCase, "workflow", dataclasses.replace(WORKFLOW, certificates=broken)
    )

    messages = [error.msg for error in checks.check_certificates(GoldCardCase)]

    assert {error.id for error in checks.check_certificates(GoldCardCase)} == {"cases.E009"}
    assert any("'Bad Code!'" in m and "must be unique" in m for m in messages)
    assert any("'no_such_move' is not a move" in m for m in messages)
    assert any("no template goldcard/missing_pdf.html" in m for m in messages)
    assert any("certificate 'twice': the code must be unique" in m for m in messages)
    assert any("no template emails/no_such_mail/subject.txt" in m for m in messages)
    assert any("certificate 'ctx'" in m and "no_such_function" in m for m in messages)
    assert any("'term_years' is not a date field" in m for m in messages)
    assert any("'nope' is not a date field" in m for m in messages)


# --- the move queues one task, after the commit ---------------------------------------------


def test_the_approval_queues_the_certificate_after_the_commit_and_renders_nothing_before(
    gold_card, django_capture_on_commit_callbacks, mailoutbox
):
    case = gold_card()

    callbacks = approve(case, django_capture_on_commit_callbacks, execute=False)

    assert not IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE).exists()
    issuing = [c for c in callbacks if getattr(c, "args", ())[:1] == (issue_certificate_task,)]
    assert [c.args[1:] for c in issuing] == [(case_type_id(case), case.pk, "overseas_approval")]
    for callback in callbacks:
        callback()
    [issued] = IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE)
    assert issued.key == certificate_key(case, WORKFLOW.certificate("overseas_approval"))


def test_other_moves_issue_nothing(gold_card, django_capture_on_commit_callbacks):
    case = gold_card()
    with django_capture_on_commit_callbacks(execute=True):
        perform_action(
            case,
            case.nia,
            "request_supplement",
            reason="Blurry photo",
            supplement=SupplementAsk(items=[("document", "photo", "A sharper photo")]),
        )

    assert not IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE).exists()


def test_the_overseas_certificate_is_in_the_case_language_with_its_term_code_and_qr(
    gold_card, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    html_to_pdf = rendering.html_to_pdf
    monkeypatch.setattr(
        rendering, "html_to_pdf", lambda html: rendered.append(html) or html_to_pdf(html)
    )
    case = gold_card(language="en")

    approve(case, django_capture_on_commit_callbacks)

    issued = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE)
    assert issued.document == "overseas_approval"
    assert issued.language == "en"
    assert issued.title == f"Overseas approval certificate {case.number}"
    assert (issued.valid_from, issued.valid_until) == (case.card_valid_from, case.card_valid_until)
    assert issued.holder_initials == "D. J. M."
    assert issued.case_id == case.pk and issued.owner == case.owner
    assert issued.validity() == "valid"
    assert issued.verification_url.endswith(
        reverse("verify:document", args=[issued.verification_code])
    )
    [html] = rendered
    qr = segno.make(issued.verification_url, error="m").svg_inline(
        omitsize=True, border=2, title="QR", dark="#000", light="#fff"
    )
    assert qr in html  # the QR code of exactly this document's page
    assert issued.display_code in html
    with issued.file.open("rb") as handle:
        text = pdf_reading.text(handle.read())
    assert issued.display_code in text
    assert text.index("Overseas approval certificate") < text.index("境外核准證明")
    assert "DOE JANE MARY" in text


def test_an_applicant_in_taiwan_gets_the_approval_notice_in_chinese(
    gold_card, django_capture_on_commit_callbacks, mailoutbox
):
    case = gold_card(language="zh-hant", in_taiwan=True)

    approve(case, django_capture_on_commit_callbacks)

    [issued] = IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE)
    assert issued.document == "approval_notice"
    assert issued.title == f"就業金卡核准通知 {case.number}"
    with issued.file.open("rb") as handle:
        text = pdf_reading.text(handle.read())
    assert text.index("就業金卡核准通知") < text.index("Gold Card approval notice")


def test_each_contact_gets_it_once_in_their_own_language(
    gold_card, django_capture_on_commit_callbacks, mailoutbox
):
    worker = UserFactory(email=WORKER, language="en")
    case = gold_card(language="zh-hant", clerk_language="zh-hant")

    approve(case, django_capture_on_commit_callbacks)

    issued = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE)
    assert issued.language == "zh-hant"  # the PDF in the case's language...
    mails = {m.to[0]: m for m in certificate_mails(mailoutbox)}
    assert set(mails) == {"hr@example.com", WORKER}
    # ... each e-mail in its reader's.
    assert mails[WORKER].subject == f"Your overseas approval certificate: {case.number}"
    assert "境外核准證明" in mails["hr@example.com"].subject
    for message in mails.values():
        assert issued.display_code in message.body
        [(filename, content, mimetype)] = message.attachments
        assert mimetype == "application/pdf" and content.startswith(b"%PDF-")
        assert filename == f"certificate-{case.number}.pdf"
    deliveries = {d.email: d for d in issued.deliveries.all()}
    assert deliveries[WORKER].recipient == worker and deliveries[WORKER].language == "en"
    assert deliveries["hr@example.com"].language == "zh-hant"
    assert all(d.sent_at for d in deliveries.values())


# --- once, however often --------------------------------------------------------------------


def test_running_the_task_again_sends_nothing(
    gold_card, django_capture_on_commit_callbacks, mailoutbox
):
    case = gold_card()
    approve(case, django_capture_on_commit_callbacks)
    sent = len(certificate_mails(mailoutbox))

    again = issue_certificate_task.delay(case_type_id(case), case.pk, "overseas_approval").get()
    once_more = issue_certificate_task.apply(
        args=[case_type_id(case), case.pk, "overseas_approval"]
    ).get()

    assert sent == 2  # the clerk and the worker's address
    assert again == once_more == NOTHING_TO_SEND
    assert len(certificate_mails(mailoutbox)) == sent
    assert IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE).count() == 1


def test_send_once_twice_is_one_email():
    payer = UserFactory(email="payer@example.com", language="en")
    issued = IssuedPdf.objects.create(
        key="test:once", kind=IssuedKind.RECEIPT, title="T", language="en", size=1, sha256="0"
    )
    issued.file.save("x.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    contact = Contact(payer.email, payer.language, payer.full_name, payer)
    order = SimpleNamespace(batch_number="P115120200042", total=3700)
    context = {"order": order, "lines": [], "order_url": "u", "downloads_url": "d"}

    first = send_once(issued, [contact], email="order_paid", context=context)
    second = send_once(issued, [contact, contact], email="order_paid", context=context)

    assert (first, second) == (SENT, NOTHING_TO_SEND)
    assert len(mail.outbox) == 1
    assert issued.deliveries.count() == 1


class FailsFor(EmailBackend):
    """Refuses mail to one address (a full mailbox, a server that hangs up)."""

    refused = WORKER

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise OSError("421 try again later")
        return super().send_messages(messages)


def test_a_mail_failure_is_retried_for_that_person_only(
    gold_card, django_capture_on_commit_callbacks, settings
):
    case = gold_card()
    settings.EMAIL_BACKEND = f"{__name__}.FailsFor"

    # The task fails (and would be retried by Celery; here, eager, it is logged).
    approve(case, django_capture_on_commit_callbacks)

    issued = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE)
    failed = issued.deliveries.get(email=WORKER)
    assert failed.sent_at is None and failed.attempts == 1 and "421" in failed.last_error
    assert issued.deliveries.get(email="hr@example.com").sent_at is not None
    assert [m.to for m in mail.outbox] == [["hr@example.com"]]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = issue_certificate_task.delay(case_type_id(case), case.pk, "overseas_approval").get()

    assert result == SENT
    assert [m.to for m in mail.outbox] == [["hr@example.com"], [WORKER]]
    assert IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE).count() == 1


# --- the task's guards ----------------------------------------------------------------------


def test_the_task_issues_nothing_before_the_move_or_when_the_certificate_does_not_apply(
    gold_card, django_capture_on_commit_callbacks
):
    case = gold_card()
    ct = case_type_id(case)

    assert issue_certificate_task.delay(ct, case.pk, "overseas_approval").get() == "not moved"
    approve(case, django_capture_on_commit_callbacks, execute=False)
    assert issue_certificate_task.delay(ct, case.pk, "approval_notice").get() == "does not apply"
    assert issue_certificate_task.delay(ct, case.pk, "forged").get() == (
        "not a declared certificate"
    )
    user_type = ContentType.objects.get(app_label="accounts", model="user").pk
    assert issue_certificate_task.delay(user_type, case.owner_id, "overseas_approval").get() == (
        "not a declared certificate"
    )
    assert not IssuedPdf.objects.exists()


def test_the_sweeper_issues_a_certificate_whose_task_was_lost(
    gold_card, django_capture_on_commit_callbacks, mailoutbox
):
    case = gold_card()
    approve(case, django_capture_on_commit_callbacks, execute=False)  # the broker was down

    assert issue_missing_certificates() == 0  # too recent: its own task may be on the way
    CaseEvent.objects.for_case(case).filter(action="approve").update(
        at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert issue_missing_certificates() == 1

    assert IssuedPdf.objects.filter(kind=IssuedKind.CERTIFICATE).count() == 1
    assert len(certificate_mails(mailoutbox)) == 2
    assert issue_missing_certificates() == 0  # issued and delivered: nothing left


# --- listed on the case page ----------------------------------------------------------------


def test_a_receipt_is_listed_on_every_case_its_order_paid_and_no_other(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from tests.payments.conftest import post_callback, simulated_message, start_attempt

    payer = UserFactory(language="en")
    paid = [SampleCaseFactory(owner=payer, payment_due=True) for _ in range(2)]
    other = SampleCaseFactory(owner=payer, payment_due=True)
    order = payment_services.build_order(payer, paid)
    with django_capture_on_commit_callbacks(execute=True):
        post_callback(client, simulated_message(start_attempt(order)))

    receipt = IssuedPdf.objects.get(kind=IssuedKind.RECEIPT)
    for case in paid:
        with django_assert_max_num_queries(2):  # the content type, then the list
            assert selectors.issued_pdfs(case) == [receipt]
    assert selectors.issued_pdfs(other) == []
    assert receipt.holder_initials == initials(order.payer_name) != ""
    assert not receipt.case_id  # listed on the cases, but about none: only its payer's


# --- verified, revoked ----------------------------------------------------------------------


def test_the_page_names_a_real_certificate_by_its_declaration_in_each_language(
    gold_card, django_capture_on_commit_callbacks, client, settings
):
    case = gold_card()
    approve(case, django_capture_on_commit_callbacks)
    issued = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE)
    url = reverse("verify:document", args=[issued.verification_code])

    pages = {}
    for language in ("en", "zh-hant"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        pages[language] = client.get(url).content.decode()

    assert "Overseas approval certificate" in pages["en"]
    assert "境外核准證明" in pages["zh-hant"]
    for html in pages.values():
        assert 'data-result="valid"' in html
        assert "D. J. M." in html
        assert case.number not in html and "DOE" not in html and WORKER not in html


def test_staff_revoke_a_document_for_good_and_the_page_says_so(
    gold_card, django_capture_on_commit_callbacks, client, admin_client
):
    case = gold_card()
    approve(case, django_capture_on_commit_callbacks)
    issued = IssuedPdf.objects.get(kind=IssuedKind.CERTIFICATE)
    change = reverse("admin:pdf_issuedpdf_change", args=[issued.pk])

    found = admin_client.get(
        reverse("admin:pdf_issuedpdf_changelist"), {"q": issued.verification_code}
    )
    response = admin_client.post(change, revoking(issued, "Issued to the wrong person"))

    assert issued.title in found.content.decode()
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    assert issued.validity() == "revoked"
    page = client.get(reverse("verify:document", args=[issued.verification_code]))
    assert 'data-result="revoked"' in page.content.decode()
    assert "wrong person" not in page.content.decode()
    # Revoked for good: the reason can no longer be changed, nor the revocation undone.
    admin_client.post(change, revoking(issued, ""))
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revocation_reason == (
        "Issued to the wrong person"
    )


def revoking(issued, reason):
    """The change form as the admin posts it: the reason and the deliveries' inline rows."""
    deliveries = list(issued.deliveries.order_by("pk"))
    data = {
        "revocation_reason": reason,
        "deliveries-TOTAL_FORMS": str(len(deliveries)),
        "deliveries-INITIAL_FORMS": str(len(deliveries)),
        "deliveries-MIN_NUM_FORMS": "0",
        "deliveries-MAX_NUM_FORMS": "1000",
    }
    for index, delivery in enumerate(deliveries):
        data[f"deliveries-{index}-id"] = str(delivery.pk)
        data[f"deliveries-{index}-issued"] = str(issued.pk)
    return data
