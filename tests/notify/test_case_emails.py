"""The case e-mails: every event's templates render in English and in Chinese, as a subject, a
plain-text body and an HTML alternative, each naming the case number and linking to the case;
the rejection carries the reason and the supplement request its items and deadline."""

import datetime
import re

import pytest
from django.urls import reverse

from portal.cases.models import CaseEvent, SupplementItem, SupplementRequest
from portal.notify.messages import build_case_message, case_url
from portal.notify.models import CaseNoticeEvent, Notice
from tests.factories import SampleCaseFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hant"]
EVENTS = list(CaseNoticeEvent.values)
SITE = "https://permits.example.tw"
DEADLINE = datetime.date(2030, 6, 30)
REASON = "The passport copy is unreadable."
ITEMS = ["Upload a sharper photo.", "Correct the passport number."]

ENGLISH_SUBJECTS = {
    "submitted": "Submission received: {number}",
    "submitted_unpaid": "Submission received, fee due: {number}",
    "supplement_requested": "Supplement requested: {number}",
    "payment_due": "Payment due: {number}",
    "paid": "Payment received: {number}",
    "approved": "Application approved: {number}",
    "rejected": "Application rejected: {number}",
    "ready_for_pickup": "Ready for pickup: {number}",
    "withdrawn": "Application withdrawn: {number}",
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def reviewer(db):
    return UserFactory(email="nia@example.gov.tw", reviewer=True, agency="NIA")


def make_notice(event, language, reviewer, *, applicant_name="Nguyen Van An", full_name="An"):
    owner = UserFactory(email=f"{event}-{language}@example.com", full_name=full_name)
    case = SampleCaseFactory(
        owner=owner, submitted=True, language=language, applicant_name=applicant_name
    )
    data, reason = {}, ""
    if event == "rejected":
        reason = REASON
    if event == "supplement_requested":
        request = SupplementRequest(
            requested_by=reviewer,
            return_state="nia_review",
            agency="NIA",
            deadline=DEADLINE,
            message="Thank you.",
        )
        request.link_to(case)
        request.save()
        for text in ITEMS:
            SupplementItem.objects.create(request=request, target_kind="other", reason=text)
        data = {"supplement_id": request.pk, "deadline": DEADLINE.isoformat()}
    case_event = CaseEvent(
        action=event,
        actor=reviewer,
        from_state="nia_review",
        to_state="x",
        reason=reason,
        data=data,
    )
    case_event.link_to(case)
    case_event.save()
    notice = Notice(
        event=event,
        key=f"{event}:{case_event.pk}:{owner.pk}",
        case_event=case_event,
        recipient=owner,
        email=owner.email,
        language=language,
    )
    notice.link_to(case)
    notice.save()
    return notice


def parts(message):
    """(text, html) of a rendered message; the HTML is the only alternative."""
    assert len(message.alternatives) == 1
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event", EVENTS)
def test_every_event_renders_in_both_languages(event, language, reviewer):
    notice = make_notice(event, language, reviewer)
    case = notice.case
    url = f"{SITE}{reverse('cases:detail', args=['sample', case.pk])}"

    message = build_case_message(notice)
    text, html = parts(message)

    assert message.to == [notice.email]
    assert message.subject.strip() and "\n" not in message.subject
    assert case.number in message.subject
    assert case.number in text and case.number in html
    assert url in text
    assert f'href="{url}"' in html
    assert case_url(case) == url
    assert "Sample permit" in text and "Nguyen Van An" in text
    assert "{%" not in text + html and "{{" not in text + html  # no template left over
    assert html.lstrip().startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


@pytest.mark.parametrize("event", EVENTS)
def test_english_subjects(event, reviewer):
    notice = make_notice(event, "en", reviewer)

    message = build_case_message(notice)

    assert message.subject == ENGLISH_SUBJECTS[event].format(number=notice.case.number)


def test_chinese_is_rendered_under_zh_hant(reviewer):
    message = build_case_message(make_notice("submitted", "zh-hant", reviewer, full_name="阮文安"))
    text, html = parts(message)

    assert "阮文安 您好" in text and "阮文安 您好" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_of_the_case_wins_over_the_active_one(language, reviewer):
    from django.utils import translation

    other = "zh-hant" if language == "en" else "en"
    notice = make_notice("submitted", language, reviewer)
    with translation.override(language):
        expected = build_case_message(notice)

    with translation.override(other):
        message = build_case_message(notice)
        assert translation.get_language() == other  # and the active one is left alone

    assert (message.subject, message.body) == (expected.subject, expected.body)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rejection_carries_the_reason(language, reviewer):
    text, html = parts(build_case_message(make_notice("rejected", language, reviewer)))

    assert REASON in text
    assert REASON in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_supplement_request_lists_the_items_and_the_deadline(language, reviewer):
    text, html = parts(build_case_message(make_notice("supplement_requested", language, reviewer)))

    for item in ITEMS:
        assert f"- {item}" in text
        assert f"<li>{item}</li>" in html
    deadline = {"en": "30 June 2030", "zh-hant": "2030/06/30"}[language]  # portal/formats
    assert deadline in text and deadline in html
    assert "Thank you." in text and "Thank you." in html


def test_html_escapes_what_people_typed(reviewer):
    notice = make_notice("rejected", "en", reviewer, applicant_name="<b>Bold</b>")
    notice.case_event.reason = '<script>alert("x")</script>'
    notice.case_event.save()

    _text, html = parts(build_case_message(notice))

    assert "<script>" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_html_declares_the_language_of_the_message(language, reviewer):
    _text, html = parts(build_case_message(make_notice("approved", language, reviewer)))

    declared = re.search(r'<html lang="([^"]+)"', html)[1]
    assert declared == {"en": "en", "zh-hant": "zh-Hant-TW"}[language]


def test_plain_text_is_not_html_escaped(reviewer):
    notice = make_notice(
        "rejected", "en", reviewer, applicant_name="Anne O'Neil", full_name="Anne O'Neil"
    )
    notice.case_event.reason = "Photo & passport don't match (< 6 months old)."
    notice.case_event.save()

    text, _html = parts(build_case_message(notice))

    assert "Hello Anne O'Neil," in text
    assert "Photo & passport don't match (< 6 months old)." in text
