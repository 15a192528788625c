"""Admin pages that are not one model's: the overview of a reviewer's queues, and reports."""

from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.cases import registry, reports

from .queryset import agency_of, queue_for, supplement_states


def queues(request):
    """Every queue of the reviewer's agency with its size and its oldest case."""
    agency = agency_of(request.user)
    rows = []
    for model in registry.models():
        opts = model._meta
        if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        queue = queue_for(model, request.user)
        counts = reports.queue_counts(queue)
        stages = model.workflow.stages if agency is None else model.workflow.stages_of(agency)
        now = timezone.now()
        for stage in stages:
            count, oldest = counts.get(stage.state, (0, None))
            rows.append(
                {
                    "workflow": model.workflow.name,
                    "stage": stage.label,
                    "count": count,
                    "oldest_days": (now - oldest).days if oldest else None,
                    "url": f"{changelist}?stage={stage.state}",
                }
            )
        waiting = sum(counts.get(state, (0, None))[0] for state in supplement_states(model))
        rows.append(
            {
                "workflow": model.workflow.name,
                "stage": _("Waiting for a supplement"),
                "count": waiting,
                "oldest_days": None,
                "url": f"{changelist}?stage=supplement",
            }
        )
    context = {**admin.site.each_context(request), "title": _("Review queues"), "rows": rows}
    return TemplateResponse(request, "admin/cases/queues.html", context)


@permission_required("cases.view_case_reports", raise_exception=True)
def case_reports(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Case reports"),
        "report": reports.build(weeks=12),
    }
    return TemplateResponse(request, "admin/cases/reports.html", context)
