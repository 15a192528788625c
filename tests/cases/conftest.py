import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import SampleCaseFactory, UserFactory, sample_answers
from tests.pdf_files import MINIMAL_PDF


def png_upload(name="photo.png", size=(400, 500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="passport.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.com")


@pytest.fixture
def nia_reviewer(db):
    return UserFactory(email="nia@example.gov.tw", reviewer=True, agency="NIA")


@pytest.fixture
def wda_reviewer(db):
    return UserFactory(email="wda@example.gov.tw", reviewer=True, agency="WDA")


@pytest.fixture
def draft(applicant):
    return SampleCaseFactory(owner=applicant, answers=sample_answers())


@pytest.fixture
def complete_draft(draft, applicant):
    from portal.cases.documents import store_document

    workflow = draft.workflow
    store_document(draft, workflow.slot("photo"), png_upload(), user=applicant)
    store_document(draft, workflow.slot("passport"), pdf_upload(), user=applicant)
    return draft


@pytest.fixture
def submitted(complete_draft, applicant, nia_reviewer, wda_reviewer):
    from portal.cases.services import perform_action

    perform_action(complete_draft, applicant, "submit")
    return complete_draft
