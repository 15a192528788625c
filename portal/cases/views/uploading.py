"""One upload into one document slot, as both the draft and the supplement pages do it."""

from django.contrib import messages
from django.utils.translation import gettext as _

from portal.cases.documents import store_document
from portal.cases.uploads import UploadRejected


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
