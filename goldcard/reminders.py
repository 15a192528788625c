"""The Gold Card's periodic reminder (declared in its Workflow.periodic, run daily by beat):
a holder is told, once per validity, when their card can be extended (spec goldcard.md,
services 2: only in the 4 months before it ends; an expired card needs a new application)."""

import datetime

from celery import shared_task
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from goldcard.models import GoldCardCase, Service
from goldcard.models.choices import PERMIT_KIND
from portal.cases.models import CaseEvent
from portal.cases.services import record_event
from portal.permits.models import Permit
from portal.permits.services import service_terms

REMINDED = "extension_reminder"


@shared_task(acks_late=True)
def remind_extension_window(today: str = "") -> int:
    """E-mail the parties of every card whose extension window is open and who were not yet
    told for this validity; returns how many were told. Safe to run twice (the card's row is
    locked from the check to the record)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    terms = service_terms(PERMIT_KIND, Service.EXTENSION)
    if terms is None or terms.opens_months_before_end is None:
        return 0
    horizon = day + relativedelta(months=terms.opens_months_before_end)
    permits = Permit.objects.filter(kind=PERMIT_KIND).current(day).filter(valid_until__lte=horizon)
    told = 0
    for permit in permits.iterator():
        opens, closes = terms.window(permit)
        if opens <= day <= closes and _remind_once(permit):
            told += 1
    return told


def _remind_once(permit) -> bool:
    with transaction.atomic():
        card = GoldCardCase.objects.select_for_update().filter(pk=permit.case_id).first()
        if card is None:
            return False
        until = permit.valid_until.isoformat()
        already = CaseEvent.objects.for_case(card).filter(action=REMINDED, data__valid_until=until)
        if already.exists():
            return False
        record_event(card, None, REMINDED, data={"valid_until": until}, notify="extension_open")
    return True
