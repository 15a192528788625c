"""The download area (下載專區): the receipts and certificates issued to the user or about
their cases. Files are served only through here, as attachments, never from a public URL."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from portal.pdf.models import IssuedPdf


@login_required
def downloads(request):
    issued = IssuedPdf.objects.visible_to(request.user).order_by("-created_at")[:200]
    return render(request, "pdf/downloads.html", {"issued": issued})


@login_required
def download(request, pk):
    issued = IssuedPdf.objects.visible_to(request.user).filter(pk=pk).first()
    if issued is None:
        raise Http404
    response = FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=issued.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
