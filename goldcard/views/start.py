"""Starting a Gold Card application: the filing role, the eligibility questions and the terms
of use on one page (seed 004, steps 4 and 6-10), with the fees and the processing time. Only
then the six tabs open."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goldcard.fees import fee_table, processing_days
from goldcard.forms.eligibility import EligibilityForm
from goldcard.models import GoldCardCase
from goldcard.rules import filing_role
from portal.accounts.models import Role
from portal.cases import drafts
from portal.cases.access import case_for_party

ELIGIBILITY = "eligibility"


def before_tabs(case):
    """Where a draft must go before its tabs: the questions and the terms of use (one page)."""
    answers = case.section_answers(ELIGIBILITY)
    if not answers.get("identity") or not answers.get("terms_accepted_at"):
        return reverse("goldcard:eligibility", args=[case.pk])
    return None


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
            case = new_draft(request.user)
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
        return redirect(before_tabs(case) or _first_tab(case))
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


def new_draft(user):
    case = GoldCardCase(owner=user, language=user.language)
    if user.role in (Role.EMPLOYER, Role.AGENCY):
        membership = user.memberships.select_related("organisation").first()
        case.filer = user
        case.filer_organisation = membership.organisation if membership else None
    case.save()
    return case


@login_required
def terms(request, pk):
    """The terms of use are accepted with the questions now; old links land there."""
    return redirect("goldcard:eligibility", _draft(request, pk).pk)


def _first_tab(case):
    report = drafts.completeness(case)
    code = report.first_incomplete or drafts.applicable_sections(case)[0].code
    if code == drafts.DOCUMENTS:
        return reverse("cases:documents", args=[case.workflow.slug, case.pk])
    return reverse("cases:section", args=[case.workflow.slug, case.pk, code])
