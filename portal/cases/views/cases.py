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


def page_key(case, user) -> str:
    """What the cached case page depends on: the case's last change (every change its page
    shows moves `updated_at`: portal.cases.freshness), the reference data it names (stations,
    missions, stage targets, working days: their generation), who reads it (the actions
    offered), the language and the day (deadlines)."""
    from django.utils import timezone, translation

    from portal.reference.cache import generation

    return ":".join(
        (
            case.updated_at.isoformat(),
            generation(),
            str(user.pk),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        )
    )


@login_required
def case_detail(request, slug, pk):
    case = case_for_party(request.user, slug, pk)
    if case.is_draft:
        # A draft's page is its form: coming back (to-do list, draft lists) continues where
        # the person stopped, not on a page of everything still missing.
        return redirect(resume_url(case))
    # The template caches the whole page body under `page_key`: what follows is read, lazily,
    # only when that cache misses (the first view after a change).
    actions = SimpleLazyObject(lambda: available_actions(case, request.user))
    supplements = SimpleLazyObject(lambda: selectors.supplements(case))
    timeline = SimpleLazyObject(lambda: selectors.timeline(case))
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "page_key": page_key(case, request.user),
            "timeline": timeline,
            "stages": SimpleLazyObject(lambda: stage_progress(case, timeline)),
            "awaits_payment": SimpleLazyObject(lambda: awaits(case, "payment")),
            "expected": SimpleLazyObject(lambda: expected_dates(case)),
            "issued_pdfs": SimpleLazyObject(lambda: selectors.issued_pdfs(case)),
            "supplements": supplements,
            "open_supplement": SimpleLazyObject(
                lambda: next((s for s in supplements if s.is_open), None)
            ),
            "documents": SimpleLazyObject(lambda: current_documents(case)),
            "slots": SimpleLazyObject(lambda: drafts.applicable_slots(case)),
            "line_blocks": SimpleLazyObject(lambda: lines.blocks(case, request.user)),
            # Answering a supplement has its own page; the rest are buttons here.
            "actions": SimpleLazyObject(
                lambda: [a for a in actions if a.kind != ActionKind.ANSWER_SUPPLEMENT]
            ),
            "can_answer": SimpleLazyObject(
                lambda: any(a.kind == ActionKind.ANSWER_SUPPLEMENT for a in actions)
            ),
        },
    )
