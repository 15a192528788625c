"""The Gold Card's certificate (spec: pickup and certificates): issued when the card is
ready, bilingual, with the case's language first. Applicants abroad get the overseas
approval certificate (境外核准證明), with which they enter Taiwan and collect the card within
30 days of entry; applicants in Taiwan get the approval notice naming their pickup station.
Both are stored privately, listed in the download area and e-mailed once."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from goldcard.models import GoldCardCase
from goldcard.models.case import PICKUP_DAYS_AFTER_ENTRY
from payments.receipts import languages_for
from portal.forms.people import document_number
from portal.notify.emails import render_email
from portal.pdf.issuing import issue_pdf
from portal.pdf.models import IssuedKind, IssuedPdf
from portal.reference.models import Nationality

TEMPLATE = "goldcard/certificate_pdf.html"


def certificate_key(case) -> str:
    return f"goldcard:certificate:{case.pk}"


def certificate_context(case: GoldCardCase) -> dict:
    answers = case.flat_answers()
    return {
        "languages": languages_for(case.language),
        "language": case.language,
        "overseas": not case.applies_from_taiwan,
        "number": case.number,
        # The name as the case records it (describe_applicant: the English name in capitals,
        # as in the passport), the same words the receipt prints; the Chinese name, where
        # given, is its own field, as on the card.
        "name": case.applicant_name or case.describe_applicant(),
        "chinese_name": answers.get("chinese_name", ""),
        "date_of_birth": _date(answers.get("date_of_birth")),
        "nationality": Nationality.objects.filter(code=answers.get("nationality", "")).first(),
        "passport_number": document_number(answers.get("passport_number")),
        "valid_from": case.card_valid_from,
        "valid_until": case.card_valid_until,
        "term_years": case.term_years,
        "station": case.pickup_station,
        "pickup_days": PICKUP_DAYS_AFTER_ENTRY,
        "issued_at": timezone.now(),
    }


def _date(value) -> datetime.date | str:
    """An answer kept as an ISO date, as a date (printed in the document's date form); an
    unreadable one as it was typed."""
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return str(value or "")


def certificate_title(case) -> str:
    with override(case.language):
        if case.applies_from_taiwan:
            return gettext("Gold Card approval notice %(number)s") % {"number": case.number}
        return gettext("Overseas approval certificate %(number)s") % {"number": case.number}


def issue_certificate(case: GoldCardCase) -> IssuedPdf:
    return issue_pdf(
        key=certificate_key(case),
        kind=IssuedKind.CERTIFICATE,
        title=certificate_title(case),
        template_name=TEMPLATE,
        context=certificate_context(case),
        language=case.language,
        reference=case.number,
        owner=case.owner,
        organisation=case.filer_organisation,
        case=case,
    )


def send_certificate_once(case_id: int) -> str:
    """E-mail the certificate to the applicant and filer exactly once (row locked from the
    check to the commit of `certificate_emailed_at`)."""
    with transaction.atomic():
        case = (
            GoldCardCase.objects.select_for_update(skip_locked=True)
            .filter(pk=case_id, certificate_emailed_at__isnull=True)
            .first()
        )
        if case is None:
            return "already sent or being sent"
        certificate = IssuedPdf.objects.get(key=certificate_key(case))
        for person in case.contacts():
            message = render_email(
                "goldcard_certificate",
                {
                    "case": case,
                    "recipient": person,
                    "overseas": not case.applies_from_taiwan,
                    "pickup_days": PICKUP_DAYS_AFTER_ENTRY,
                    "case_url": settings.SITE_URL
                    + reverse("cases:detail", args=[case.workflow.slug, case.pk]),
                },
                person.language,
                [person.email],
            )
            with certificate.file.open("rb") as handle:
                message.attach(certificate.filename, handle.read(), "application/pdf")
            message.send(fail_silently=False)
        case.certificate_emailed_at = timezone.now()
        case.save(update_fields=["certificate_emailed_at"])
    return "sent"
