"""Old links to the Gold Card's terms of use. The eligibility questions and the terms are
one gate before the tabs now, served by the engine (portal.cases.views.gates; the Gold Card
routes it under its own prefix in goldcard/urls.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from goldcard.models import GoldCardCase
from portal.cases.access import case_for_party


@login_required
def terms(request, pk):
    """The terms of use are accepted with the questions now; old links land there."""
    case = case_for_party(request.user, GoldCardCase.workflow.slug, pk)
    if not case.is_draft:
        raise Http404
    return redirect("goldcard:eligibility", case.pk)
