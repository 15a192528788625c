"""Starting a Gold Card application: the filing role, the eligibility questions and the terms
of use on one page (seed 004, steps 4 and 6-10), with the fees and the processing time. Only
then the six tabs open."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from goldcard.fees import fee_table, processing_days
from goldcard.forms.eligibility import EligibilityForm
from goldcard.models import GoldCardCase
from goldcard.rules import filing_role
from portal.cases import starting
from portal.cases.access import case_for_party
from portal.cases.views.drafts import resume_url

ELIGIBILITY = "eligibility"


def _draft(request, pk):
    case = case_for_party(request.user, GoldCardCase.workflow.slug, pk)
    if not case.is_draft:
        raise Http404
    return case


@login_required
def start(request):
    """New applicant (新增申請人): the questions first; the draft exists once they are
    answered (a person who turns out not to be eligible leaves no draft behind)."""
    return _eligibility(request, None)


@login_required
def eligibility(request, pk):
    return _eligibility(request, _draft(request, pk))


def _eligibility(request, case):
    role = filing_role(request.user)
    if not role:
        # A school, a reviewer or staff: say who may apply instead of a dead end.
        return render(request, "goldcard/cannot_file.html", status=403)
    stored = case.section_answers(ELIGIBILITY) if case else {}
    ask_terms = not stored.get("terms_accepted_at")
    form = EligibilityForm(request.POST or None, initial=stored or None, ask_terms=ask_terms)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("acknowledge", "accept")}
        if case is None:
            case = starting.new_draft(GoldCardCase, request.user)
        now = timezone.now().isoformat()
        case.answers = {
            **case.answers,
            ELIGIBILITY: {
                **values,
                "acknowledged_at": now,
                "terms_accepted_at": stored.get("terms_accepted_at") or now,
            },
        }
        case.save(update_fields=["answers", "updated_at"])
        for note in form.warnings():
            messages.warning(request, note)
        return redirect(resume_url(case))
    return render(
        request,
        "goldcard/eligibility.html",
        {
            "form": form,
            "case": case,
            "role": role,
            "not_eligible": form.is_bound and form.not_eligible,
            "fees": fee_table() if case is None else None,
            "processing_days": processing_days(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def terms(request, pk):
    """The terms of use are accepted with the questions now; old links land there."""
    return redirect("goldcard:eligibility", _draft(request, pk).pk)
