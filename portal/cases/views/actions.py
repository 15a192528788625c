"""Applicant-side actions (withdraw, and any other the workflow opens to the applicant):
a confirmation page, then the engine's `perform_action`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.cases.access import case_for_party
from portal.cases.actions import find_action
from portal.cases.services import ActionError, perform_action
from portal.cases.workflow import ActionKind

# Submitting and answering a supplement have their own pages with the form on them.
OWN_PAGES = {ActionKind.SUBMIT, ActionKind.ANSWER_SUPPLEMENT}


@login_required
@require_http_methods(["GET", "POST"])
def confirm_action(request, slug, pk, name):
    case = case_for_party(request.user, slug, pk)
    action = find_action(case, request.user, name)
    if action is None or action.kind in OWN_PAGES:
        raise Http404
    if request.method == "POST":
        try:
            perform_action(case, request.user, name, reason=request.POST.get("reason", ""))
        except (ActionError, PermissionDenied) as error:
            messages.error(
                request, getattr(error, "message", _("This action is no longer possible."))
            )
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
        return redirect("cases:detail", slug, pk)
    return render(request, "cases/confirm.html", {"case": case, "action": action})
