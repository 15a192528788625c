"""Uploads into document slots: the documents page of a draft, and one upload into one slot
as both the draft and the supplement pages do it.

Without JavaScript a slot's form posts the page and the answer comes back at the slot
(`#slot-<code>`). With it (static/js/uploads.js) the form is posted with fetch and the header
`X-Requested-With: fetch`; the answer is then only the slot's markup, which replaces the old
one in place (marked with the X-Slot-Fragment header, so that a sign-in page or a proxy's
error is never mistaken for it).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from portal import ratelimit
from portal.cases import drafts
from portal.cases.documents import current_documents, remove_document, store_document
from portal.cases.models import Document
from portal.cases.uploads import UploadRejected, describe_rules, display_name

FRAGMENT_HEADER = "X-Slot-Fragment"


@dataclass
class SlotUpload:
    """What became of one upload: `status` is the HTTP status to answer with."""

    status: int = 200
    errors: list[str] = field(default_factory=list)
    retry_after: int | None = None

    @property
    def stored(self) -> bool:
        return not self.errors


def upload_into_slot(request, case, slot, upload, *, supplement=None) -> SlotUpload:
    """Store `upload` in `slot`. A rejected file leaves nothing behind; its messages, each
    naming the file, go next to the slot. Every attempt counts against the user's upload
    rate, checked before the file is looked at, and what checking it costs against the
    user's decoding budget, checked before it is decoded (the costly part)."""
    if upload is None:
        return SlotUpload(400, [_("Choose a file to upload.")])

    def within_decoding_budget(work):
        # What the server spends checking files, per user: a few large scans a minute, many
        # photos; so that no one keeps the workers decoding (settings.CASE_UPLOAD_WORK_RATE).
        rate = ratelimit.Rate.from_setting(settings.CASE_UPLOAD_WORK_RATE)
        ratelimit.hit("upload-work", request.user.pk, rate, cost=work)

    try:
        ratelimit.hit(
            "upload", request.user.pk, ratelimit.Rate.from_setting(settings.CASE_UPLOAD_RATE)
        )
        store_document(
            case,
            slot,
            upload,
            user=request.user,
            supplement=supplement,
            before_decoding=within_decoding_budget,
        )
    except ratelimit.RateLimited as limited:
        at = time_format(timezone.localtime(limited.retry_at), "H:i")
        message = _(
            "You have uploaded many files in a short time. Please try again after %(time)s; "
            "your other documents and answers are kept."
        ) % {"time": at}
        return SlotUpload(429, [message], retry_after=limited.retry_after)
    except UploadRejected as error:
        name = display_name(upload.name or "")
        return SlotUpload(
            400,
            [
                _("%(name)s: %(message)s") % {"name": name, "message": m} if name else m
                for m in error.messages
            ],
        )
    return SlotUpload()


def uploaded_message(slot) -> str:
    return _("Uploaded: %(name)s.") % {"name": slot.label}


def wants_fragment(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def slot_response(request, template, context, result: SlotUpload, slot):
    """The slot's markup alone, for the script that replaced the page's post."""
    announce = "" if result.errors else uploaded_message(slot)
    context = {**context, "fragment": True, "announce": announce}
    response = render(request, template, context, status=result.status)
    response[FRAGMENT_HEADER] = "1"
    return _with_retry_after(response, result)


def page_response(request, template, context, result: SlotUpload | None):
    response = render(request, template, context, status=result.status if result else 200)
    return _with_retry_after(response, result)


def _with_retry_after(response, result):
    if result and result.retry_after:
        response["Retry-After"] = str(result.retry_after)
    return response


def at_slot(request, code):
    return redirect(f"{request.path}#slot-{code}")


def documents_page(request, case, *, template, supplement=None, slots=None, extra=None):
    """Upload/replace/remove documents of `case`. `extra` returns more context for the page;
    it is called after the upload, so what it shows (the tabs' completeness) is current."""
    slots = slots if slots is not None else drafts.applicable_slots(case)
    result, errors = None, {}
    if request.method == "POST":
        if "remove" in request.POST:
            remove_id = request.POST["remove"]
            document = (
                Document.objects.for_case(case).current().filter(pk=remove_id).first()
                if remove_id.isdigit()
                else None
            )
            if document is None:
                return redirect(request.path)
            remove_document(case, document)
            messages.success(request, _("The document was removed."))
            return at_slot(request, document.slot)
        slot = next((s for s in slots if s.code == request.POST.get("slot")), None)
        if slot is None:
            raise Http404
        result = upload_into_slot(
            request, case, slot, request.FILES.get("file"), supplement=supplement
        )
        if wants_fragment(request):
            row = _rows(case, [slot], {slot.code: result.errors})[0]
            context = {"case": case, "row": row}
            return slot_response(request, "cases/_slot.html", context, result, slot)
        if result.stored:
            messages.success(request, uploaded_message(slot))
            return at_slot(request, slot.code)
        errors[slot.code] = result.errors
    context = {"case": case, "rows": _rows(case, slots, errors), **(extra() if extra else {})}
    return page_response(request, template, context, result)


def _rows(case, slots, errors):
    documents = current_documents(case)
    answers = case.flat_answers()
    return [
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
