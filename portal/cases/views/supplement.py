"""Answering a supplement request (補件): exactly what the reviewer asked, on one page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.cases import drafts
from portal.cases.access import case_for_party
from portal.cases.actions import available_actions
from portal.cases.documents import current_documents
from portal.cases.models import Document, SupplementItem
from portal.cases.services import ActionError, CaseChanged, open_supplement, perform_action
from portal.cases.uploads import describe_rules
from portal.cases.views.uploading import (
    at_slot,
    page_response,
    slot_response,
    upload_into_slot,
    uploaded_message,
    wants_fragment,
)
from portal.cases.workflow import ActionKind


def _answer_action(case, user):
    return next(
        (a for a in available_actions(case, user) if a.kind == ActionKind.ANSWER_SUPPLEMENT), None
    )


@login_required
def answer_supplement(request, slug, pk):
    case = case_for_party(request.user, slug, pk)
    action = _answer_action(case, request.user)
    supplement = open_supplement(case)
    if action is None or supplement is None:
        raise Http404
    items = list(supplement.items.all())
    section_codes = [code for code in dict.fromkeys(i.section for i in items) if code]
    sections = [s for s in (case.workflow.section(c) for c in section_codes) if s]
    slots = [
        slot
        for slot in (
            case.workflow.slot(i.target)
            for i in items
            if i.target_kind == SupplementItem.Target.DOCUMENT
        )
        if slot
    ]
    forms = {s.code: drafts.section_form(case, s) for s in sections}
    upload_errors, problems, result = {}, [], None

    if request.method == "POST":
        intent = request.POST.get("intent", "")
        if intent.startswith("save:"):
            section = next((s for s in sections if s.code == intent[5:]), None)
            if section is not None:
                forms[section.code] = drafts.save_section(case, section, request.POST)
                messages.success(request, _("Saved."))
                if forms[section.code].is_valid():
                    return redirect(request.path)
        elif intent.startswith("upload:"):
            slot = next((s for s in slots if s.code == intent[7:]), None)
            if slot is None:
                raise Http404
            upload = request.FILES.get(f"file-{slot.code}")
            result = upload_into_slot(request, case, slot, upload, supplement=supplement)
            if wants_fragment(request):
                [row] = _slot_rows(case, supplement, [slot], {slot.code: result.errors})
                context = {"case": case, "row": row}
                return slot_response(request, "cases/_supplement_slot.html", context, result, slot)
            if result.stored:
                messages.success(request, uploaded_message(slot))
                return at_slot(request, slot.code)
            upload_errors[slot.code] = result.errors
        elif intent == "send":
            problems = _still_missing(case, supplement, sections, slots, forms)
            if not problems:
                try:
                    perform_action(
                        case, request.user, action.name, note=request.POST.get("note", "")
                    )
                except (ActionError, CaseChanged) as error:
                    messages.error(request, error.message)
                    return redirect("cases:detail", slug, pk)
                messages.success(request, _("Your supplement was sent to the reviewer."))
                return redirect("cases:detail", slug, pk)

    for form in forms.values():
        form.is_valid()
    context = {
        "case": case,
        "supplement": supplement,
        "items": items,
        "section_forms": [(s, forms[s.code]) for s in sections],
        "slot_rows": _slot_rows(case, supplement, slots, upload_errors),
        "problems": problems,
    }
    if result is not None:  # a refused upload: 400, or 429 when over the upload rate
        return page_response(request, "cases/supplement.html", context, result)
    return render(request, "cases/supplement.html", context, status=400 if problems else 200)


def _slot_rows(case, supplement, slots, errors):
    documents = current_documents(case)
    return [
        {
            "slot": slot,
            "rules": describe_rules(slot.rules),
            "document": documents.get(slot.code),
            "renewed": documents.get(slot.code) is not None
            and documents[slot.code].supplement_id == supplement.pk,
            "errors": errors.get(slot.code, []),
        }
        for slot in slots
    ]


def _still_missing(case, supplement, sections, slots, forms):
    problems = []
    for section in sections:
        if not forms[section.code].is_valid():
            problems.append(_("Correct the fields in “%(section)s”.") % {"section": section.label})
    renewed = set(
        Document.objects.for_case(case)
        .current()
        .filter(supplement=supplement)
        .values_list("slot", flat=True)
    )
    for slot in slots:
        if slot.code not in renewed:
            problems.append(_("Upload a new “%(document)s”.") % {"document": slot.label})
    return problems
