"""The one helper that keeps downloaded cells from being read as formulas."""

import io

import pytest

from portal.web.spreadsheets import csv_bytes, safe_cell, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+886 2 1234", "'+886 2 1234"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("NGUYEN", "NGUYEN"),
        ("阮文安", "阮文安"),
        (" =not first", " =not first"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
        ("x\x00y", "xy"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_bytes_carry_a_bom_and_safe_cells():
    data = csv_bytes([["Name", "Note"], ["=1+2", "ok"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Name,Note\r\n'=1+2,ok\r\n"


def test_xlsx_cells_are_text_never_formulas():
    from openpyxl import load_workbook

    sheet = load_workbook(
        io.BytesIO(xlsx_bytes([["=1+2", "@x"], ["-1", "ok"]], title="a/b"))
    ).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.value for c in cells] == ["'=1+2", "'@x", "'-1", "ok"]
    assert {c.data_type for c in cells} == {"s"}
    assert sheet.title == "a b"
