import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import Role
from tests.factories import MembershipFactory

HEADER = [
    "Surname (as in the passport)",
    "Given name (as in the passport)",
    "Date of birth",
    "Nationality",
    "Passport number",
    "Address in Taiwan",
    "Studying?",
    "School",
]
GOOD = [
    "NGUYEN",
    "Van An",
    "1990-05-17",
    "VN",
    "C1234567",
    "台北市中正區重慶南路一段122號",
    "no",
    "",
]
SECOND = ["TRAN", "Thi B", "1992-01-02", "VN", "B7654321", "新北市板橋區中山路一段161號", "No", ""]
BAD_DATE = ["LE", "Van C", "not a date", "VN", "D1112223", "台中市西屯區台灣大道三段99號", "no", ""]


def csv_upload(rows, *, name="workers.csv", bom=False, encoding="utf-8", delimiter=","):
    import csv

    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_upload(rows, *, name="workers.xlsx", formula_at=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=1+2"
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def employer(db):
    return MembershipFactory(user__role=Role.EMPLOYER, user__email="hr@example.com").user
