"""PDF files for tests, built by hand so that each byte is the one the test means: a valid
minimal document, and the hostile shapes an audit used to slip JavaScript past a check."""

import zlib

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> "


def pdf_bytes(catalog_extra=b"", trailer_extra=b"", extra_objects=(), padding=0, page_extra=b""):
    """A minimal valid one-page PDF with a correct xref table; `padding` bytes of comment
    make it exactly as large as a test needs."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        PAGES,
        PAGE + page_extra + b">>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if padding:
        out += b"%" + b"x" * (padding - 2) + b"\n"
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


def pdf_of_size(size):
    """A valid PDF of exactly `size` bytes."""
    padding = size - len(pdf_bytes())
    # The padding moves the xref, and its offset after "startxref" takes more digits.
    return pdf_bytes(padding=padding - (len(pdf_bytes(padding=padding)) - size))


MINIMAL_PDF = pdf_bytes()


def stream(payload, dictionary=b"", filters=b"/FlateDecode", encode=zlib.compress):
    data = encode(payload)
    return (
        b"<< "
        + dictionary
        + b" /Filter "
        + filters
        + b" /Length %d >>\nstream\n" % len(data)
        + data
        + b"\nendstream"
    )


def objstm_pdf(
    hidden, *, catalog_extra=b"", filters=b"/FlateDecode", encode=zlib.compress, dictionary=b""
):
    """A PDF 1.5 whose object 4 (`hidden`) sits in a compressed object stream (object 5),
    found through a cross-reference stream, as modern writers do it. `filters`/`encode`
    choose the object stream's encoding; `dictionary` goes into its dictionary."""
    head = b"4 0 "
    objstm = stream(
        head + hidden,
        b"/Type /ObjStm /N 1 /First %d " % len(head) + dictionary,
        filters,
        encode,
    )
    plain = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        2: PAGES,
        3: PAGE + b">>",
        5: objstm,
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /Root 1 0 R /W [1 4 2] /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n" % offsets[6] + b"%%EOF\n"
    return bytes(out)


def flate_of_zeros(megabytes):
    """zlib data that inflates to `megabytes` MB of zeros, made in milliseconds: after a full
    flush the compressor forgets what came before, so every further megabyte compresses to
    the same bytes, which are repeated; then an empty final block and the Adler-32 of n
    zeros (a = 1, b = n mod 65521)."""
    chunk = b"\0" * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    size = megabytes << 20
    adler = ((size % 65521) << 16) | 1
    return first + again * (megabytes - 1) + b"\x03\x00" + adler.to_bytes(4, "big")
