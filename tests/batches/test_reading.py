"""Reading a batch file by its content (portal.batches.reading): CSV with or without a BOM,
XLSX, and every kind of bad file refused with a message saying what to do."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.batches import reading
from portal.batches.reading import FileRefused, read_table

from .conftest import GOOD, HEADER, SECOND, csv_upload, xlsx_upload


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(upload) -> str:
    with pytest.raises(FileRefused) as caught:
        read_table(upload)
    return caught.value.message


def raw(data: bytes, name="list.csv"):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("bom", [False, True])
def test_csv_in_utf8_with_or_without_bom(bom):
    table = read_table(csv_upload([HEADER, GOOD, SECOND], bom=bom))
    assert table.kind == "csv"
    assert table.header == HEADER  # no BOM left on the first header
    assert table.rows == [(2, GOOD[:-1]), (3, SECOND[:-1])]  # trailing empty cells trimmed


def test_semicolons_and_blank_rows():
    table = read_table(csv_upload([HEADER, [], GOOD, ["", ""], SECOND], delimiter=";"))
    assert [number for number, _cells in table.rows] == [3, 5]


def test_xlsx_is_read_whatever_its_name():
    import datetime

    row = [*GOOD[:2], datetime.datetime(1990, 5, 17), "VN", 1234567.0, GOOD[5], "no"]
    table = read_table(xlsx_upload([HEADER, row], name="list.csv"))
    assert table.kind == "xlsx"
    assert table.rows == [(2, [*GOOD[:2], "1990-05-17", "VN", "1234567", GOOD[5], "no"])]


def test_a_csv_named_xlsx_is_still_csv():
    assert read_table(csv_upload([HEADER, GOOD], name="list.xlsx")).kind == "csv"


def test_big5_is_refused_with_advice():
    message = refused(csv_upload([HEADER, GOOD], encoding="big5"))
    assert "not in UTF-8" in message and "CSV UTF-8" in message


def test_utf16_and_nul_bytes_are_refused():
    assert "NUL" in refused(raw("a,b\r\n1,2".encode("utf-16")))
    assert "NUL" in refused(raw(b"Surname,Given\r\nA\x00B,C\r\n"))


def test_control_characters_and_binary_files_are_refused():
    assert "control characters" in refused(raw(b"Surname\r\nA\x07B\r\n"))
    assert "not in UTF-8" in refused(raw(b"\x89PNG\r\n\x1a\n" + bytes(range(128, 255))))


def test_an_empty_file_and_a_file_without_header():
    assert "empty" in refused(raw(b""))
    assert "first row" in refused(raw(b"\r\n\r\n,,\r\n"))


def test_too_large(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    assert "larger than" in refused(raw(b"a," * 60))


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    assert read_table(csv_upload([HEADER] + [GOOD] * 3))
    assert "more than 3 rows" in refused(csv_upload([HEADER] + [GOOD] * 4))
    assert "more than 3 rows" in refused(xlsx_upload([HEADER] + [GOOD] * 4))


def test_over_long_values_are_refused_with_their_place():
    long_name = "A" * (reading.MAX_CELL_CHARS + 1)
    message = refused(csv_upload([HEADER, GOOD, [long_name, *GOOD[1:]]]))
    assert "Row 3, column 1 holds 501 characters" in message
    assert "Row 2" in refused(raw(b"Surname\r\n" + b"x" * 200_000 + b"\r\n"))


def test_an_unclosed_quote_is_refused():
    assert "quotation mark" in refused(raw(b'Surname,Given\r\n"A,B\r\nC,D'))


def test_formula_cells_in_a_workbook_are_refused():
    message = refused(xlsx_upload([HEADER, GOOD], formula_at="C2"))
    assert message.startswith("Row 2, column 3 holds a formula")


def test_formula_text_in_a_csv_is_kept_as_text():
    # Kept as typed (the name check refuses it); every download neutralises it.
    table = read_table(csv_upload([HEADER, ['=HYPERLINK("http://x")', *GOOD[1:]]]))
    assert table.rows[0][1][0] == '=HYPERLINK("http://x")'


def test_old_excel_and_other_zips_are_refused():
    assert ".xls" in refused(raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "not a CSV or XLSX" in refused(raw(out.getvalue()))
    assert "not a CSV or XLSX" in refused(raw(b"PK\x03\x04 not really a zip"))


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)
    assert "unpacks" in refused(xlsx_upload([HEADER, GOOD]))


def test_a_damaged_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    assert "damaged" in refused(raw(out.getvalue()))
