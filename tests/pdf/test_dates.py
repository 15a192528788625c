"""One written form of a date per language, the same on a page, in an e-mail and in a PDF
(portal/formats): 2026/12/02 in Traditional Chinese, 2 December 2026 in English."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.cases.services import SupplementAsk, perform_action
from portal.pdf.rendering import render_pdf
from tests.factories import SampleCaseFactory, UserFactory
from tests.pdf import pdf_reading
from tests.pdf.samples import latin_receipt

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
DAY = datetime.date(2026, 12, 2)
MOMENT = datetime.datetime(2026, 12, 2, 14, 5, tzinfo=TAIPEI)
WRITTEN = {"zh-hant": "2026/12/02", "en": "2 December 2026"}
WRITTEN_WITH_TIME = {"zh-hant": "2026/12/02 14:05", "en": "2 December 2026, 14:05"}
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_the_formats_are_one_per_language(language):
    with translation.override(language):
        assert date_format(DAY) == WRITTEN[language]
        assert date_format(DAY, "SHORT_DATE_FORMAT") == WRITTEN[language]
        assert date_format(MOMENT, "DATETIME_FORMAT") == WRITTEN_WITH_TIME[language]
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == WRITTEN_WITH_TIME[language]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_a_date_reads_the_same_on_the_page_in_the_email_and_in_the_pdf(
    client, language, django_capture_on_commit_callbacks, mailoutbox
):
    """A supplement request's deadline on the case page and in its e-mail, and a payment
    date on a receipt, all in the reader's language (the account's, the case's)."""
    applicant = UserFactory(email="reader@example.com", language=language)
    case = SampleCaseFactory(owner=applicant, submitted=True, language=language)
    reviewer = UserFactory(reviewer=True, agency="NIA")
    with django_capture_on_commit_callbacks(execute=True):
        perform_action(
            case,
            reviewer,
            "request_supplement",
            reason="Please fix",
            supplement=SupplementAsk(
                items=[("document", "photo", "The photo is blurred.")], deadline=DAY
            ),
        )
    client.force_login(applicant)

    page = client.get(reverse("cases:detail", args=[case.workflow.slug, case.pk]))
    [email] = [m for m in mailoutbox if m.to == [applicant.email]]
    receipt = {**latin_receipt(), "languages": [language], "language": language}
    receipt["paid_at"] = receipt["issued_at"] = MOMENT
    pdf = pdf_reading.text(render_pdf("payments/receipt.html", receipt, language=language))

    written = WRITTEN[language]
    on_page = page.content.decode()
    assert f'<time datetime="2026-12-02">{written}</time>' in on_page  # machine form kept
    assert written in email.body
    assert written in email.alternatives[0][0]
    assert pdf.count(written) == 2  # paid and issued
    other = WRITTEN["en" if language == "zh-hant" else "zh-hant"]
    for text in (re.sub(r'datetime="[^"]*"', "", on_page), email.body, pdf):
        assert other not in text
        assert "2026-12-02" not in text


@pytest.mark.django_db
def test_a_datetime_on_a_page_is_written_in_local_time(client):
    """Stored in UTC, read in Taipei: 06:05 UTC is 14:05 on the page."""
    from portal.pdf.models import IssuedKind, IssuedPdf

    owner = UserFactory(language="en")
    issued = IssuedPdf.objects.create(
        key="dates:test",
        kind=IssuedKind.RECEIPT,
        title="A receipt",
        reference="P1",
        owner=owner,
        language="en",
        size=1,
        sha256="0" * 64,
    )
    IssuedPdf.objects.filter(pk=issued.pk).update(created_at=MOMENT.astimezone(datetime.UTC))
    client.force_login(owner)

    html = client.get(reverse("pdf:downloads")).content.decode()

    assert WRITTEN_WITH_TIME["en"] in html
    assert timezone.is_aware(MOMENT)


def test_no_template_writes_a_date_in_a_form_of_its_own():
    """Dates shown to people go through the named formats. Machine forms stay allowed in
    single quotes, where they belong: ISO dates in `datetime` attributes, date inputs and
    URLs (`|date:'c'`, `|date:'Y-m-d'`), and cache keys (`|date:'U.u'`)."""
    named = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"}
    named |= {"TIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "U.u"}
    found = []
    for path in sorted((ROOT / "templates").rglob("*.*")):
        if path.suffix not in (".html", ".txt"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for form in re.findall(r'\|date:"([^"]*)"', line):
                if form not in named:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {form}")
    assert found == []
