"""The review page of one case in the admin: data, documents, timeline, control-list
matches, and the actions legal now for this reviewer."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.cases import assignment, drafts, lines, selectors, voiding
from portal.cases.actions import available_actions, find_action
from portal.cases.audit import log_personal_data_view
from portal.cases.documents import current_documents
from portal.cases.models import Document, SupplementItem
from portal.cases.presentation import answer_rows
from portal.cases.services import (
    ActionError,
    CaseChanged,
    SupplementAsk,
    open_supplement,
    perform_action,
)
from portal.cases.workflow import ActionKind

from .queryset import agency_of, queue_for, stage_states, supplement_states

ITEM_ROWS = 5
STALE_PAGE = _lazy(
    "Another reviewer acted on this case first. Here is what it looks like now;"
    " nothing you entered was applied."
)
NOT_OPEN = _lazy(
    "This action is not open to you on this case now (another reviewer may have acted"
    " first, or the case is assigned to someone else)."
)


def review_view(modeladmin, request, object_id):
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    if request.method == "POST" and not modeladmin.has_change_permission(request):
        raise PermissionDenied
    case = queue_for(modeladmin.model, request.user).filter(pk=object_id).first()
    if case is None:
        if request.method == "POST" and _was_in_queue(modeladmin, request, object_id):
            # Someone else moved it out of this queue while the page was open.
            messages.error(request, STALE_PAGE)
            return HttpResponseRedirect(_changelist_url(modeladmin))
        # Not at a stage of this reviewer's agency (or no such case): same answer.
        raise Http404
    if request.method == "POST":
        return _handle_post(modeladmin, request, case)
    log_personal_data_view(request.user, case, "case page")
    return TemplateResponse(request, "admin/cases/review.html", _context(modeladmin, request, case))


def _changelist_url(modeladmin):
    opts = modeladmin.model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist",
        current_app=modeladmin.admin_site.name,
    )


def _was_in_queue(modeladmin, request, object_id) -> bool:
    """The page was showing this case at one of the reviewer's queue states."""
    model = modeladmin.model
    shown = request.POST.get("state", "")
    states = set(stage_states(model, agency_of(request.user))) | set(supplement_states(model))
    return shown in states and model.objects.filter(pk=object_id).exists()


def _handle_post(modeladmin, request, case):
    here = HttpResponseRedirect(request.path)
    if request.POST.get("state") != case.state:
        messages.error(request, STALE_PAGE)
        return here
    intent = request.POST.get("intent", "")
    try:
        if intent == "assign_me":
            assignment.assign(case, request.user, by=request.user)
            messages.success(request, _("The case is assigned to you."))
        elif intent == "assign":
            reviewer_id = request.POST.get("reviewer", "")
            if not reviewer_id.isdigit():
                raise assignment.AssignmentError
            reviewer = assignment.reviewers_of(case.agency).filter(pk=reviewer_id).first()
            if reviewer is None:
                raise assignment.AssignmentError
            assignment.assign(case, reviewer, by=request.user)
            messages.success(
                request, _("The case is assigned to %(name)s.") % {"name": reviewer.full_name}
            )
        elif intent.startswith("void:"):
            code, _sep, line_id = intent[5:].partition(":")
            event = voiding.void_line(
                case, request.user, code, line_id, request.POST.get(f"void_reason_{line_id}", "")
            )
            messages.success(
                request, _("Voided: %(line)s.") % {"line": lines.voided_label(case, event)}
            )
        elif intent.startswith("act:"):
            _act(request, case, intent[4:])
            if not modeladmin.get_queryset(request).filter(pk=case.pk).exists():
                return HttpResponseRedirect(_changelist_url(modeladmin))  # left the queue
    except assignment.AssignmentError:
        messages.error(request, _("You cannot make that assignment."))
    except CaseChanged as error:
        messages.error(request, error.message)
    except ActionError as error:
        messages.error(request, error.message)
        for problem in error.errors:
            messages.error(request, problem.describe())
    except lines.LineError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        messages.error(request, NOT_OPEN)
    return here


def _act(request, case, name):
    action = find_action(case, request.user, name)
    if action is None:
        raise PermissionDenied
    ask = None
    if action.kind == ActionKind.REQUEST_SUPPLEMENT:
        ask = _supplement_ask(request.POST)
    perform_action(case, request.user, name, reason=request.POST.get("reason", ""), supplement=ask)
    messages.success(request, _("Done: %(action)s.") % {"action": action.label})


def _supplement_ask(post):
    items = []
    for i in range(ITEM_ROWS):
        target = post.get(f"item_target_{i}", "")
        reason = post.get(f"item_reason_{i}", "").strip()
        if not target and not reason:
            continue
        kind, _sep, code = target.partition(":")
        if kind not in SupplementItem.Target.values:
            kind, code = SupplementItem.Target.OTHER, ""
        items.append((kind, code, reason))
    days = post.get("working_days", "")
    deadline = None
    if post.get("deadline"):
        try:
            deadline = datetime.date.fromisoformat(post["deadline"])
        except ValueError as error:
            raise ActionError(_("Enter the deadline as a date.")) from error
    return SupplementAsk(
        items=items,
        message=post.get("reason", ""),
        working_days=int(days) if days.isdigit() else None,
        deadline=deadline,
    )


def _targets(case):
    """What a supplement item can point at: each field of each section, each document slot."""
    groups = []
    for section in drafts.applicable_sections(case):
        if section.lines is not None:
            continue  # a line is voided, not supplemented (portal.cases.lines)
        form = section.form_class(case=case)
        groups.append(
            (
                section.label,
                [
                    (f"field:{section.code}.{name}", field.label or name)
                    for name, field in form.fields.items()
                ],
            )
        )
    slots = drafts.applicable_slots(case)
    if slots:
        groups.append(
            (
                drafts.documents_label(case),
                [(f"document:{slot.code}", slot.label) for slot in slots],
            )
        )
    return groups


def _context(modeladmin, request, case):
    actions = available_actions(case, request.user)
    history = list(
        Document.objects.for_case(case)
        .select_related("uploaded_by")
        .order_by("slot", "-uploaded_at")
    )
    try:
        from portal.watchlist.selectors import matches_for

        matches = matches_for(case)
    except ImportError:  # pragma: no cover
        matches = []
    lead = request.user.has_perm("cases.assign_cases")
    return {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": f"{case.number} · {case.applicant_name}",
        "case": case,
        "sections": [
            {"section": s, "rows": answer_rows(drafts.section_form(case, s))}
            for s in [*drafts.summary_sections(case), *drafts.applicable_sections(case)]
            if s.lines is None
        ],
        "line_blocks": lines.blocks(case, request.user),
        "slots": drafts.applicable_slots(case),
        "documents": current_documents(case),
        "replaced_documents": [d for d in history if d.replaced_at],
        "timeline": selectors.timeline(case),
        "supplements": selectors.supplements(case),
        "open_supplement": open_supplement(case),
        "matches": matches,
        "actions": actions,
        "decision_actions": [
            a for a in actions if a.kind in (ActionKind.ADVANCE, ActionKind.SYSTEM)
        ],
        "supplement_action": next(
            (a for a in actions if a.kind == ActionKind.REQUEST_SUPPLEMENT), None
        ),
        "reject_actions": [a for a in actions if a.kind == ActionKind.REJECT],
        "targets": _targets(case),
        "item_rows": range(ITEM_ROWS),
        "default_days": case.workflow.supplement_days,
        "can_take": case.assigned_reviewer_id is None
        and bool(case.agency)
        and request.user.agency == case.agency,
        "is_lead": lead,
        "reviewers": list(assignment.reviewers_of(case.agency)) if lead and case.agency else [],
    }
