"""Files people open in a spreadsheet (CSV and XLSX downloads): every cell goes through
`safe_cell`, the one place that neutralises spreadsheet formula injection.

A value typed by someone else (an applicant's name, an uploaded cell) that begins with
= + - @, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
formula, which may fetch URLs or run commands when the file is opened (OWASP "CSV
injection"). Prefixing such a value with an apostrophe makes it text in every one of them.
In XLSX the risk is the same: openpyxl stores a string starting with "=" as a formula.
"""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value) -> str:
    """`value` as the text of one cell, never read as a formula."""
    text = "" if value is None else str(value)
    # Excel drops a NUL and everything after it; PostgreSQL never stored one anyway.
    text = text.replace("\x00", "")
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(rows) -> bytes:
    """Rows of values as CSV in UTF-8 with a byte-order mark (without one, Excel reads the
    Chinese as mojibake), every cell through `safe_cell`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, *, title: str = "Sheet1", text_columns: bool = True) -> bytes:
    """Rows of values as a one-sheet XLSX workbook, every cell a string through
    `safe_cell`. With `text_columns`, the columns are formatted as text, so that what a
    person types next (a passport number with a leading zero) stays as typed."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    width = 0
    for row in rows:
        cells = [safe_cell(value) for value in row]
        sheet.append(cells)
        width = max(width, len(cells))
    for column in range(1, width + 1):
        letter = get_column_letter(column)
        longest = max((len(str(c.value or "")) for c in sheet[letter]), default=10)
        sheet.column_dimensions[letter].width = min(max(longest + 2, 10), 60)
        if text_columns:
            sheet.column_dimensions[letter].number_format = "@"
            for cell in sheet[letter]:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names over 31 characters.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return cleaned[:31] or "Sheet1"


def download(content: bytes, filename: str, kind: str) -> HttpResponse:
    """A file download; `filename` is ASCII, chosen by us (never a value someone typed)."""
    response = HttpResponse(content, content_type=CSV_TYPE if kind == "csv" else XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
