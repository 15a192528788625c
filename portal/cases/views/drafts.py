"""Filling in a draft: one page per section (tab), the documents tab, the review tab.

Every save stores what was typed, valid or not; tab buttons are submit buttons, so moving
between tabs saves too, with or without JavaScript. With JavaScript, every field change is
also saved in the background (autosave), and the session time-out cannot lose anything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.cases import drafts, lines, registry, starting
from portal.cases.access import case_for_party
from portal.cases.actions import available_actions, find_action
from portal.cases.documents import current_documents
from portal.cases.presentation import answer_rows
from portal.cases.services import ActionError, perform_action
from portal.cases.views.uploading import documents_page
from portal.cases.workflow import ActionKind

REVIEW = "review"
MAX_PROBLEMS_LISTED = 10  # the review tab lists them all; a message list should stay short


def _editable_draft(request, slug, pk):
    case = case_for_party(request.user, slug, pk)
    if not case.is_draft:
        raise Http404
    return case


def _gate(case):
    """The steps before the tabs (`Workflow.gates`) come first."""
    url = starting.open_gate_url(case)
    return redirect(url) if url else None


def _tabs(case, report):
    tabs = [
        (s.code, s.label, report.sections.get(s.code)) for s in drafts.applicable_sections(case)
    ]
    if case.workflow.document_slots:
        tabs.append(
            (drafts.DOCUMENTS, drafts.documents_label(case), report.sections.get(drafts.DOCUMENTS))
        )
    tabs.append((REVIEW, _("Review and submit"), None))
    return [
        {"code": code, "label": label, "done": done, "url": _tab_url(case, code)}
        for code, label, done in tabs
    ]


def _tab_url(case, code):
    if code == REVIEW:
        return reverse("cases:review", args=[case.workflow.slug, case.pk])
    return reverse("cases:section", args=[case.workflow.slug, case.pk, code])


def resume_url(case) -> str:
    """Where a person coming back to a draft continues: the steps before the tabs if any are
    left, else the first incomplete tab, else the review tab."""
    url = starting.open_gate_url(case)
    if url:
        return url
    return _tab_url(case, drafts.completeness(case).first_incomplete or REVIEW)


# Problems are shown in red only after an attempt to submit: a draft opened again is work in
# progress, not a mistake. The session remembers the drafts whose submission was refused.
SUBMIT_TRIED = "cases:submit_tried"


def _key(case) -> str:
    return f"{case.workflow.slug}:{case.pk}"


def submit_tried(request, case) -> bool:
    return _key(case) in request.session.get(SUBMIT_TRIED, [])


def _remember_submit_tried(request, case):
    tried = request.session.get(SUBMIT_TRIED, [])
    if _key(case) not in tried:
        request.session[SUBMIT_TRIED] = [*tried, _key(case)][-50:]


def _next_url(case, request, fallback_code):
    """Where a save leads: the tab the user clicked, else the first incomplete one."""
    wanted = request.POST.get("goto", "")
    codes = {tab["code"] for tab in _tabs(case, drafts.Completeness())}
    if wanted in codes:
        return _tab_url(case, wanted)
    first = drafts.completeness(case).first_incomplete
    return _tab_url(case, first or fallback_code)


@login_required
@require_POST
def new_draft(request, slug):
    model = registry.model_for(slug)
    if not starting.may_start(model.workflow, request.user):
        raise PermissionDenied
    if model.workflow.start_url or model.workflow.gates:
        return redirect(starting.start_url(model.workflow))
    case = starting.new_draft(model, request.user)
    first = drafts.applicable_sections(case)
    return redirect(_tab_url(case, first[0].code if first else REVIEW))


@login_required
def edit_section(request, slug, pk, section):
    return section_form_page(request, _editable_draft(request, slug, pk), section)


def section_form_page(request, case, section):
    """The tab of plain section `section` of `case`, a draft the user may edit (read once by
    the caller: the autosave of every field change comes through here)."""
    section_obj = case.workflow.section(section)
    if section_obj is None:
        raise Http404
    if gate := _gate(case):
        return gate
    if section_obj.lines is not None:
        raise Http404  # portal.cases.views.lines serves a repeating section's tab
    if request.method == "POST":
        form = drafts.save_section(case, section_obj, request.POST)
        if form.dropped_slots:
            messages.warning(
                request,
                _("These documents no longer fit your answers and were removed: %(names)s.")
                % {"names": ", ".join(str(slot.label) for slot in form.dropped_slots)},
            )
        for warning in form.warnings():
            messages.warning(request, warning)
        if request.headers.get("X-Autosave"):
            return JsonResponse(
                {
                    "saved_at": date_format(timezone.localtime(case.updated_at), "H:i:s"),
                    "errors": {name: [str(e) for e in errs] for name, errs in form.errors.items()},
                }
            )
        if not form.is_valid() and request.POST.get("goto", "") in ("", section):
            messages.warning(request, _("Saved. Please correct the fields marked below."))
            return _render_section(request, case, section_obj, form)
        messages.success(request, _("Saved."))
        return redirect(_next_url(case, request, section))
    stored = case.section_answers(section)
    if submit_tried(request, case):
        form = drafts.section_form(case, section_obj)  # bound: shows what is still wrong
    else:
        # The answers as typed, without judging them: errors come after an attempt to submit.
        form = section_obj.form_class(case=case, initial=stored or None)
    return _render_section(request, case, section_obj, form)


def _render_section(request, case, section, form):
    report = drafts.completeness(case)
    return render(
        request,
        "cases/edit_section.html",
        {
            "case": case,
            "section": section,
            "form": form,
            "tabs": _tabs(case, report),
            "current": section.code,
            "at_stake": drafts.documents_at_stake(case, section),
        },
    )


@login_required
def edit_documents(request, slug, pk):
    case = _editable_draft(request, slug, pk)
    if gate := _gate(case):
        return gate
    return documents_page(
        request,
        case,
        template="cases/edit_documents.html",
        extra=lambda: {
            "tabs": _tabs(case, drafts.completeness(case)),
            "current": drafts.DOCUMENTS,
            "documents_label": drafts.documents_label(case),
        },
    )


@login_required
def review(request, slug, pk):
    case = _editable_draft(request, slug, pk)
    if gate := _gate(case):
        return gate
    if request.method == "POST":
        action = find_action(case, request.user, request.POST.get("action", ""))
        if action is None or action.kind != ActionKind.SUBMIT:
            raise Http404
        try:
            perform_action(case, request.user, action.name)
        except ActionError as error:
            _remember_submit_tried(request, case)
            messages.error(request, error.message)
            for problem in error.errors[:MAX_PROBLEMS_LISTED]:
                messages.error(request, problem.describe())
            # perform_action checked completeness: its problems say where to go (in tab order).
            first = error.errors[0].section if error.errors else REVIEW
            return redirect(_tab_url(case, first))
        messages.success(
            request,
            _("Your application was submitted. Its number is %(number)s.")
            % {"number": case.number},
        )
        return redirect("cases:detail", slug, pk)
    report = drafts.completeness(case)
    # Every section has its "Change" link (check your answers): the answers given before the
    # tabs change where they were given.
    sections = [
        {
            "section": s,
            "rows": answer_rows(drafts.section_form(case, s)),
            "url": s.form_class.edit_url(case) if hasattr(s.form_class, "edit_url") else "",
            "complete": True,
        }
        for s in drafts.summary_sections(case)
    ] + [
        {
            "section": s,
            **(
                {"lines": lines.line_rows(case, s)}
                if s.lines is not None
                else {"rows": answer_rows(drafts.section_form(case, s))}
            ),
            "url": _tab_url(case, s.code),
            "complete": report.sections.get(s.code, True),
        }
        for s in drafts.applicable_sections(case)
    ]
    submit = next(
        (a for a in available_actions(case, request.user) if a.kind == ActionKind.SUBMIT), None
    )
    return render(
        request,
        "cases/review.html",
        {
            "case": case,
            "sections": sections,
            "documents": current_documents(case),
            "slots": drafts.applicable_slots(case),
            "report": report,
            "tabs": _tabs(case, report),
            "current": REVIEW,
            "submit": submit,
            "documents_url": _tab_url(case, drafts.DOCUMENTS),
            "documents_label": drafts.documents_label(case),
            "documents_complete": report.sections.get(drafts.DOCUMENTS, True),
            "incomplete_tabs": [tab for tab in _tabs(case, report) if tab["done"] is False],
            "submit_tried": submit_tried(request, case),
        },
    )
