"""The check every document slot runs on an upload before anything is stored.

The type is decided by the bytes (magic numbers, then Pillow), never by the file name or the
browser's content type, both of which the client controls. Images are decoded and re-encoded,
which drops EXIF (GPS position, camera serial) and anything smuggled after the pixels. PDFs are
parsed by qpdf in a bounded child process and stored as qpdf rewrites them (`pdfcheck`). This
module never writes to storage. ADR 0010 gives the reasons and the figures.
"""

import contextlib
import io
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from portal.cases.pdfcheck import PdfRefused, Verdict, rewrite_pdf

KIND_JPEG, KIND_PNG, KIND_BMP, KIND_PDF = "jpeg", "png", "bmp", "pdf"
ALL_KINDS = frozenset({KIND_JPEG, KIND_PNG, KIND_BMP, KIND_PDF})
PHOTO_KINDS = frozenset({KIND_JPEG, KIND_PNG, KIND_BMP})
# What an A4 page scanned at 300 dpi needs (2480 × 3508 = 8.7 million), with room for a
# scanner's full bed; settings.CASE_UPLOAD_MAX_PIXELS says the same.
DEFAULT_MAX_PIXELS = 10_000_000

# Order matters for describe_rules(). BMP's "BM" is weak on its own; Pillow confirms it.
_MAGIC = {
    KIND_JPEG: b"\xff\xd8\xff",
    KIND_PNG: b"\x89PNG\r\n\x1a\n",
    KIND_BMP: b"BM",
    KIND_PDF: b"%PDF-",
}
_LABELS = {KIND_JPEG: "JPG", KIND_PNG: "PNG", KIND_BMP: "BMP", KIND_PDF: "PDF"}
_PIL_FORMATS = {KIND_JPEG: "JPEG", KIND_PNG: "PNG", KIND_BMP: "BMP"}
_STORED_AS = {
    KIND_JPEG: (".jpg", "image/jpeg"),
    KIND_PNG: (".png", "image/png"),
    KIND_PDF: (".pdf", "application/pdf"),
}
# What an upload costs the server to check, in decoding work: an image's pixels (decoded and
# encoded again), or for a PDF ten units a byte (parsed and rewritten in a child process: a
# 1 MB PDF takes about as long as an image of 10 million pixels, some 0.3 s).
PDF_WORK_PER_BYTE = 10
_PNG_MODES = {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}

# A rewrite may come out a little larger than the upload (streams compressed anew); one far
# larger came from a stream that inflates hugely, which no reviewer's reader should open.
_PDF_GROWTH = 2

# Every message says what is wrong and what to do about it.
_EMPTY = _("This file is empty. Please choose the file again.")
_TOO_LARGE = _(
    "This file is %(size)s; the limit for this document is %(limit)s. "
    "Please upload a smaller file, for example a scan at a lower resolution."
)
_WRONG_TYPE = _("This file is not a type we accept here. Please upload %(accepted)s.")
_NOT_A_PHOTO = _("This is a PDF, but this slot needs a photo. Please upload a JPG or PNG picture.")
_DAMAGED = _("This image is damaged or incomplete. Please save or scan it again and re-upload it.")
_TOO_MANY_PIXELS = _(
    "This image has too many pixels (the limit is %(limit)s million). "
    "Please scan or photograph it at a lower resolution; 300 dpi is plenty."
)
_TOO_SMALL = _(
    "This picture is %(width)s × %(height)s pixels; it must be at least "
    "%(min_width)s × %(min_height)s. Please upload a larger photo."
)
_PDF_TRUNCATED = _("This PDF seems truncated (its end is missing). Please save it again.")
_PDF_ENCRYPTED = _(
    "This PDF is password-protected or encrypted, so it cannot be reviewed. "
    "Please remove the protection and upload it again."
)
_PDF_ACTIVE = _(
    "This PDF contains scripts, actions or attached files, which we do not accept. "
    "Please save it again as a plain PDF (for example with “Print to PDF”)."
)
_PDF_UNCHECKED = _(
    "This PDF could not be checked for scripts or attachments. Please save it again "
    "as a plain PDF (for example with “Print to PDF”) and upload that copy."
)


class UploadRejected(ValidationError):
    """A file the slot cannot take; `code` says why, the message says what to do."""

    def __init__(self, message, code, params=None):
        super().__init__(message, code=code, params=params)


@dataclass(frozen=True)
class UploadRules:
    max_bytes: int
    kinds: frozenset[str] = ALL_KINDS
    photo: bool = False
    min_size: tuple[int, int] | None = None  # (width, height) for photos
    max_pixels: int | None = None  # None -> settings.CASE_UPLOAD_MAX_PIXELS


@dataclass(frozen=True)
class CheckedFile:
    content: bytes  # what will be stored (re-encoded for images)
    kind: str  # the STORED kind: a BMP comes back as png
    extension: str
    content_type: str
    original_name: str  # for display only, never a storage path
    width: int | None = None
    height: int | None = None


def check_upload(uploaded_file, rules: UploadRules, *, before_decoding=None) -> CheckedFile:
    """`before_decoding(work)`, when given, is called once the file's type and size are
    known and before the costly part (decoding an image, parsing a PDF), with its cost in
    DECODING WORK units; it may raise to stop the upload there (a per-user budget)."""
    name = display_name(getattr(uploaded_file, "name", None) or "")
    data = _read_at_most(uploaded_file, rules)
    kind = next((k for k, magic in _MAGIC.items() if data.startswith(magic)), None)
    if rules.photo and kind == KIND_PDF:
        raise UploadRejected(_NOT_A_PHOTO, "not_a_photo")
    if kind not in _allowed_kinds(rules):
        raise UploadRejected(_WRONG_TYPE, "wrong_type", {"accepted": describe_rules(rules)})
    if kind == KIND_PDF:
        _charge(before_decoding, len(data) * PDF_WORK_PER_BYTE)
        content = _rewrite_pdf(data, rules)
        return CheckedFile(content, KIND_PDF, *_STORED_AS[KIND_PDF], name)
    content, stored_kind, width, height = _reencode_image(data, kind, rules, before_decoding)
    return CheckedFile(content, stored_kind, *_STORED_AS[stored_kind], name, width, height)


def describe_rules(rules: UploadRules) -> str:
    labels = [label for kind, label in _LABELS.items() if kind in _allowed_kinds(rules)]
    types = labels[-1] if labels else ""
    if len(labels) > 1:
        # Chinese lists use 、 and 或, so both the separator and the "or" are translatable.
        head = pgettext("list separator", ", ").join(labels[:-1])
        types = gettext("%(list)s or %(last)s") % {"list": head, "last": types}
    size = _format_size(rules.max_bytes)
    text = gettext("%(types)s, at most %(size)s") % {"types": types, "size": size}
    if rules.min_size:
        params = {"text": text, "width": rules.min_size[0], "height": rules.min_size[1]}
        text = gettext("%(text)s, at least %(width)s × %(height)s pixels") % params
    return text


def _allowed_kinds(rules):
    return rules.kinds & PHOTO_KINDS if rules.photo else rules.kinds


def display_name(raw: str) -> str:
    # Browsers on Windows may send a full path; keep only the last part, drop control characters.
    name = str(raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return "" if name in {".", ".."} else name[:200]


def _format_size(n: int) -> str:
    # Round up so a file one byte over a 1 MB limit never reads "1 MB; the limit is 1 MB".
    if n < 1024 * 1024:
        return f"{math.ceil(round(n / 1024, 6))} KB"
    return f"{math.ceil(round(n / 1024 / 1024 * 10, 6)) / 10:g} MB"


def _read_at_most(uploaded_file, rules):
    limit = _format_size(rules.max_bytes)
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > rules.max_bytes:  # rejected without reading it
        params = {"size": _format_size(declared), "limit": limit}
        raise UploadRejected(_TOO_LARGE, "too_large", params)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        uploaded_file.seek(0)  # a stream that cannot seek is read from where it is
    # .size can be missing or wrong on other file objects, so never read past max_bytes + 1.
    parts, remaining = [], rules.max_bytes + 1
    while remaining > 0 and (chunk := uploaded_file.read(remaining)):
        parts.append(chunk)
        remaining -= len(chunk)
    data = b"".join(parts)
    if not data:
        raise UploadRejected(_EMPTY, "empty")
    if len(data) > rules.max_bytes:
        size = _format_size(max(declared or 0, len(data)))
        raise UploadRejected(_TOO_LARGE, "too_large", {"size": size, "limit": limit})
    return data


def _charge(before_decoding, work: int) -> None:
    if before_decoding is not None:
        before_decoding(work)


def _reencode_image(data, kind, rules, before_decoding=None):
    limit = rules.max_pixels
    if limit is None:
        limit = getattr(settings, "CASE_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    # Never above Pillow's own bomb limit: whatever Pillow warns about is then rejected here
    # too, so its warning can never be the only reaction (warning filters are process-wide).
    if Image.MAX_IMAGE_PIXELS:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    too_many = UploadRejected(
        _TOO_MANY_PIXELS, "too_many_pixels", {"limit": f"{limit / 1_000_000:g}"}
    )
    formats = [_PIL_FORMATS[kind]]
    try:
        # open() reads only the header, so the size is known before any pixel is decoded.
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            if probe.width * probe.height > limit:
                raise too_many
            probe.verify()  # checksums and structure; the object is unusable afterwards
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except UploadRejected:
        raise
    except Exception:  # Pillow raises many types on hostile input; all mean "unreadable"
        raise UploadRejected(_DAMAGED, "truncated") from None
    _charge(before_decoding, probe.width * probe.height)
    try:
        # Decoding holds the pixels once (4 bytes each: 40 MB at the limit); nothing below
        # copies them again unless the mode must change.
        image = Image.open(io.BytesIO(data), formats=formats)
        image.load()  # decodes every pixel: catches a file cut short
        # Apply the EXIF orientation to the pixels, since the EXIF itself is dropped below.
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:
        raise UploadRejected(_DAMAGED, "truncated") from None
    width, height = image.size
    min_width, min_height = rules.min_size or (0, 0)
    if width < min_width or height < min_height:
        params = {
            "width": width,
            "height": height,
            "min_width": min_width,
            "min_height": min_height,
        }
        raise UploadRejected(_TOO_SMALL, "too_small", params)
    # Savers read EXIF, ICC profiles, XMP and comments from .info; keep only transparency.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    out = io.BytesIO()
    if kind == KIND_JPEG:
        # JPEG decodes to L, RGB or CMYK; CMYK shows wrongly or not at all in some browsers.
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
        return out.getvalue(), KIND_JPEG, width, height
    # PNG stays PNG. BMP becomes PNG too: the same pixels, losslessly, in a fraction of the
    # bytes, and a format every browser shows.
    if image.mode not in _PNG_MODES:
        image = image.convert("RGBA")
    image.save(out, "PNG")
    return out.getvalue(), KIND_PNG, width, height


_PDF_REFUSALS = {
    Verdict.ACTIVE: (_PDF_ACTIVE, "active_pdf"),
    Verdict.ENCRYPTED: (_PDF_ENCRYPTED, "encrypted_pdf"),
    Verdict.DAMAGED: (_PDF_UNCHECKED, "damaged_pdf"),
    Verdict.UNCHECKED: (_PDF_UNCHECKED, "unchecked_pdf"),
}


def _rewrite_pdf(data: bytes, rules: UploadRules) -> bytes:
    # qpdf would say "damaged" too; this says what is wrong, without starting a process.
    if b"%%EOF" not in data[-1024:]:
        raise UploadRejected(_PDF_TRUNCATED, "truncated")
    try:
        return rewrite_pdf(data, max_output=_PDF_GROWTH * rules.max_bytes)
    except PdfRefused as refused:
        message, code = _PDF_REFUSALS[refused.verdict]
        raise UploadRejected(message, code) from None
