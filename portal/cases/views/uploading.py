"""Uploads into document slots: the documents page of a draft, and one upload into one slot
as both the draft and the supplement pages do it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.cases import drafts
from portal.cases.documents import current_documents, remove_document, store_document
from portal.cases.models import Document
from portal.cases.uploads import UploadRejected, describe_rules


def upload_into_slot(request, case, slot, upload, *, supplement=None) -> list[str]:
    """Store `upload` in `slot`; return the messages to show next to the slot (empty when
    it was stored). A rejected file leaves nothing behind."""
    if upload is None:
        return [_("Choose a file to upload.")]
    try:
        store_document(case, slot, upload, user=request.user, supplement=supplement)
    except UploadRejected as error:
        return error.messages
    messages.success(request, _("Uploaded: %(name)s.") % {"name": slot.label})
    return []


def documents_page(request, case, *, template, supplement=None, slots=None, extra=None):
    """Upload/replace/remove documents of `case`. `extra` returns more context for the page;
    it is called after the upload, so what it shows (the tabs' completeness) is current."""
    slots = slots if slots is not None else drafts.applicable_slots(case)
    errors = {}
    if request.method == "POST":
        if "remove" in request.POST:
            remove_id = request.POST["remove"]
            document = (
                Document.objects.for_case(case).current().filter(pk=remove_id).first()
                if remove_id.isdigit()
                else None
            )
            if document is not None:
                remove_document(case, document)
                messages.success(request, _("The document was removed."))
            return redirect(request.path)
        slot = next((s for s in slots if s.code == request.POST.get("slot")), None)
        if slot is None:
            raise Http404
        errors[slot.code] = upload_into_slot(
            request, case, slot, request.FILES.get("file"), supplement=supplement
        )
        if not errors[slot.code]:
            return redirect(request.path)
    documents = current_documents(case)
    answers = case.flat_answers()
    rows = [
        {
            "slot": slot,
            "required": slot.is_required(answers),
            "rules": describe_rules(slot.rules),
            "help": slot.help_for(answers),
            "document": documents.get(slot.code),
            "errors": errors.get(slot.code, []),
        }
        for slot in slots
    ]
    context = {"case": case, "rows": rows, **(extra() if extra else {})}
    return render(request, template, context, status=400 if errors else 200)
