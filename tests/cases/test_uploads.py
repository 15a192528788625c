"""The upload checker: every test file is built here, with Pillow or by hand."""

import io
import os
import struct
import warnings
import zipfile
import zlib

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

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


def pdf_bytes(catalog_extra=b"", trailer_extra=b"", extra_objects=()):
    """A minimal valid one-page PDF with a correct xref table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n" % xref + b"%%EOF\n"
    return bytes(out)


def stream_object(payload, dictionary=b"/Type /ObjStm /N 1 /First 4"):
    data = zlib.compress(payload)
    return (
        b"<< "
        + dictionary
        + b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(data)
        + data
        + b"\nendstream"
    )


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


def test_valid_pdf_is_accepted_and_stored_unchanged():
    content = pdf_bytes(extra_objects=[stream_object(b"BT ET", b"")])  # a compressed content
    checked = check_upload(upload(content, "form.pdf", "application/pdf"), RULES)
    assert checked.content == content
    assert (checked.kind, checked.extension, checked.content_type) == (
        KIND_PDF,
        ".pdf",
        "application/pdf",
    )
    assert checked.width is None and checked.height is None


def test_pdf_with_a_harmless_object_stream_is_accepted():
    content = pdf_bytes(extra_objects=[stream_object(b"5 0 << /Type /Font >>")])
    assert check_upload(upload(content), RULES).kind == KIND_PDF


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
    assert reject(png_claiming_size(5001, 5000)).code == "too_many_pixels"
    # Exactly 25 million passes the pixel check, then fails on the (fake) pixel data.
    assert reject(png_claiming_size(5000, 5000)).code == "truncated"


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


def test_encrypted_pdf_is_rejected():
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"
    content = pdf_bytes(trailer_extra=b"/Encrypt 4 0 R ", extra_objects=[encrypt])
    assert reject(content).code == "encrypted_pdf"


@pytest.mark.parametrize(
    "catalog_extra",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",  # escaped names
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>",
    ],
    ids=["javascript", "escaped", "launch", "attachment"],
)
def test_pdf_with_active_content_is_rejected(catalog_extra):
    assert reject(pdf_bytes(catalog_extra)).code == "active_pdf"


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    hidden = stream_object(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in hidden
    assert reject(pdf_bytes(extra_objects=[hidden])).code == "active_pdf"


def test_object_stream_zip_bomb_is_not_inflated_without_limit():
    bomb = stream_object(b" " * (9 * MB))
    assert len(bomb) < 20_000
    assert reject(pdf_bytes(extra_objects=[bomb])).code == "active_pdf"


def test_the_word_javascript_in_plain_text_is_not_a_name():
    content = pdf_bytes(catalog_extra=b"/Lang (JavaScript JS Launch)")
    assert check_upload(upload(content), RULES).kind == KIND_PDF


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
