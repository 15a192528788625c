"""What the Gold Card's certificates print (declared in its WORKFLOW.certificates; the engine
issues them, `portal.pdf`). Bilingual, with the case's language first. Applicants abroad get
the overseas approval certificate (境外核准證明), with which they enter Taiwan and collect the
card within 30 days of entry; applicants in Taiwan get the approval notice naming their
pickup station."""

import datetime

from django.utils import timezone

from goldcard.models import GoldCardCase
from goldcard.models.case import PICKUP_DAYS_AFTER_ENTRY
from portal.forms.people import document_number
from portal.reference.models import Nationality

TEMPLATE = "goldcard/certificate_pdf.html"


def certificate_context(case: GoldCardCase) -> dict:
    answers = case.flat_answers()
    return {
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
