"""Issue a PDF once: render it with its verification code and QR code, store it privately,
record it. Receipts and certificates both come through here."""

import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.safestring import mark_safe

from portal.accounts.models import Language
from portal.cases.freshness import touch
from portal.pdf import verification
from portal.pdf.models import IssuedPdf, IssuedPdfCase

# A new code that is already taken (about one chance in 10^15 per document) is drawn again;
# so is one taken by a document issued at the same moment. Three draws never all collide.
CODE_DRAWS = 3


def languages_for(language: str) -> list[str]:
    """Both languages on every issued PDF, `language` (the payer's, the case's) first."""
    others = [code for code in Language.values if code != language]
    return [language, *others]


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
    cases=(),
    document: str = "",
    holder_name: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> IssuedPdf:
    """Return the PDF issued under `key`, rendering and storing it if it does not exist.

    `case`: the case the document is about; its parties may download it. `cases`: the cases
    on whose pages it is listed (`case` is always one). `holder_name` gives the initials the
    verification page shows, `valid_from`/`valid_until` the term it states, if any.

    Safe to call twice at once: the unique key lets one insert win; the loser's file is
    deleted and the winner's row returned."""
    existing = IssuedPdf.objects.filter(key=key).first()
    if existing is not None:
        return existing
    from portal.pdf.rendering import render_pdf

    listed = {(type(c), c.pk): c for c in ([case] if case is not None else []) + list(cases)}
    for _draw in range(CODE_DRAWS):
        code = _unused_code()
        data = render_pdf(
            template_name, {**context, "verification": _block(code)}, language=language
        )
        issued = IssuedPdf(
            key=key,
            kind=kind,
            document=document,
            title=title[:200],
            reference=reference,
            owner=owner,
            organisation=organisation,
            language=language,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            verification_code=code,
            holder_initials=verification.initials(holder_name)[:20],
            valid_from=valid_from,
            valid_until=valid_until,
        )
        if case is not None:
            issued.case_type = _content_type(case)
            issued.case_id = case.pk
        issued.file.save("issued.pdf", ContentFile(data), save=False)
        try:
            with transaction.atomic():
                issued.save()
                IssuedPdfCase.objects.bulk_create(
                    [
                        IssuedPdfCase(issued=issued, case_type=_content_type(c), case_id=c.pk)
                        for c in listed.values()
                    ]
                )
                touch(*listed.values())  # their pages list it
        except IntegrityError:
            issued.file.delete(save=False)
            winner = IssuedPdf.objects.filter(key=key).first()
            if winner is not None:
                return winner
            continue  # the code was taken meanwhile: draw another
        return issued
    raise RuntimeError(f"no unused verification code in {CODE_DRAWS} draws for {key!r}")


def _unused_code() -> str:
    code = verification.new_code()
    while IssuedPdf.objects.filter(verification_code=code).exists():
        code = verification.new_code()
    return code


def _block(code: str) -> dict:
    """What templates/pdf/base.html prints at the foot of every document."""
    url = verification.verification_url(code)
    return {
        "code": verification.display(code),
        "url": url,
        "page": verification.page_url(),
        # segno writes the SVG from the URL alone (our SITE_URL and the code's alphabet):
        # no user text reaches it.
        "qr": mark_safe(verification.qr_svg(url)),  # noqa: S308
    }


def _content_type(case):
    return ContentType.objects.get_for_model(case, for_concrete_model=False)
