"""Starting a Gold Card application: the filing role, the eligibility questions, the terms
of use (seed 004, steps 4 and 6-10). Only then the six tabs open."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goldcard.forms.eligibility import EligibilityForm, TermsForm
from goldcard.models import GoldCardCase
from portal.accounts.models import Role
from portal.cases import drafts
from portal.cases.access import case_for_party

ELIGIBILITY = "eligibility"
FILING_ROLES = {
    Role.APPLICANT: "self",
    Role.EMPLOYER: "employer",
    Role.AGENCY: "agency",
}


def before_tabs(case):
    """Where a draft must go before its tabs: the questions, then the terms of use."""
    answers = case.section_answers(ELIGIBILITY)
    if not answers.get("identity"):
        return reverse("goldcard:eligibility", args=[case.pk])
    if not answers.get("terms_accepted_at"):
        return reverse("goldcard:terms", args=[case.pk])
    return None


def filing_role(user) -> str:
    return FILING_ROLES.get(user.role, "")


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
        raise Http404  # reviewers and staff do not file applications
    stored = case.section_answers(ELIGIBILITY) if case else None
    form = EligibilityForm(request.POST or None, initial=stored or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "acknowledge"}
        if case is None:
            case = new_draft(request.user)
        previous = case.section_answers(ELIGIBILITY)
        case.answers = {
            **case.answers,
            ELIGIBILITY: {
                **values,
                "acknowledged_at": timezone.now().isoformat(),
                "terms_accepted_at": previous.get("terms_accepted_at", ""),
            },
        }
        case.save(update_fields=["answers", "updated_at"])
        for note in form.warnings():
            messages.warning(request, note)
        return redirect(before_tabs(case) or _first_tab(case))
    return render(
        request,
        "goldcard/eligibility.html",
        {"form": form, "case": case, "role": role, "not_eligible": form.is_bound and
         form.not_eligible},
        status=400 if form.is_bound and form.errors else 200,
    )  # fmt: skip


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
    case = _draft(request, pk)
    answers = case.section_answers(ELIGIBILITY)
    if not answers.get("identity"):
        return redirect("goldcard:eligibility", pk)
    form = TermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case.answers = {
            **case.answers,
            ELIGIBILITY: {**answers, "terms_accepted_at": timezone.now().isoformat()},
        }
        case.save(update_fields=["answers", "updated_at"])
        return redirect(_first_tab(case))
    return render(
        request,
        "goldcard/terms.html",
        {"form": form, "case": case},
        status=400 if form.is_bound and form.errors else 200,
    )


def _first_tab(case):
    report = drafts.completeness(case)
    code = report.first_incomplete or drafts.applicable_sections(case)[0].code
    if code == drafts.DOCUMENTS:
        return reverse("cases:documents", args=[case.workflow.slug, case.pk])
    return reverse("cases:section", args=[case.workflow.slug, case.pk, code])
