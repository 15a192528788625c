"""Fixtures of the Gold Card tests: complete answers, a draft ready to submit, a paid case."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import UserFactory
from tests.pdf_files import MINIMAL_PDF


def png_bytes(size=(300, 400)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 210, 220)).save(buffer, "PNG")
    return buffer.getvalue()


PDF_BYTES = MINIMAL_PDF


def eligibility(**overrides):
    answers = {
        "held_gold_card": "no",
        "identity": "foreign",
        "in_taiwan": "no",
        "entry_document": "",
        "roc_national": "no",
        "acknowledged_at": timezone.now().isoformat(),
        "terms_accepted_at": timezone.now().isoformat(),
    }
    answers.update(overrides)
    return answers


def goldcard_answers(*, in_taiwan=False, identity="foreign", nationality="US", **overrides):
    """Complete, valid answers for every tab (reference rows must exist)."""
    from goldcard.forms.sections import BACKGROUND_QUESTIONS, EXPLANATION_TOPICS
    from goldcard.models import OverseasMission, QualificationCriterion
    from portal.reference.models import District, ServiceStation

    district = District.objects.select_related("county").order_by("pk").first()
    station = ServiceStation.objects.filter(is_active=True).order_by("pk").first()
    criterion = QualificationCriterion.objects.get(field__code="digital", code="salary_160k")
    today = timezone.localdate()
    answers = {
        "eligibility": eligibility(
            identity=identity,
            in_taiwan="yes" if in_taiwan else "no",
            entry_document="visa_exempt" if in_taiwan else "",
        ),
        "basic": {
            "surname": "DOE",
            "given_name": "JANE MARY",
            "chinese_name": "",
            "date_of_birth": "1988-04-02",
            "sex": "F",
            "nationality": nationality,
            "occupation": "Engineer",
            "education": "master",
            "marital_status": "single",
            "email": "jane.doe@example.com",
            "birth_country": nationality,
            "birth_city": "Boston",
            "home_address": "1 Main St, Boston MA",
            "home_phone": "+1 617 555 0100",
            "other_nationality": "",
        },
        "passport": {
            "passport_type": "ordinary",
            "passport_number": "X1234567",
            "issue_date": (today - datetime.timedelta(days=400)).isoformat(),
            "expiry_date": (today + datetime.timedelta(days=3000)).isoformat(),
            "place_of_issue": "Boston",
            "previous_passport_number": "",
        },
        "visa": {
            "mission": "" if in_taiwan else OverseasMission.objects.get(code="US-SFO").code,
            **dict.fromkeys((code for code, _question in BACKGROUND_QUESTIONS), "no"),
            "first_visit": "yes",
            **{f"{code}_explanation": "" for code in EXPLANATION_TOPICS},
        },
        "residence": {
            "county": str(district.county_id) if in_taiwan else "",
            "district": str(district.pk) if in_taiwan else "",
            "village": "",
            "neighbourhood": "",
            "road": "Chongqing S. Rd." if in_taiwan else "",
            "section": "1" if in_taiwan else "",
            "lane": "",
            "alley": "",
            "number": "122" if in_taiwan else "",
            "floor": "",
            "term_years": "3",
            "held_arc_before": "no",
            "ui_number": "",
            "pickup_station": str(station.pk) if in_taiwan else "",
        },
        "field": {"field": "digital", "criterion": str(criterion.pk)},
    }
    for section, values in overrides.items():
        answers[section] = {**answers.get(section, {}), **values}
    return answers


def attach_documents(case, user, slots=("photo", "passport_copy", "salary_proof")):
    from portal.cases.documents import store_document

    for code in slots:
        slot = case.workflow.slot(code)
        content = png_bytes() if code == "photo" else PDF_BYTES
        name = "photo.png" if code == "photo" else f"{code}.pdf"
        store_document(case, slot, SimpleUploadedFile(name, content), user=user)


@pytest.fixture
def applicant(db):
    return UserFactory(email="jane.doe@example.com", full_name="Jane Doe", language="en")


@pytest.fixture
def complete_draft(db, reference_data, applicant):
    from goldcard.models import GoldCardCase
    from goldcard.reference_data import ensure_reference_data

    ensure_reference_data()

    def make(**kwargs):
        case = GoldCardCase.objects.create(
            owner=applicant, language="en", answers=goldcard_answers(**kwargs)
        )
        attach_documents(case, applicant)
        return case

    return make
