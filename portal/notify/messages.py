"""The e-mail for a case notice, rendered in the case's language from its templates."""

from django.conf import settings
from django.urls import reverse

from portal.notify.emails import render_email


def case_url(case) -> str:
    return settings.SITE_URL + reverse("cases:detail", args=[case.workflow.slug, case.pk])


def notice_context(notice) -> dict:
    from portal.cases.models import SupplementRequest

    case = notice.case
    event = notice.case_event
    context = {
        "case": case,
        "workflow_name": case.workflow.name,
        "recipient": notice.recipient,
        "event": event,
        "reason": event.reason if event else "",
        "case_url": case_url(case),
    }
    supplement_id = (event.data or {}).get("supplement_id") if event else None
    if supplement_id:
        request = SupplementRequest.objects.prefetch_related("items").get(pk=supplement_id)
        context["supplement"] = request
    return context


def build_case_message(notice):
    return render_email(
        f"case_{notice.event}", notice_context(notice), notice.language, [notice.email]
    )
