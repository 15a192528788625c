"""Documents through the applicant's documents tab and the download view: what is stored (a
server-chosen name, re-encoded content), what is refused (nothing stored, a message that says
why), replacing, and who may download (parties, reviewers allowed to see the workflow, with a
logged view) while every file stays out of reach of any public URL."""

import io
import os
import struct
import zlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image

from portal.cases import drafts
from portal.cases.models import Document, PersonalDataView
from portal.cases.services import SupplementAsk, perform_action
from tests.cases.conftest import pdf_upload
from tests.factories import SampleCaseFactory, UserFactory

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
    assert response["Location"] == documents_url(draft) + "#slot-photo"  # back at the slot
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
    # The live region wraps the list: a <ul> with a role is no list any more (axe listitem).
    assert '<div class="slot-errors" id="errors-photo" role="alert"><ul class="errors">' in page
    assert f"{name}: " in page  # the error names the file it refused
    assert message in page
    assert 'action="#slot-photo"' in page  # posting again comes back at the slot
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


def test_replacing_in_a_draft_deletes_the_old_document_and_its_file(
    applicant_client, draft, media_root, django_capture_on_commit_callbacks
):
    applicant_client.post(documents_url(draft), {"slot": "passport", "file": pdf_upload("a.pdf")})
    old = Document.objects.for_case(draft).get()
    assert files_under(media_root) == [old.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        applicant_client.post(
            documents_url(draft), {"slot": "passport", "file": pdf_upload("b.pdf")}
        )

    new = Document.objects.for_case(draft).get()  # the only row: nobody reviewed the old one
    assert new.original_name == "b.pdf" and new.replaced_at is None
    assert not Document.objects.filter(pk=old.pk).exists()
    assert files_under(media_root) == [new.file.name]


def test_forty_uploads_to_one_draft_slot_leave_one_file(
    applicant_client, draft, media_root, settings, django_capture_on_commit_callbacks
):
    settings.CASE_UPLOAD_RATE = (100, 600)  # this test is about storage, not the rate
    for number in range(40):
        with django_capture_on_commit_callbacks(execute=True):
            response = applicant_client.post(
                documents_url(draft),
                {"slot": "photo", "file": upload(noisy_png((40, 40)), f"photo-{number}.png")},
            )
        assert response.status_code == 302

    [document] = Document.objects.for_case(draft)
    assert document.original_name == "photo-39.png"
    assert files_under(media_root) == [document.file.name]


def test_removing_from_a_draft_deletes_the_document_and_its_file(
    applicant_client, draft, media_root, django_capture_on_commit_callbacks
):
    applicant_client.post(documents_url(draft), {"slot": "passport", "file": pdf_upload()})
    document = Document.objects.for_case(draft).get()

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(documents_url(draft), {"remove": document.pk})

    assert response.status_code == 302
    assert response["Location"] == documents_url(draft) + "#slot-passport"
    assert not Document.objects.for_case(draft).exists()
    assert files_under(media_root) == []


@pytest.fixture
def asked_for_photo(submitted, nia_reviewer):
    """A submitted case whose reviewer asked for a new photo (補件)."""
    perform_action(
        submitted,
        nia_reviewer,
        "request_supplement",
        reason="Please fix",
        supplement=SupplementAsk(items=[("document", "photo", "The photo is blurred.")]),
    )
    submitted.refresh_from_db()
    return submitted


def supplement_url(case):
    return reverse("cases:supplement", args=[SLUG, case.pk])


def test_a_submitted_case_keeps_the_replaced_document_for_the_record(
    applicant_client, asked_for_photo, media_root, django_capture_on_commit_callbacks
):
    old = Document.objects.for_case(asked_for_photo).current().get(slot="photo")

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            supplement_url(asked_for_photo),
            {"intent": "upload:photo", "file-photo": upload(noisy_png(), "new.png")},
        )

    assert response.status_code == 302
    assert response["Location"] == supplement_url(asked_for_photo) + "#slot-photo"
    old.refresh_from_db()
    new = Document.objects.for_case(asked_for_photo).current().get(slot="photo")
    assert old.replaced_at is not None and new.pk != old.pk
    assert {old.file.name, new.file.name} <= set(files_under(media_root))
    assert applicant_client.get(download_url(asked_for_photo, old)).status_code == 200


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


@pytest.mark.parametrize(
    ("name", "content", "served"),
    [
        ("passport.exe", "png", "passport.png"),  # the stored kind wins over the given name
        ("scan.bmp", "bmp", "scan.png"),  # re-encoded: a BMP is stored (and served) as PNG
        ("photo", "jpeg", "photo.jpg"),
    ],
)
def test_download_name_has_the_stored_file_s_extension(
    applicant_client, draft, name, content, served
):
    image = Image.new("RGB", (200, 250), (200, 180, 160))
    out = io.BytesIO()
    image.save(out, {"png": "PNG", "bmp": "BMP", "jpeg": "JPEG"}[content])
    applicant_client.post(
        documents_url(draft), {"slot": "passport", "file": upload(out.getvalue(), name)}
    )
    document = Document.objects.for_case(draft).get()

    response = applicant_client.get(download_url(draft, document))

    assert document.original_name == name  # shown as given on the page
    assert f'filename="{served}"' in response["Content-Disposition"]


# --- uploading without a page reload ---------------------------------------------------------

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def test_a_fetch_upload_gets_the_slot_alone(applicant_client, draft, media_root):
    response = applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(noisy_png(), "me.png")}, **FETCH
    )

    assert response.status_code == 200
    assert response["X-Slot-Fragment"] == "1"
    html = response.content.decode().strip()
    assert html.startswith('<li class="slot" id="slot-photo"')
    assert "<html" not in html and 'id="slot-passport"' not in html
    assert 'data-announce="Uploaded: Photo."' in html
    document = Document.objects.for_case(draft).get()
    assert f'href="{download_url(draft, document)}">me.png</a>' in html
    assert files_under(media_root) == [document.file.name]
    assert not list(get_messages(response.wsgi_request))  # nothing left for the next page


def test_a_refused_fetch_upload_names_the_file_in_the_slot(applicant_client, draft, media_root):
    response = applicant_client.post(
        documents_url(draft),
        {"slot": "photo", "file": upload(b"MZ\x90\x00 not a picture", "passport.exe")},
        **FETCH,
    )

    assert response.status_code == 400
    assert response["X-Slot-Fragment"] == "1"
    html = response.content.decode()
    assert html.strip().startswith('<li class="slot has-error" id="slot-photo"')
    assert "passport.exe: This file is not a type we accept here." in html
    # The script announces it once, politely; a role here would announce it again.
    assert '<div class="slot-errors" id="errors-photo"><ul class="errors">' in html
    assert not Document.objects.exists()
    assert files_under(media_root) == []


def test_a_fetch_upload_on_the_supplement_page_gets_its_slot(applicant_client, asked_for_photo):
    response = applicant_client.post(
        supplement_url(asked_for_photo),
        {"intent": "upload:photo", "file-photo": upload(noisy_png(), "brighter.png")},
        **FETCH,
    )

    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<section class="slot" id="slot-photo"')
    assert "New file uploaded: brighter.png" in html
    current = Document.objects.for_case(asked_for_photo).current().get(slot="photo")
    assert current.original_name == "brighter.png"


def test_the_page_loads_the_upload_script_and_marks_its_slots(applicant_client, draft):
    page = applicant_client.get(documents_url(draft)).content.decode()

    assert "js/uploads.js" in page
    slots = len(drafts.applicable_slots(draft))
    assert page.count("data-upload-slot") == page.count('class="upload"') == slots >= 2
    assert 'role="alert"' not in page  # no errors, no live region left over


# --- the upload rate ---------------------------------------------------------------------


@pytest.fixture
def two_uploads_an_hour(settings):
    settings.CASE_UPLOAD_RATE = (2, 3600)


def test_uploads_over_the_rate_are_refused_with_429_before_the_file_is_read(
    applicant_client, draft, media_root, two_uploads_an_hour
):
    for name in ("a.png", "b.png"):
        applicant_client.post(
            documents_url(draft), {"slot": "photo", "file": upload(noisy_png(), name)}
        )
    stored = files_under(media_root)

    # A damaged PNG: the answer is about the rate, so the checker never saw the file.
    response = applicant_client.post(
        documents_url(draft), {"slot": "passport", "file": upload(b"\x89PNG\r\n\x1a\n", "c.png")}
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    slot = page.split('id="slot-passport"', 1)[1].split("</li>", 1)[0]
    assert "You have uploaded many files in a short time. Please try again after" in slot
    assert "damaged" not in page
    assert ">b.png</a>" in page  # the page still shows what the user had
    assert files_under(media_root) == stored
    assert [d.original_name for d in Document.objects.for_case(draft)] == ["b.png"]


def test_the_rate_is_per_user_and_covers_the_supplement_page(
    client, applicant, asked_for_photo, two_uploads_an_hour
):
    other = UserFactory()
    mine = SampleCaseFactory(owner=other)
    client.force_login(other)
    for _ in range(2):
        client.post(documents_url(mine), {"slot": "photo", "file": upload(noisy_png(), "x.png")})
    assert (
        client.post(
            documents_url(mine), {"slot": "photo", "file": upload(noisy_png(), "x.png")}
        ).status_code
        == 429
    )

    client.force_login(applicant)  # someone else's uploads do not count against this user
    url = supplement_url(asked_for_photo)
    answers = [
        client.post(url, {"intent": "upload:photo", "file-photo": upload(noisy_png(), "p.png")})
        for _ in range(3)
    ]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Please try again after" in answers[2].content.decode()
    assert answers[2]["Retry-After"]


def test_large_images_are_refused_once_the_decoding_budget_is_spent(
    applicant_client, draft, media_root, settings, monkeypatch
):
    """Each user's decoding work per minute is bounded: a few images at the pixel limit,
    then the next waits, refused before a pixel of it is decoded."""
    from PIL import Image

    settings.CASE_UPLOAD_WORK_RATE = (1_000_000, 60)  # two 700 x 700 images a minute

    def large_png():  # plain, so that it stays far below the file-size limit
        out = io.BytesIO()
        Image.new("RGB", (700, 700), (90, 120, 150)).save(out, "PNG")
        return out.getvalue()

    bodies = {name: large_png() for name in ("a.png", "b.png", "c.png")}
    decoded = []  # each image encoded again after decoding: what the budget spares
    real_save = Image.Image.save
    monkeypatch.setattr(
        Image.Image, "save", lambda image, *a, **k: decoded.append(1) or real_save(image, *a, **k)
    )
    for name in ("a.png", "b.png"):
        response = applicant_client.post(
            documents_url(draft), {"slot": "photo", "file": upload(bodies[name], name)}
        )
        assert response.status_code == 302
    decodes = len(decoded)

    response = applicant_client.post(
        documents_url(draft), {"slot": "photo", "file": upload(bodies["c.png"], "c.png")}
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Please try again after" in response.content.decode()
    assert len(decoded) == decodes  # c.png was never decoded nor encoded again
    assert [d.original_name for d in Document.objects.for_case(draft)] == ["b.png"]


def test_ordinary_photos_fit_the_decoding_budget_many_times(applicant_client, draft, settings):
    settings.CASE_UPLOAD_WORK_RATE = (1_000_000, 60)
    for number in range(8):  # 400 x 500 each: 200,000 pixels
        response = applicant_client.post(
            documents_url(draft), {"slot": "photo", "file": upload(noisy_png(), f"{number}.png")}
        )
        assert response.status_code == 302, number
