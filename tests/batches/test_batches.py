"""Batches end to end through the pages: upload, per-row problems, fixing a row in place,
submitting the batch (each draft through perform_action, with a report of both kinds),
downloads, and only the owner ever seeing a batch."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from portal.batches.models import Batch, BatchRow
from portal.cases.documents import store_document
from portal.cases.models import CaseEvent
from tests.cases.conftest import pdf_upload, png_upload
from tests.factories import MembershipFactory, UserFactory
from tests.sampleflow.models import SampleCase

from .conftest import BAD_DATE, GOOD, HEADER, SECOND, csv_upload, xlsx_upload

NEW = reverse("batches:new", args=["sample"])


@pytest.fixture
def signed_in(client, employer):
    client.force_login(employer)
    return client


def upload(client, file):
    return client.post(NEW, {"file": file})


def only_batch():
    return Batch.objects.get()


def with_documents(case, user):
    store_document(case, case.workflow.slot("photo"), png_upload(), user=user)
    store_document(case, case.workflow.slot("passport"), pdf_upload(), user=user)


def test_each_row_becomes_a_draft_filed_by_the_organisation(signed_in, employer):
    response = upload(signed_in, csv_upload([HEADER, GOOD, SECOND]))

    batch = only_batch()
    assert response.status_code == 302 and response.url == reverse(
        "batches:detail", args=[batch.pk]
    )
    rows = list(batch.rows.all())
    assert [row.number for row in rows] == [2, 3]
    cases = SampleCase.objects.order_by("pk")
    assert [c.applicant_name for c in cases] == ["NGUYEN Van An", "TRAN Thi B"]
    first = cases[0]
    assert first.is_draft and first.filer == employer and first.filer_organisation is not None
    assert first.answers["person"]["passport_number"] == "C1234567"
    assert first.answers["stay"]["studies"] == "no"
    assert cases[1].answers["stay"]["studies"] == "no"  # "No", by its label
    assert rows[0].values["person.surname"] == "NGUYEN"
    assert batch.kind == "csv" and batch.file_name == "workers.csv"


def test_chinese_headers_and_an_xlsx_file(signed_in):
    with translation.override("zh-hant"):
        chinese = [str(c.header) for c in SampleCase.workflow.batch_columns]
    assert chinese[0] != HEADER[0]  # the catalogue translates the sample's headers
    upload(signed_in, xlsx_upload([chinese, GOOD]))
    assert only_batch().kind == "xlsx"
    assert SampleCase.objects.get().answers["person"]["surname"] == "NGUYEN"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Surname", *HEADER[1:]], GOOD], "is not one of this application"),
        ([HEADER[:-1], GOOD[:-1]], "These columns are missing"),
        ([[*HEADER, HEADER[0]], [*GOOD, "X"]], "appears twice"),
        ([HEADER], "no rows"),
        ([HEADER, [*GOOD, "stray"]], "which has no header"),
    ],
)
def test_a_file_that_does_not_fit_makes_nothing(signed_in, rows, message):
    with translation.override("en"):
        response = upload(signed_in, csv_upload(rows))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Batch.objects.exists() and not SampleCase.objects.exists()


def test_a_refused_file_is_explained_in_chinese_too(signed_in):
    response = upload(signed_in, csv_upload([HEADER, GOOD], encoding="big5"))
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_rows_show_their_problems_beside_the_values(signed_in):
    upload(signed_in, csv_upload([HEADER, GOOD, BAD_DATE]))
    batch = only_batch()

    with translation.override("en"):
        page = signed_in.get(reverse("batches:detail", args=[batch.pk]))
    reports = {item["report"].row.number: item for item in page.context["rows"]}
    bad = reports[3]
    assert bad["report"].column_problems == {"person.date_of_birth": ["Enter a valid date."]}
    assert bad["form"].errors == {"person__date_of_birth": ["Enter a valid date."]}
    # Documents are not in the file: fixed in the draft, and said so.
    assert {p.field for p in bad["report"].other_problems} == {"photo", "passport"}
    html = page.content.decode()
    assert 'id="row-3"' in html and "Enter a valid date." in html
    assert page.context["tally"] == {"submitted": 0, "ready": 0, "needs_fixing": 2}


def test_the_batch_page_reads_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries):
    upload(signed_in, csv_upload([HEADER] + [GOOD] * 30))
    batch = only_batch()
    with django_assert_max_num_queries(12):
        signed_in.get(reverse("batches:detail", args=[batch.pk]))


def test_a_row_is_fixed_in_place(signed_in, employer):
    upload(signed_in, csv_upload([HEADER, BAD_DATE]))
    batch = only_batch()
    row = batch.rows.get()
    prefix = f"row{row.pk}-"
    data = {
        prefix + f"{c.section}__{c.field}": v
        for c, v in zip(SampleCase.workflow.batch_columns, BAD_DATE, strict=True)
    }
    data[prefix + "person__date_of_birth"] = "1988-03-04"
    data[prefix + "stay__studies"] = "no"

    response = signed_in.post(reverse("batches:fix_row", args=[batch.pk, row.pk]), data)

    assert response.url.endswith("#row-2")
    case = SampleCase.objects.get()
    assert case.answers["person"]["date_of_birth"] == "1988-03-04"
    assert case.answers["person"]["surname"] == "LE"
    row.refresh_from_db()
    assert row.values["person.date_of_birth"] == "not a date"  # what the file said, kept


def test_submitting_the_batch_reports_each_row(signed_in, employer):
    upload(signed_in, csv_upload([HEADER, GOOD, SECOND, BAD_DATE]))
    batch = only_batch()
    rows = {row.number: row for row in batch.rows.all()}
    for number in (2, 3):
        with_documents(SampleCase.objects.get(pk=rows[number].case_id), employer)

    with translation.override("en"):
        response = signed_in.post(reverse("batches:submit", args=[batch.pk]), follow=True)

    submitted = SampleCase.objects.filter(number__isnull=False)
    assert submitted.count() == 2
    assert all(c.state == "nia_review" for c in submitted)
    assert CaseEvent.objects.filter(action="submit").count() == 2
    refused = BatchRow.objects.get(number=4)
    assert refused.outcome == "refused"
    assert refused.outcome_note == "The application is not complete yet."
    messages = [str(m) for m in response.context["messages"]]
    assert "Submitted: 2 applications (rows 2, 3)." in messages
    assert "Not submitted: 1 application (row 4). The row says why." in messages
    html = response.content.decode()
    for case in submitted:
        assert case.number in html
    batch.refresh_from_db()
    assert batch.submitted_at is not None

    # Submitting again sends only what is left; the submitted rows are not sent twice.
    signed_in.post(reverse("batches:submit", args=[batch.pk]))
    assert CaseEvent.objects.filter(action="submit").count() == 2


def test_a_submitted_row_cannot_be_changed_in_place(signed_in, employer):
    upload(signed_in, csv_upload([HEADER, GOOD]))
    batch = only_batch()
    row = batch.rows.get()
    with_documents(SampleCase.objects.get(), employer)
    signed_in.post(reverse("batches:submit", args=[batch.pk]))

    signed_in.post(
        reverse("batches:fix_row", args=[batch.pk, row.pk]),
        {f"row{row.pk}-person__surname": "CHANGED"},
    )
    assert SampleCase.objects.get().answers["person"]["surname"] == "NGUYEN"


def test_other_users_get_404_for_every_batch_page(client, signed_in):
    upload(signed_in, csv_upload([HEADER, GOOD]))
    batch = only_batch()
    row = batch.rows.get()
    colleague = MembershipFactory(user__role="employer").user
    client.force_login(colleague)
    for url, method in [
        (reverse("batches:detail", args=[batch.pk]), "get"),
        (reverse("batches:export", args=[batch.pk, "csv"]), "get"),
        (reverse("batches:submit", args=[batch.pk]), "post"),
        (reverse("batches:fix_row", args=[batch.pk, row.pk]), "post"),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    assert SampleCase.objects.get().is_draft
    assert client.get(reverse("batches:list")).context["batches"] == []


def test_only_organisation_users_file_batches(client, db):
    client.force_login(UserFactory())  # an applicant for themself
    assert client.get(NEW).status_code == 403
    assert client.get(reverse("batches:template", args=["sample", "csv"])).status_code == 403


def test_batch_forms_need_the_csrf_token(employer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(employer)
    response = strict.post(NEW, {"file": csv_upload([HEADER, GOOD])})
    assert response.status_code == 403
    assert not Batch.objects.exists()


def test_the_home_page_offers_batches_to_organisations(signed_in):
    with translation.override("en"):
        html = signed_in.get(reverse("pages:home")).content.decode()
    assert NEW in html


# --- downloads ------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value or "" for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_template_in_the_pages_language(signed_in, employer, language):
    employer.language = language  # the account's language is the page's
    employer.save(update_fields=["language"])
    with translation.override(language):
        expected = [str(c.header) for c in SampleCase.workflow.batch_columns]
        csv_file = signed_in.get(reverse("batches:template", args=["sample", "csv"]))
        xlsx_file = signed_in.get(reverse("batches:template", args=["sample", "xlsx"]))
    for rows in (read_csv(csv_file), read_xlsx(xlsx_file)):
        assert rows[0] == expected
        assert rows[1][:2] == ["NGUYEN", "Van An"]
    assert csv_file["Content-Type"].startswith("text/csv")
    assert "attachment" in xlsx_file["Content-Disposition"]


def test_a_filled_in_template_uploads(signed_in):
    template = signed_in.get(reverse("batches:template", args=["sample", "xlsx"]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload(signed_in, SimpleUploadedFile("filled.xlsx", template.content))
    assert response.status_code == 302
    assert SampleCase.objects.get().answers["person"]["surname"] == "NGUYEN"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exported_rows_neutralise_formulas(signed_in, kind):
    evil = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tTAB", "VN"]
    upload(
        signed_in,
        csv_upload([HEADER, [*evil[:2], "1990-05-17", "VN", "@SUM(A1)", "-2+3", "no", ""]]),
    )
    batch = only_batch()
    response = signed_in.get(reverse("batches:export", args=[batch.pk, kind]))
    rows = read_csv(response) if kind == "csv" else read_xlsx(response)
    values = rows[1]
    assert values[3] == "'" + evil[0]
    assert values[4] == "'+1"
    assert values[7] == "'@SUM(A1)"
    assert values[8] == "'-2+3"
    assert rows[0][-1] in ("Problems", "問題")
    assert values[1] in ("Needs fixing", "需要修正")
    if kind == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# --- what PostgreSQL refuses never reaches it ---------------------------------------------


def test_nul_bytes_in_a_file_or_a_fixed_row_are_refused(signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = ("\ufeff" + ",".join(HEADER) + "\r\n" + ",".join(GOOD) + "\r\n").encode()
    response = upload(signed_in, SimpleUploadedFile("w.csv", data.replace(b"NGUYEN", b"NG\x00")))
    assert response.status_code == 400
    assert not Batch.objects.exists()

    upload(signed_in, csv_upload([HEADER, GOOD]))
    batch = only_batch()
    row = batch.rows.get()
    response = signed_in.post(
        reverse("batches:fix_row", args=[batch.pk, row.pk]),
        {f"row{row.pk}-person__surname": "A\x00B"},
    )
    assert response.status_code == 400
    assert SampleCase.objects.get().answers["person"]["surname"] == "NGUYEN"


def test_over_long_values_and_names_are_kept_within_their_columns(signed_in):
    long_name = "N" * 250 + ".csv"
    upload(signed_in, csv_upload([HEADER, GOOD], name=long_name))
    batch = only_batch()
    assert len(batch.file_name) == 200
    row = batch.rows.get()
    prefix = f"row{row.pk}-"
    columns = SampleCase.workflow.batch_columns
    data = {prefix + f"{c.section}__{c.field}": v for c, v in zip(columns, GOOD, strict=True)}
    data[prefix + "person__surname"] = "S" * 400  # the form allows 60: a problem, kept
    data[prefix + "person__given_name"] = "G" * 400

    with translation.override("en"):
        signed_in.post(reverse("batches:fix_row", args=[batch.pk, row.pk]), data)
        page = signed_in.get(reverse("batches:detail", args=[batch.pk]))

    case = SampleCase.objects.get()
    assert case.answers["person"]["surname"] == "S" * 400
    assert len(case.applicant_name) == 200
    [item] = page.context["rows"]
    assert "person.surname" in item["report"].column_problems


def test_a_draft_whose_steps_before_the_tabs_are_not_taken_is_not_submitted(
    signed_in, employer, monkeypatch
):
    upload(signed_in, csv_upload([HEADER, GOOD]))
    with_documents(SampleCase.objects.get(), employer)
    # As if the workflow had a gate (terms of use) this draft has not passed.
    monkeypatch.setattr("portal.cases.starting.open_gate_url", lambda case: "/terms/")

    with translation.override("en"):
        signed_in.post(reverse("batches:submit", args=[only_batch().pk]))

    assert SampleCase.objects.get().is_draft
    assert BatchRow.objects.get().outcome_note.startswith("Open the draft and complete")
