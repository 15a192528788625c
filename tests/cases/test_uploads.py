"""The upload checker: every test file is built here (PDFs in tests/pdf_files.py), with
Pillow, pikepdf or by hand."""

import binascii
import io
import os
import struct
import warnings
import zipfile
import zlib

import pikepdf
import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from portal.cases import pdfcheck
from portal.cases.uploads import (
    ALL_KINDS,
    KIND_BMP,
    KIND_JPEG,
    KIND_PDF,
    KIND_PNG,
    CheckedFile,
    UploadRejected,
    UploadRules,
    check_upload,
    describe_rules,
)
from tests.pdf_files import flate_of_zeros, objstm_pdf, pdf_bytes, stream

MB = 1024 * 1024
RULES = UploadRules(max_bytes=MB)


# --- builders -------------------------------------------------------------------------------


def image_bytes(fmt, size=(60, 80), mode="RGB", color="red", noise=False, **save):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).convert(mode)
    else:
        image = Image.new(mode, size, color if mode in ("RGB", "RGBA", "CMYK") else 1)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose IHDR says width x height (CRC fixed, so only the pixels are wrong)."""
    data = bytearray(image_bytes("PNG", (10, 10)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(data[12:29]))
    return bytes(data)


def jpeg_claiming_size(width, height):
    data = bytearray(image_bytes("JPEG", (16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def upload(content, name="file.bin", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def reject(content, rules=RULES, name="file.bin"):
    with pytest.raises(UploadRejected) as info:
        check_upload(upload(content, name), rules)
    assert info.value.messages[0]  # the message renders, with its parameters
    return info.value


class CountingBytesIO(io.BytesIO):
    bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


# --- accepted files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "kind", "extension", "content_type"),
    [
        ("JPEG", KIND_JPEG, ".jpg", "image/jpeg"),
        ("PNG", KIND_PNG, ".png", "image/png"),
        ("BMP", KIND_PNG, ".png", "image/png"),  # stored as PNG
    ],
)
def test_valid_images_are_accepted(fmt, kind, extension, content_type):
    checked = check_upload(upload(image_bytes(fmt), "scan.img"), RULES)
    assert isinstance(checked, CheckedFile)
    assert (checked.kind, checked.extension, checked.content_type) == (
        kind,
        extension,
        content_type,
    )
    assert (checked.width, checked.height) == (60, 80)
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.format == ("JPEG" if kind == KIND_JPEG else "PNG")
        assert stored.size == (60, 80)


def test_bmp_becomes_png_with_the_same_pixels():
    original = Image.frombytes("RGB", (30, 20), os.urandom(30 * 20 * 3))
    out = io.BytesIO()
    original.save(out, "BMP")
    checked = check_upload(upload(out.getvalue(), "scan.bmp"), RULES)
    assert checked.kind == KIND_PNG
    assert len(checked.content) < len(out.getvalue())
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.tobytes() == original.tobytes()


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_png_modes_survive_losslessly(mode):
    original = Image.frombytes("RGB", (17, 9), os.urandom(17 * 9 * 3)).convert(mode)
    out = io.BytesIO()
    original.save(out, "PNG")
    checked = check_upload(upload(out.getvalue()), RULES)
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.mode == original.mode
        assert stored.tobytes() == original.tobytes()


def test_palette_transparency_is_kept():
    original = Image.new("RGBA", (8, 8), (255, 0, 0, 255))
    original.paste((0, 0, 0, 0), (0, 0, 4, 8))  # left half fully transparent
    out = io.BytesIO()
    original.convert("P").save(out, "PNG")  # RGBA -> P keeps alpha as a tRNS chunk
    checked = check_upload(upload(out.getvalue()), RULES)
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.mode == "P"
        assert stored.convert("RGBA").getpixel((1, 1))[3] == 0
        assert stored.convert("RGBA").getpixel((6, 1)) == (255, 0, 0, 255)


@pytest.mark.parametrize(("mode", "stored_mode"), [("CMYK", "RGB"), ("L", "L"), ("RGB", "RGB")])
def test_jpeg_stays_jpeg_in_a_browser_friendly_mode(mode, stored_mode):
    checked = check_upload(upload(image_bytes("JPEG", mode=mode)), RULES)
    assert checked.kind == KIND_JPEG
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.format == "JPEG"
        assert stored.mode == stored_mode


def pdf_pages(content):
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def test_valid_pdf_is_accepted_and_stored_as_qpdf_rewrote_it():
    content = pdf_bytes(page_extra=b"/Contents 4 0 R", extra_objects=[stream(b"BT ET")])
    checked = check_upload(upload(content, "form.pdf", "application/pdf"), RULES)
    assert checked.content != content  # the rewrite, not the upload
    assert checked.content.startswith(b"%PDF-") and checked.content.rstrip().endswith(b"%%EOF")
    assert pdf_pages(checked.content) == 1
    assert (checked.kind, checked.extension, checked.content_type) == (
        KIND_PDF,
        ".pdf",
        "application/pdf",
    )
    assert checked.width is None and checked.height is None


def test_the_rewrite_drops_unreferenced_objects_and_bytes_after_the_end():
    leftover = b"<< /Note (LEFTOVER-OBJECT) >>"  # in the file, reachable from nothing
    content = pdf_bytes(extra_objects=[leftover]) + b"TRAILING-BYTES\n"
    stored = check_upload(upload(content), RULES).content
    assert b"LEFTOVER-OBJECT" not in stored
    assert b"TRAILING-BYTES" not in stored


def test_the_rewrite_drops_what_an_incremental_update_replaced():
    # Revision 1 has a catalog with a note; revision 2 (appended) replaces the catalog.
    first = pdf_bytes(catalog_extra=b"/Note (FIRST-REVISION)")
    update = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    offset = len(first)
    xref = offset + len(update)
    second = (
        first
        + update
        + b"xref\n0 1\n0000000000 65535 f \n1 1\n%010d 00000 n \n" % offset
        + b"trailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\n" % (first.rindex(b"\nxref\n") + 1)
        + b"startxref\n%d\n%%%%EOF\n" % xref
    )
    assert b"FIRST-REVISION" not in check_upload(upload(second), RULES).content


def test_pdf_with_a_harmless_object_stream_is_accepted():
    content = objstm_pdf(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    checked = check_upload(upload(content), RULES)
    assert checked.kind == KIND_PDF and pdf_pages(checked.content) == 1


# --- the content decides, not the name or the content type ------------------------------------


def test_pdf_named_jpg_is_a_pdf():
    checked = check_upload(upload(pdf_bytes(), "photo.jpg", "image/jpeg"), RULES)
    assert (checked.kind, checked.extension) == (KIND_PDF, ".pdf")


def test_png_named_pdf_is_a_png():
    checked = check_upload(upload(image_bytes("PNG"), "form.pdf", "application/pdf"), RULES)
    assert (checked.kind, checked.extension) == (KIND_PNG, ".png")


def _zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"just some text\n",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        image_bytes("GIF"),
        _zip_bytes(),
        b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,
    ],
    ids=["text", "html", "gif", "zip", "heic"],
)
def test_other_content_named_jpg_is_the_wrong_type(content):
    error = reject(content, name="photo.jpg")
    assert error.code == "wrong_type"


def test_kinds_outside_the_slot_are_the_wrong_type():
    pdf_only = UploadRules(max_bytes=MB, kinds=frozenset({KIND_PDF}))
    assert reject(image_bytes("JPEG"), pdf_only).code == "wrong_type"
    no_bmp = UploadRules(max_bytes=MB, kinds=ALL_KINDS - {KIND_BMP})
    assert reject(image_bytes("BMP"), no_bmp).code == "wrong_type"


@pytest.mark.parametrize("magic", [b"BM", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"])
def test_right_magic_with_garbage_behind_it_is_rejected(magic):
    assert reject(magic + b"not really an image" * 10).code == "truncated"


# --- size ---------------------------------------------------------------------------------


def test_empty_file_is_rejected():
    assert reject(b"").code == "empty"


def test_oversize_file_is_rejected_with_both_sizes_in_the_message():
    with translation.override("en"):
        error = reject(b"%PDF-" + b"0" * int(1.3 * MB - 10))
        assert error.code == "too_large"
        assert error.messages == [
            "This file is 1.3 MB; the limit for this document is 1 MB. "
            "Please upload a smaller file, for example a scan at a lower resolution."
        ]


def test_one_byte_over_is_too_large_and_exact_limit_is_fine():
    content = pdf_bytes()
    assert check_upload(upload(content), UploadRules(max_bytes=len(content))).kind == KIND_PDF
    error = reject(content, UploadRules(max_bytes=len(content) - 1))
    assert error.code == "too_large"


def test_oversize_with_honest_size_is_rejected_without_reading():
    stream = CountingBytesIO(b"%PDF-" + b"0" * (2 * MB))
    with pytest.raises(UploadRejected) as info:
        check_upload(UploadedFile(stream, "big.pdf", size=2 * MB + 5), RULES)
    assert info.value.code == "too_large"
    assert stream.bytes_read == 0


@pytest.mark.parametrize("declared", [None, 10])
def test_oversize_with_unknown_or_lying_size_reads_at_most_limit_plus_one(declared):
    stream = CountingBytesIO(b"%PDF-" + b"0" * (5 * MB))
    with pytest.raises(UploadRejected) as info:
        check_upload(UploadedFile(stream, "big.pdf", size=declared), RULES)
    assert info.value.code == "too_large"
    assert stream.bytes_read <= MB + 1


# --- damaged files ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "BMP"])
def test_image_cut_in_half_is_truncated(fmt):
    content = image_bytes(fmt, (200, 200), noise=True)
    assert reject(content[: len(content) // 2]).code == "truncated"


def test_truncated_image_is_rejected_even_if_pillow_is_told_to_tolerate_it(monkeypatch):
    # Verify catches a PNG cut short even when another module relaxed Pillow globally.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    content = image_bytes("PNG", (200, 200), noise=True)
    assert reject(content[: len(content) // 2]).code == "truncated"


def test_pdf_without_eof_marker_is_truncated():
    content = pdf_bytes()
    assert reject(content.replace(b"%%EOF", b"")).code == "truncated"
    assert reject(content[: len(content) // 2]).code == "truncated"


# --- pixel bombs --------------------------------------------------------------------------


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel data is decoded."""
    calls = []
    original = ImageFile.ImageFile.load

    def load(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    yield
    assert calls == []


@pytest.mark.parametrize("builder", [png_claiming_size, jpeg_claiming_size])
def test_pixel_bomb_is_rejected_before_decoding(builder, no_decoding):
    content = builder(30000, 30000)
    assert len(content) < 2000
    error = reject(content, UploadRules(max_bytes=MB, max_pixels=25_000_000))
    assert error.code == "too_many_pixels"


def test_pixel_limit_comes_from_settings(settings, no_decoding):
    settings.CASE_UPLOAD_MAX_PIXELS = 100
    assert reject(png_claiming_size(11, 10)).code == "too_many_pixels"


def test_default_pixel_limit_when_the_setting_is_absent(settings):
    if hasattr(settings, "CASE_UPLOAD_MAX_PIXELS"):
        del settings.CASE_UPLOAD_MAX_PIXELS
    assert reject(png_claiming_size(4001, 2500)).code == "too_many_pixels"
    # Exactly 10 million passes the pixel check, then fails on the (fake) pixel data.
    assert reject(png_claiming_size(4000, 2500)).code == "truncated"


def test_the_configured_limit_fits_an_a4_scan_at_300_dpi(settings):
    # An A4 page at 300 dpi is 2480 x 3508; the old 5000 x 5000 (25 million) is refused.
    assert settings.CASE_UPLOAD_MAX_PIXELS >= 2480 * 3508
    assert reject(png_claiming_size(2480, 3508)).code == "truncated"  # fake pixels, but let in
    assert reject(png_claiming_size(5000, 5000)).code == "too_many_pixels"


@pytest.mark.parametrize("side", [40, 100])  # Pillow warns above 1000 pixels, raises above 2000
@pytest.mark.parametrize("action", ["ignore", "error"])
def test_pillow_bomb_warning_or_error_becomes_our_error(monkeypatch, side, action):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    rules = UploadRules(max_bytes=MB, max_pixels=10**9)
    with warnings.catch_warnings():
        warnings.simplefilter(action, Image.DecompressionBombWarning)
        assert reject(image_bytes("PNG", (side, side)), rules).code == "too_many_pixels"


# --- metadata -----------------------------------------------------------------------------


def test_exif_is_removed_and_orientation_applied():
    stored = Image.new("RGB", (40, 20), "blue")
    stored.paste("red", (0, 0, 20, 20))  # left half red
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Model] = "Serial-12345"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (25.0, 2.0, 0.0)
    out = io.BytesIO()
    stored.save(out, "JPEG", exif=exif.tobytes(), comment=b"private comment")
    with Image.open(io.BytesIO(out.getvalue())) as original:  # the test file is what we think
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    checked = check_upload(upload(out.getvalue(), "IMG_0001.JPG"), RULES)

    assert (checked.width, checked.height) == (20, 40)
    for secret in (b"Exif", b"SecretCam", b"Serial-12345", b"private comment"):
        assert secret not in checked.content
    with Image.open(io.BytesIO(checked.content)) as result:
        assert result.size == (20, 40)
        assert len(result.getexif()) == 0
        assert "exif" not in result.info and "comment" not in result.info
        red, _, blue = result.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60  # the red left half is now on top
        red, _, blue = result.convert("RGB").getpixel((10, 35))
        assert blue > 200 and red < 60


def test_png_text_and_exif_chunks_are_removed():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Secret Person")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    content = image_bytes("PNG", pnginfo=info, exif=exif.tobytes())
    checked = check_upload(upload(content), RULES)
    assert b"Secret Person" not in checked.content
    assert b"SecretCam" not in checked.content


# --- PDFs ---------------------------------------------------------------------------------

JS_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"


def _hex(data):
    return binascii.hexlify(data) + b">"


def _twice(data):
    return zlib.compress(zlib.compress(data))


# The audit's three files first: /OpenAction JavaScript in a compressed object stream that a
# byte scan could not read. The rest: every kind of active content, where a reader finds it.
ACTIVE_PDFS = {
    "objstm-asciihex": objstm_pdf(
        JS_ACTION, catalog_extra=b"/OpenAction 4 0 R", filters=b"/ASCIIHexDecode", encode=_hex
    ),
    "objstm-flate-twice": objstm_pdf(
        JS_ACTION,
        catalog_extra=b"/OpenAction 4 0 R",
        filters=b"[/FlateDecode /FlateDecode]",
        encode=_twice,
    ),
    "objstm-after-4kb-of-dictionary": objstm_pdf(
        JS_ACTION, catalog_extra=b"/OpenAction 4 0 R", dictionary=b"/Pad (" + b"x" * 5000 + b")"
    ),
    "objstm-flate": objstm_pdf(JS_ACTION, catalog_extra=b"/OpenAction 4 0 R"),
    "objstm-unreferenced": objstm_pdf(JS_ACTION),
    "javascript": pdf_bytes(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "escaped-names": pdf_bytes(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "javascript-name-tree": pdf_bytes(
        b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", extra_objects=[JS_ACTION]
    ),
    "page-additional-actions": pdf_bytes(
        page_extra=b"/AA << /O 4 0 R >>", extra_objects=[JS_ACTION]
    ),
    "catalog-additional-actions": pdf_bytes(b"/AA << /WC << /S /GoTo /D [3 0 R /Fit] >> >>"),
    "launch": pdf_bytes(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "uri-on-open": pdf_bytes(b"/OpenAction << /S /URI /URI (https://example.com/) >>"),
    "embedded-files": pdf_bytes(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
        extra_objects=[b"<< /Type /Filespec /F (a.exe) >>"],
    ),
    "file-attachment-annotation": pdf_bytes(
        page_extra=b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] >>]"
    ),
    "rich-media": pdf_bytes(
        page_extra=b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>]"
    ),
    "xfa": pdf_bytes(
        b"/AcroForm << /Fields [] /XFA 4 0 R >>", extra_objects=[stream(b"<xdp:xdp/>")]
    ),
    "submit-form": pdf_bytes(
        page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /SubmitForm >> >>]"
    ),
    "actions-in-a-stream-dictionary": pdf_bytes(
        page_extra=b"/Contents 4 0 R", extra_objects=[stream(b"BT ET", b"/AA << >>")]
    ),
    "javascript-in-the-trailer": pdf_bytes(trailer_extra=b"/Extra << /JS (app.alert(1)) >>"),
}


@pytest.mark.parametrize("name", list(ACTIVE_PDFS))
def test_pdf_with_active_content_is_rejected(name):
    error = reject(ACTIVE_PDFS[name])
    assert error.code == "active_pdf"
    with translation.override("en"):
        assert "contains scripts, actions or attached files" in error.messages[0]


def test_the_audit_files_are_read_as_javascript_by_other_readers_too():
    """The hostile files are what they claim: pypdf, which an audit used, finds the action."""
    from pypdf import PdfReader

    for name in ("objstm-asciihex", "objstm-flate-twice", "objstm-after-4kb-of-dictionary"):
        reader = PdfReader(io.BytesIO(ACTIVE_PDFS[name]))
        assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript", name
        assert b"JavaScript" not in ACTIVE_PDFS[name], name  # a plain byte scan sees nothing


@pytest.mark.parametrize(
    "catalog_extra",
    [
        b"/Lang (JavaScript JS Launch)",  # words in a string are not names
        b"/OpenAction [3 0 R /Fit]",  # opening at a page is fine
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>",
    ],
)
def test_harmless_look_alikes_are_accepted(catalog_extra):
    assert check_upload(upload(pdf_bytes(catalog_extra)), RULES).kind == KIND_PDF


def test_a_link_to_a_web_page_is_accepted():
    link = b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://x.tw/) >> >>]"
    assert check_upload(upload(pdf_bytes(page_extra=link)), RULES).kind == KIND_PDF


def _encrypted(**passwords):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(**passwords))
    return out.getvalue()


@pytest.mark.parametrize(
    "passwords",
    [{"owner": "secret", "user": "open-me"}, {"owner": "secret", "user": ""}],
    ids=["needs-a-password", "opens-without-one"],
)
def test_encrypted_pdf_is_rejected(passwords):
    assert reject(_encrypted(**passwords)).code == "encrypted_pdf"


def test_a_hand_made_encryption_dictionary_is_rejected():
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"
    content = pdf_bytes(trailer_extra=b"/Encrypt 4 0 R ", extra_objects=[encrypt])
    assert reject(content).code in {"encrypted_pdf", "damaged_pdf"}


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n",
        pdf_bytes().replace(b"startxref\n", b"startxref\n9"),  # the xref is not where it says
        # Same-length edits, so that every offset in the xref stays right.
        pdf_bytes().replace(b"595 842]", b"595 842>"),  # an object that does not parse
        pdf_bytes().replace(b"/Kids [3 0 R]", b"/Kids [     ]").replace(b"/Count 1", b"/Count 0"),
    ],
    ids=["garbage", "wrong-xref", "broken-object", "no-pages"],
)
def test_a_pdf_qpdf_cannot_read_without_repairing_it_is_rejected(content):
    assert reject(content).code == "damaged_pdf"


def _flate_bomb(megabytes):
    """A page whose content inflates to `megabytes` of zeros, compressed twice."""
    inner = flate_of_zeros(megabytes)
    return pdf_bytes(
        page_extra=b"/Contents 4 0 R",
        extra_objects=[stream(inner, filters=b"[/FlateDecode /FlateDecode]")],
    )


def test_a_flate_bomb_runs_into_the_child_s_limits():
    content = _flate_bomb(4096)  # 4 GB
    assert len(content) < 50_000
    error = reject(content)
    assert error.code == "unchecked_pdf"
    with translation.override("en"):
        assert "could not be checked" in error.messages[0]


def test_a_child_out_of_memory_is_unchecked(monkeypatch):
    monkeypatch.setattr(pdfcheck, "MEMORY_BYTES", 16 * 1024 * 1024)  # not even the imports fit
    assert reject(pdf_bytes()).code == "unchecked_pdf"


def test_a_child_past_the_wall_clock_is_unchecked(monkeypatch):
    monkeypatch.setattr(pdfcheck, "WALL_SECONDS", 0.001)
    assert reject(pdf_bytes()).code == "unchecked_pdf"


def test_a_rewrite_far_larger_than_the_upload_is_unchecked():
    # 20 MB of zeros compressed twice: within the limits, but stored as 20 KB of flate, far
    # more than the 2 KB slot it came through allows.
    content = _flate_bomb(20)
    assert len(content) < 2048
    assert reject(content, UploadRules(max_bytes=2048)).code == "unchecked_pdf"


# --- photo slots --------------------------------------------------------------------------


def test_photo_slot_rejects_pdf():
    rules = UploadRules(max_bytes=MB, photo=True)
    assert reject(pdf_bytes(), rules).code == "not_a_photo"
    assert check_upload(upload(image_bytes("JPEG")), rules).kind == KIND_JPEG
    assert check_upload(upload(image_bytes("BMP")), rules).kind == KIND_PNG


def test_min_size_is_enforced_after_orientation():
    rules = UploadRules(max_bytes=MB, photo=True, min_size=(300, 400))
    error = reject(image_bytes("JPEG", (299, 400)), rules)
    assert error.code == "too_small"
    assert check_upload(upload(image_bytes("PNG", (300, 400))), rules).height == 400
    # Stored landscape but displayed portrait (Orientation 6): judged as displayed.
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    sideways = image_bytes("JPEG", (400, 300), exif=exif.tobytes())
    checked = check_upload(upload(sideways), rules)
    assert (checked.width, checked.height) == (300, 400)


# --- names and descriptions ---------------------------------------------------------------


def test_original_name_has_no_path():
    content = pdf_bytes()
    unsafe = File(io.BytesIO(content), name="../../etc/passwd")
    assert check_upload(unsafe, RULES).original_name == "passwd"
    windows = upload(content, "C:\\fakepath\\護照 scan.pdf")
    assert check_upload(windows, RULES).original_name == "護照 scan.pdf"
    assert check_upload(File(io.BytesIO(content), name=".."), RULES).original_name == ""
    long = check_upload(upload(content, "x" * 240 + ".pdf"), RULES).original_name
    assert len(long) == 200


def test_describe_rules():
    with translation.override("en"):
        assert describe_rules(RULES) == "JPG, PNG, BMP or PDF, at most 1 MB"
        photo = UploadRules(max_bytes=512 * 1024, photo=True, min_size=(300, 400))
        assert describe_rules(photo) == (
            "JPG, PNG or BMP, at most 512 KB, at least 300 × 400 pixels"
        )
        pdf_only = UploadRules(max_bytes=int(1.5 * MB), kinds=frozenset({KIND_PDF}))
        assert describe_rules(pdf_only) == "PDF, at most 1.5 MB"


def test_wrong_type_message_lists_what_is_accepted():
    with translation.override("en"):
        error = reject(b"hello", UploadRules(max_bytes=MB, kinds=frozenset({KIND_JPEG})))
        assert "JPG, at most 1 MB" in error.messages[0]


def test_messages_render_in_chinese_too():
    with translation.override("zh-hant"):
        assert reject(b"").messages[0]
        assert describe_rules(RULES)
