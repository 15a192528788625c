"""The applicant side's case list and case page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject

from portal.cases import drafts, lines, selectors
from portal.cases.access import case_for_party
from portal.cases.actions import available_actions
from portal.cases.documents import current_documents
from portal.cases.presentation import stage_progress
from portal.cases.starting import start_links
from portal.cases.targets import expected_dates
from portal.cases.views.drafts import resume_url
from portal.cases.workflow import ActionKind


def awaits(case, what: str) -> bool:
    """True when the case's next move is the platform's, waiting for `what` (payment...)."""
    from portal.cases.actions import all_transitions

    return any(
        t.custom.get("awaits") == what and t.source in (case.state, "*")
        for t in all_transitions(type(case))
    )


@login_required
def case_list(request):
    cases = selectors.cases_visible_to(request.user)
    return render(
        request,
        "cases/list.html",
        {
            "drafts": [case for case in cases if case.is_draft],
            "submitted": [case for case in cases if not case.is_draft],
            "start_links": start_links(request.user),
        },
    )


@login_required
def case_detail(request, slug, pk):
    case = case_for_party(request.user, slug, pk)
    if case.is_draft:
        # A draft's page is its form: coming back (to-do list, draft lists) continues where
        # the person stopped, not on a page of everything still missing.
        return redirect(resume_url(case))
    actions = available_actions(case, request.user)
    supplements = selectors.supplements(case)
    open_requests = [s for s in supplements if s.is_open]
    # The history (stages and timeline) changes only through `perform_action`, which saves the
    # case: the template caches it under the case's `updated_at`, and these are read only
    # when that cache misses.
    timeline = SimpleLazyObject(lambda: selectors.timeline(case))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "timeline": timeline,
            "stages": SimpleLazyObject(lambda: stage_progress(case, timeline)),
            "awaits_payment": awaits(case, "payment"),
            "expected": expected_dates(case),
            "issued_pdfs": selectors.issued_pdfs(case),
            "supplements": supplements,
            "open_supplement": open_requests[0] if open_requests else None,
            "documents": current_documents(case),
            "slots": drafts.applicable_slots(case),
            "line_blocks": lines.blocks(case, request.user),
            # Answering a supplement has its own page; the rest are buttons here.
            "actions": [a for a in actions if a.kind != ActionKind.ANSWER_SUPPLEMENT],
            "can_answer": any(a.kind == ActionKind.ANSWER_SUPPLEMENT for a in actions),
        },
    )
