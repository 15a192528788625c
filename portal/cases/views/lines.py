"""Repeating sections in a draft (the list of lines, one page per line) and voiding a line of
a submitted case on the applicant's side (`portal.cases.lines`).

Everything works without JavaScript: adding a line is a link to the page of a line not yet
saved (its id is chosen when the list is shown, so autosave's repeated posts fill one line
and never add several), removing one is a button, and the tabs save like every tab."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.cases import drafts, lines, voiding
from portal.cases.access import case_for_party
from portal.cases.presentation import answer_rows
from portal.cases.views import drafts as draft_views
from portal.cases.views.drafts import (
    _editable_draft,
    _gate,
    _tab_url,
    _tabs,
    submit_tried,
)


def line_url(case, section, line_id: str) -> str:
    return reverse("cases:line", args=[case.workflow.slug, case.pk, section.code, line_id])


@login_required
def section_page(request, slug, pk, section):
    """A tab of the draft: the list of lines of a repeating section, else the section's
    form (`portal.cases.views.drafts.edit_section`)."""
    case = _editable_draft(request, slug, pk)
    section_obj = case.workflow.section(section)
    if section_obj is None or section_obj.lines is None:
        return draft_views.section_form_page(request, case, section)
    if gate := _gate(case):
        return gate
    return lines_page(request, case, section_obj)


def lines_page(request, case, section):
    """The tab of a repeating section: its lines, with a link to add one."""
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove:
            number = lines.remove_line(case, section, remove)
            if number is not None:
                label = lines.line_label(section, number)
                messages.success(request, _("Removed: %(line)s.") % {"line": label})
            return redirect(_tab_url(case, section.code))
        wanted = request.POST.get("goto", "")
        codes = {tab["code"] for tab in _tabs(case, drafts.Completeness())}
        if wanted in codes:
            return redirect(_tab_url(case, wanted))
        first = drafts.completeness(case).first_incomplete
        return redirect(_tab_url(case, first if first and first != section.code else "review"))
    report = drafts.completeness(case)
    rows = lines.line_rows(case, section)
    return render(
        request,
        "cases/edit_lines.html",
        {
            "case": case,
            "section": section,
            "tabs": _tabs(case, report),
            "current": section.code,
            "lines": rows,
            "full": len(rows) >= section.lines.max_lines,
            "add_url": line_url(case, section, lines.new_line_id()),
            "show_errors": submit_tried(request, case),
            "problems": report.problems_in(section.code),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_line(request, slug, pk, section, line):
    case = _editable_draft(request, slug, pk)
    section_obj = case.workflow.section(section)
    if section_obj is None or section_obj.lines is None or not lines.LINE_ID.match(line):
        raise Http404
    if gate := _gate(case):
        return gate
    found = lines.find_line(case, section_obj, line)
    back = _tab_url(case, section_obj.code)
    if request.method == "POST":
        autosave = bool(request.headers.get("X-Autosave"))
        try:
            form = lines.save_line(case, section_obj, line, request.POST)
        except lines.LineError as error:
            if autosave:
                return JsonResponse({"error": str(error.message)}, status=400)
            messages.error(request, error.message)
            return redirect(back)
        if autosave:
            return JsonResponse(
                {
                    "saved_at": date_format(timezone.localtime(case.updated_at), "H:i:s"),
                    "errors": {name: [str(e) for e in errs] for name, errs in form.errors.items()},
                }
            )
        stored = lines.find_line(case, section_obj, line)
        wanted = request.POST.get("goto", "")
        codes = {tab["code"] for tab in _tabs(case, drafts.Completeness())}
        if wanted in codes:  # a tab: saved as typed, checked on submission
            if stored is not None:
                messages.success(request, _("Saved."))
            return redirect(_tab_url(case, wanted))
        if not form.is_valid():
            if stored is not None:
                messages.warning(request, _("Saved. Please correct the fields marked below."))
            return _render_line(request, case, section_obj, line, stored, form)
        messages.success(request, _("Saved."))
        if request.POST.get("another") and not _full(case, section_obj):
            return redirect(line_url(case, section_obj, lines.new_line_id()))
        return redirect(back)
    if found is None and _full(case, section_obj):
        messages.error(
            request,
            _("This list is full: it takes at most %(count)s lines.")
            % {"count": section_obj.lines.max_lines},
        )
        return redirect(back)
    values = found[1]["values"] if found else None
    if found and submit_tried(request, case):
        form = lines.line_form(case, section_obj, values)  # bound: shows what is still wrong
    else:
        form = section_obj.form_class(case=case, initial=values)
    return _render_line(request, case, section_obj, line, found, form)


def _full(case, section) -> bool:
    return len(lines.stored_lines(case, section)) >= section.lines.max_lines


def _render_line(request, case, section, line_id, found, form):
    number = found[0] if found else len(lines.stored_lines(case, section)) + 1
    return render(
        request,
        "cases/edit_line.html",
        {
            "case": case,
            "section": section,
            "form": form,
            "line_label": lines.line_label(section, number),
            "is_new": found is None,
            "tabs": _tabs(case, drafts.completeness(case)),
            "current": section.code,
            "back_url": _tab_url(case, section.code),
            "can_add_more": number < section.lines.max_lines,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def void_line(request, slug, pk, section, line):
    """The applicant's side voids a line of a submitted case, with a reason."""
    case = case_for_party(request.user, slug, pk)
    section_obj = case.workflow.section(section)
    if (
        section_obj is None
        or not lines.voidable(case, section_obj)
        or not lines.may_void(case, request.user)
    ):
        raise Http404
    found = lines.find_line(case, section_obj, line)
    if found is None:
        raise Http404
    number, stored = found
    label = lines.line_label(section_obj, number)
    error = ""
    if request.method == "POST":
        try:
            voiding.void_line(case, request.user, section, line, request.POST.get("reason", ""))
        except PermissionDenied as denied:
            raise Http404 from denied
        except lines.LineError as refused:
            error = refused.message
        else:
            messages.success(request, _("Voided: %(line)s.") % {"line": label})
            return redirect("cases:detail", slug, pk)
    form = lines.line_form(case, section_obj, stored["values"])
    return render(
        request,
        "cases/void_line.html",
        {
            "case": case,
            "section": section_obj,
            "line_label": label,
            "rows": answer_rows(form),
            "error": error,
            "reason": request.POST.get("reason", ""),
        },
        status=400 if error else 200,
    )
