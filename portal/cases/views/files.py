"""Documents are served only through here: to the case's parties and to staff allowed to
review it, always as attachments, never from a public URL."""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from portal.cases.access import case_for_viewer
from portal.cases.audit import log_personal_data_view
from portal.cases.models import Document


@login_required
def download(request, slug, pk, document_id):
    case = case_for_viewer(request.user, slug, pk)
    document = Document.objects.for_case(case).filter(pk=document_id).first()
    if document is None:
        raise Http404
    if not case.is_party(request.user):
        log_personal_data_view(request.user, case, f"document:{document.slot}")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=served_name(document),
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def served_name(document) -> str:
    """The uploader's name with the stored file's extension: what was stored was checked
    and maybe re-encoded (a BMP became a PNG), and the extension must say what it is now, so
    `passport.exe` stored as a PNG is served as `passport.png`."""
    extension = PurePath(document.file.name).suffix  # chosen by the server from the content
    stem = PurePath(document.original_name).stem.strip() or document.slot
    return f"{stem}{extension}"
