"""The e-mail for a case notice, rendered in the recipient's language from its templates.

Templates are found by convention: `emails/<workflow slug>/<event>/` when the workflow has
its own wording (or its own event), else the engine's `emails/case_<event>/`."""

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
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
        "recipient": notice.recipient or _AddressOnly(case.describe_applicant()),
        "event": event,
        "reason": event.reason if event else "",
        "case_url": case_url(case),
    }
    supplement_id = (event.data or {}).get("supplement_id") if event else None
    if supplement_id:
        request = SupplementRequest.objects.prefetch_related("items").get(pk=supplement_id)
        context["supplement"] = request
    return context


class _AddressOnly:
    """The addressee without an account: named as the application names them."""

    def __init__(self, full_name):
        self.full_name = full_name


def notice_template(workflow, event: str) -> str | None:
    """The e-mail template folder (under `emails/`) for `event` of `workflow`, or None."""
    for name in (f"{workflow.slug}/{event}", f"case_{event}"):
        try:
            get_template(f"emails/{name}/subject.txt")
        except TemplateDoesNotExist:
            continue
        return name
    return None


def build_case_message(notice):
    name = notice_template(notice.case.workflow, notice.event)
    return render_email(name, notice_context(notice), notice.language, [notice.email])
