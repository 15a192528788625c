"""Documents through the applicant's documents tab and the download view: what is stored (a
server-chosen name, re-encoded content), what is refused (nothing stored, a message that says
why), replacing, and who may download (parties, reviewers allowed to see the workflow, with a
logged view) while every file stays out of reach of any public URL."""

import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image

from portal.cases.models import Document, PersonalDataView
from tests.cases.conftest import pdf_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "sample"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A private MEDIA_ROOT per test, so "no new file on disk" can be checked exactly."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


def files_under(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def documents_url(case):
    return reverse("cases:documents", args=[SLUG, case.pk])


def download_url(case, document):
    return reverse("cases:document", args=[SLUG, case.pk, document.pk])


# --- test files, built like those of test_uploads.py ------------------------------------------


def png_with_metadata(size=(400, 500)):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Model] = "Serial-12345"
    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(out, "PNG", exif=exif.tobytes())
    return out.getvalue()


def noisy_png(size=(200, 200)):
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose header says width x height: a pixel bomb if it were decoded."""
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(out, "PNG")
    data = bytearray(out.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(data[12:29]))
    return bytes(data)


def upload(content, name, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- uploading --------------------------------------------------------------------------------


def test_a_good_png_is_stored_under_a_server_chosen_name_without_metadata(
    applicant_client, applicant, draft, media_root
):
    content = png_with_metadata()
    assert b"SecretCam" in content

    response = applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(content, "我的 photo.png")}
    )

    assert response.status_code == 302
    assert response["Location"] == documents_url(draft)
    document = Document.objects.for_case(draft).get()
    assert (document.slot, document.original_name) == ("photo", "我的 photo.png")
    assert document.content_type == "image/png"
    assert document.uploaded_by == applicant
    assert document.file.name.startswith("cases/")
    assert document.file.name.endswith(".png")
    assert "photo" not in document.file.name
    assert files_under(media_root) == [document.file.name]
    stored = (media_root / document.file.name).read_bytes()
    assert b"SecretCam" not in stored and b"Serial-12345" not in stored and b"Exif" not in stored
    assert document.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (400, 500)
        assert len(image.getexif()) == 0


def test_the_tab_shows_the_uploaded_file(applicant_client, draft):
    applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(png_with_metadata(), "me.png")}
    )

    page = applicant_client.get(documents_url(draft)).content.decode()

    document = Document.objects.for_case(draft).get()
    assert f'href="{download_url(draft, document)}">me.png</a>' in page


def test_the_client_name_never_picks_the_extension(applicant_client, draft):
    applicant_client.post(
        documents_url(draft),
        {
            "slot": "passport",
            "file": upload(png_with_metadata(), "passport.pdf", "application/pdf"),
        },
    )

    document = Document.objects.for_case(draft).get()
    assert document.file.name.endswith(".png")
    assert document.content_type == "image/png"


BAD_FILES = {
    "text-named-jpg": (b"just some text, not a photo\n", "photo.jpg", "not a type we accept"),
    "oversize": (
        b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024),
        "big.png",
        "the limit for this document is 512 KB",
    ),
    "truncated-png": (noisy_png()[:20000], "cut.png", "damaged or incomplete"),
    "pixel-bomb": (png_claiming_size(30000, 30000), "bomb.png", "too many pixels"),
}


@pytest.mark.parametrize("bad", list(BAD_FILES))
def test_a_bad_file_is_refused_and_nothing_is_stored(applicant_client, draft, media_root, bad):
    content, name, message = BAD_FILES[bad]

    response = applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(content, name)}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="errors-photo" role="alert"' in page
    assert message in page
    assert not Document.objects.exists()
    assert files_under(media_root) == []


def test_an_upload_without_a_file_asks_for_one(applicant_client, draft, media_root):
    response = applicant_client.post(documents_url(draft), {"slot": "photo"})

    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()
    assert not Document.objects.exists()


def test_an_upload_to_an_unknown_slot_stores_nothing(applicant_client, draft, media_root):
    response = applicant_client.post(
        documents_url(draft), {"slot": "secret", "file": upload(png_with_metadata(), "x.png")}
    )

    assert response.status_code == 404  # no such slot on this page
    assert not Document.objects.exists()
    assert files_under(media_root) == []


def test_a_bad_file_does_not_replace_the_good_one(applicant_client, draft):
    applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(png_with_metadata(), "good.png")}
    )

    applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(b"text", "photo.jpg")}
    )

    [current] = Document.objects.for_case(draft).current()
    assert current.original_name == "good.png"
    assert Document.objects.for_case(draft).count() == 1


def test_replacing_keeps_the_old_document_marked_replaced(applicant_client, draft, media_root):
    applicant_client.post(documents_url(draft), {"slot": "passport", "file": pdf_upload("a.pdf")})
    old = Document.objects.for_case(draft).get()

    applicant_client.post(documents_url(draft), {"slot": "passport", "file": pdf_upload("b.pdf")})

    old.refresh_from_db()
    new = Document.objects.for_case(draft).current().get()
    assert old.replaced_at is not None
    assert new.original_name == "b.pdf" and new.replaced_at is None
    assert new.file.name != old.file.name
    assert sorted(files_under(media_root)) == sorted([old.file.name, new.file.name])


def test_removing_keeps_the_document_on_record(applicant_client, draft):
    applicant_client.post(documents_url(draft), {"slot": "passport", "file": pdf_upload()})
    document = Document.objects.for_case(draft).get()

    response = applicant_client.post(documents_url(draft), {"remove": document.pk})

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.replaced_at is not None
    assert not Document.objects.for_case(draft).current().exists()


def test_another_user_cannot_upload_or_remove(client, complete_draft, media_root):
    before = files_under(media_root)
    client.force_login(UserFactory())
    photo = Document.objects.for_case(complete_draft).get(slot="photo")

    upload_response = client.post(
        documents_url(complete_draft), {"slot": "photo", "file": upload(noisy_png(), "x.png")}
    )
    remove_response = client.post(documents_url(complete_draft), {"remove": photo.pk})

    assert (upload_response.status_code, remove_response.status_code) == (404, 404)
    photo.refresh_from_db()
    assert photo.replaced_at is None
    assert Document.objects.for_case(complete_draft).count() == 2
    assert files_under(media_root) == before


# --- downloading ------------------------------------------------------------------------------


@pytest.fixture
def photo(complete_draft):
    return Document.objects.for_case(complete_draft).get(slot="photo")


def test_download_is_an_attachment_with_the_stored_type(applicant_client, complete_draft, photo):
    response = applicant_client.get(download_url(complete_draft, photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="photo.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == photo.file.open("rb").read()
    assert not PersonalDataView.objects.exists()  # the applicant's own file


def test_download_of_a_pdf_keeps_its_type(applicant_client, complete_draft):
    passport = Document.objects.for_case(complete_draft).get(slot="passport")

    response = applicant_client.get(download_url(complete_draft, passport))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_replaced_document_stays_downloadable_for_the_record(
    applicant_client, complete_draft, photo
):
    applicant_client.post(
        documents_url(complete_draft),
        {"slot": "photo", "file": upload(png_with_metadata(), "new.png")},
    )

    assert applicant_client.get(download_url(complete_draft, photo)).status_code == 200


def test_a_document_of_another_case_is_404_even_with_a_good_case(
    applicant_client, applicant, complete_draft, photo
):
    from tests.factories import SampleCaseFactory

    mine = SampleCaseFactory(owner=applicant)

    assert applicant_client.get(download_url(mine, photo)).status_code == 404


def test_a_reviewer_allowed_to_see_the_workflow_may_download_and_it_is_logged(
    client, submitted, nia_reviewer, photo
):
    call_command("setup_reviewer_groups", verbosity=0)
    client.force_login(nia_reviewer)

    response = client.get(download_url(submitted, photo))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    [view] = PersonalDataView.objects.for_case(submitted)
    assert view.viewer == nia_reviewer
    assert view.what == "document:photo"


def test_a_reviewer_without_the_group_gets_404(client, submitted, nia_reviewer, photo):
    # Staff and of the right agency, but not (yet) given the view permission.
    client.force_login(nia_reviewer)

    assert client.get(download_url(submitted, photo)).status_code == 404
    assert not PersonalDataView.objects.exists()


def test_a_reviewer_of_an_agency_without_access_gets_404(client, submitted, photo):
    mofa = UserFactory(reviewer=True, agency="MOFA")  # no stage of the sample workflow
    call_command("setup_reviewer_groups", verbosity=0)
    client.force_login(mofa)

    assert client.get(download_url(submitted, photo)).status_code == 404
    assert not PersonalDataView.objects.exists()


def test_a_stranger_gets_404_and_an_anonymous_visitor_must_sign_in(client, submitted, photo):
    anonymous = client.get(download_url(submitted, photo))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))

    client.force_login(UserFactory())
    assert client.get(download_url(submitted, photo)).status_code == 404
    assert not PersonalDataView.objects.exists()


def test_files_are_not_reachable_under_media(client, applicant, photo, media_root):
    assert (media_root / photo.file.name).is_file()
    paths = [f"/media/{photo.file.name}", f"/{photo.file.name}", "/media/"]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(applicant)
        for path in paths:
            assert client.get(path).status_code == 404, path


def test_removing_with_a_malformed_id_changes_nothing(applicant_client, complete_draft):
    response = applicant_client.post(documents_url(complete_draft), {"remove": "abc"})

    assert response.status_code in (302, 400)
    assert Document.objects.for_case(complete_draft).current().count() == 2
