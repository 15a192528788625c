"""Reading an uploaded batch file into a table of strings, judged by its content.

The file's name and the browser's content type are the client's to choose, so neither is
read: a file starting as a ZIP with a workbook inside is XLSX, anything else must be CSV
text in UTF-8 (with or without the byte-order mark Excel writes). Refused, each with a
message saying what to do: an empty or too large file, an old .xls, a ZIP that is not a
workbook or unpacks too large, an encrypted or damaged workbook, a formula in a cell, a NUL
byte, text in another encoding (Excel's default "CSV" in Taiwan is Big5), control
characters, a cell over MAX_CELL_CHARS and more than MAX_ROWS rows.
"""

import contextlib
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CSV, XLSX = "csv", "xlsx"
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 200  # rows of data, the header not counted; blank rows are skipped
MAX_COLUMNS = 60
MAX_CELL_CHARS = 500
# A workbook is a ZIP of XML: what it unpacks to is what parsing costs.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and encrypted .xlsx
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}

EMPTY = _("This file is empty. Please choose the file again.")
TOO_LARGE = _("This file is larger than %(limit)s MB. Please split it into smaller files.")
NOT_A_TABLE = _(
    "This file is not a CSV or XLSX spreadsheet. Please download the template, fill it in "
    "and upload it as it is saved (XLSX, or CSV UTF-8)."
)
OLD_EXCEL = _(
    "This is an old Excel file (.xls) or a password-protected workbook. Please save it as "
    "“Excel Workbook (.xlsx)” or “CSV UTF-8”, without a password, and upload that."
)
DAMAGED = _("This workbook is damaged or incomplete. Please save it again and upload it.")
UNPACKS_TOO_LARGE = _(
    "This workbook unpacks to far more data than a list of this size needs. Please copy the "
    "rows into the template and upload that."
)
NUL_BYTE = _(
    "This file contains NUL characters, which a CSV file never has (is it saved as "
    "“Unicode text”?). Please save it as “CSV UTF-8” and upload it again."
)
ENCODING = _(
    "This CSV file is not in UTF-8 (Excel’s plain “CSV” in Taiwan is Big5). Please save it "
    "as “CSV UTF-8 (comma delimited)” and upload it again."
)
CONTROL_CHARACTERS = _(
    "This file contains control characters, so it is not a plain CSV file. Please save it "
    "as “CSV UTF-8” and upload it again."
)
BAD_CSV = _(
    "This CSV file could not be read: check that every quotation mark is closed, or save it "
    "again as “CSV UTF-8”."
)
NO_HEADER = _("The first row must hold the column headers of the template.")
TOO_MANY_ROWS = _(
    "This file has more than %(limit)s rows; a batch takes at most %(limit)s. Please split it "
    "into several files."
)
TOO_MANY_COLUMNS = _("This file has more than %(limit)s columns. Please use the template.")
LONG_CELL = _(
    "Row %(row)s, column %(column)s holds %(length)s characters; a cell takes at most "
    "%(limit)s. Please shorten it."
)
LONG_CELL_IN_ROW = _(
    "Row %(row)s holds a cell of more than %(limit)s characters. Please shorten it."
)
FORMULA = _(
    "Row %(row)s, column %(column)s holds a formula. Please enter plain values (copy the "
    "cells and paste them as values) and upload the file again."
)


class FileRefused(Exception):
    """The file cannot be read as a batch; the message says what to do."""

    def __init__(self, message, params=None):
        self.params = params or {}
        super().__init__(str(message) % self.params if self.params else str(message))
        self.template = message

    @property
    def message(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)


@dataclass(frozen=True)
class Table:
    kind: str  # CSV or XLSX, as read from the content
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)


def read_table(upload) -> Table:
    data = _read_at_most(upload)
    if data.startswith(_ZIP):
        table = _read_xlsx(data)
    elif data.startswith(_OLE2):
        raise FileRefused(OLD_EXCEL)
    else:
        table = _read_csv(data)
    _check_shape(table)
    return table


def _read_at_most(upload) -> bytes:
    limit = {"limit": MAX_BYTES // (1024 * 1024)}
    declared = getattr(upload, "size", None)
    if declared is not None and declared > MAX_BYTES:
        raise FileRefused(TOO_LARGE, limit)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        upload.seek(0)
    parts, remaining = [], MAX_BYTES + 1
    while remaining > 0 and (chunk := upload.read(remaining)):
        parts.append(chunk)
        remaining -= len(chunk)
    data = b"".join(parts)
    if not data:
        raise FileRefused(EMPTY)
    if len(data) > MAX_BYTES:
        raise FileRefused(TOO_LARGE, limit)
    return data


# --- CSV ------------------------------------------------------------------------------


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data:
        raise FileRefused(NUL_BYTE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(ENCODING) from None
    if any(ch < " " and ch not in _ALLOWED_CONTROLS for ch in text) or "\x7f" in text:
        raise FileRefused(CONTROL_CHARACTERS)
    first_line = text.split("\n", 1)[0]
    # Excel writes ";" where the decimal mark is a comma, and tabs for "Unicode text".
    delimiter = max(",;\t", key=first_line.count) if first_line.strip() else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for number, cells in enumerate(reader, 1):
            rows.append((number, [cell.strip() for cell in cells]))
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # csv's own cap, 128 KB
            params = {"row": len(rows) + 1, "limit": MAX_CELL_CHARS}
            raise FileRefused(LONG_CELL_IN_ROW, params) from None
        raise FileRefused(BAD_CSV) from None
    return _table(CSV, rows)


# --- XLSX -----------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(NOT_A_TABLE) from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise FileRefused(NOT_A_TABLE)  # a .docx, a .zip of anything else
    if any(member.flag_bits & 0x1 for member in members):
        raise FileRefused(OLD_EXCEL)  # encrypted members
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise FileRefused(UNPACKS_TOO_LARGE)
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; openpyxl parses the XML with defusedxml (installed),
        # which refuses entity expansion. Formulas are kept (data_only=False) to be refused.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types on a damaged or hostile workbook
        raise FileRefused(DAMAGED) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(NO_HEADER)
        sheet = workbook.worksheets[0]
        rows, filled = [], 0
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), 1):
            values = []
            for column, cell in enumerate(cells, 1):
                if getattr(cell, "data_type", None) == "f":
                    raise FileRefused(FORMULA, {"row": number, "column": column})
                values.append(_cell_text(getattr(cell, "value", None)))
            rows.append((number, values))
            filled += any(values)
            if filled > MAX_ROWS + 1:  # the header and one row too many: enough to refuse
                break
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(DAMAGED) from None
    finally:
        workbook.close()
    return _table(XLSX, rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- both -----------------------------------------------------------------------------


def _table(kind: str, rows: list[tuple[int, list[str]]]) -> Table:
    rows = [(number, _trim(cells)) for number, cells in rows]
    if not rows or not any(rows[0][1]):
        raise FileRefused(NO_HEADER)
    _number, header = rows[0]
    data = [(number, cells) for number, cells in rows[1:] if any(cells)]
    return Table(kind, header, data)


def _trim(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _check_shape(table: Table) -> None:
    if len(table.rows) > MAX_ROWS:
        raise FileRefused(TOO_MANY_ROWS, {"limit": MAX_ROWS})
    if len(table.header) > MAX_COLUMNS or any(len(c) > MAX_COLUMNS for _n, c in table.rows):
        raise FileRefused(TOO_MANY_COLUMNS, {"limit": MAX_COLUMNS})
    for number, cells in [(1, table.header), *table.rows]:
        for column, cell in enumerate(cells, 1):
            if len(cell) > MAX_CELL_CHARS:
                raise FileRefused(
                    LONG_CELL,
                    {"row": number, "column": column, "length": len(cell), "limit": MAX_CELL_CHARS},
                )
