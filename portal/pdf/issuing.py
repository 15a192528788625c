"""Issue a PDF once: render it, store it privately, record it. Receipts and certificates
both come through here."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from portal.pdf.models import IssuedPdf


def issue_pdf(
    *,
    key: str,
    kind: str,
    title: str,
    template_name: str,
    context: dict,
    language: str,
    reference: str = "",
    owner=None,
    organisation=None,
    case=None,
) -> IssuedPdf:
    """Return the PDF issued under `key`, rendering and storing it if it does not exist.
    Safe to call twice at once: the unique key lets one insert win; the loser's file is
    deleted and the winner's row returned."""
    existing = IssuedPdf.objects.filter(key=key).first()
    if existing is not None:
        return existing
    from portal.pdf.rendering import render_pdf

    data = render_pdf(template_name, context, language=language)
    issued = IssuedPdf(
        key=key,
        kind=kind,
        title=title[:200],
        reference=reference,
        owner=owner,
        organisation=organisation,
        language=language,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if case is not None:
        from django.contrib.contenttypes.models import ContentType

        issued.case_type = ContentType.objects.get_for_model(case, for_concrete_model=False)
        issued.case_id = case.pk
    issued.file.save("issued.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError:
        issued.file.delete(save=False)
        return IssuedPdf.objects.get(key=key)
    return issued
