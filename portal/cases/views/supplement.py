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
from portal.cases.views.uploading import upload_into_slot
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
    upload_errors, problems = {}, []

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
            upload_errors[slot.code] = upload_into_slot(
                request, case, slot, upload, supplement=supplement
            )
            if not upload_errors[slot.code]:
                return redirect(request.path)
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
    documents = current_documents(case)
    return render(
        request,
        "cases/supplement.html",
        {
            "case": case,
            "supplement": supplement,
            "items": items,
            "section_forms": [(s, forms[s.code]) for s in sections],
            "slot_rows": [
                {
                    "slot": slot,
                    "rules": describe_rules(slot.rules),
                    "document": documents.get(slot.code),
                    "renewed": documents.get(slot.code) is not None
                    and documents[slot.code].supplement_id == supplement.pk,
                    "errors": upload_errors.get(slot.code, []),
                }
                for slot in slots
            ],
            "problems": problems,
        },
        status=400 if upload_errors or problems else 200,
    )


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
