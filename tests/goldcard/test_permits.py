"""Permits on record and the services of a permit, whose windows and fees are data."""

import datetime

import pytest
from django.utils import timezone

from goldcard.models import GoldCardService, Service
from portal.cases.services import perform_action
from portal.permits.models import Permit, PermitService
from portal.permits.services import ServiceNotOpen, check_service_open
from tests.factories import UserFactory
from tests.goldcard.conftest import attach_documents
from tests.goldcard.test_smoke_flow import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(db):
    return {agency: UserFactory(reviewer=True, agency=agency) for agency in ("NIA", "WDA", "MOFA")}


def test_the_gold_card_services_are_seeded_as_data():
    rows = {
        row.service: (row.opens_months_before_end, row.fee_service, row.prints_card)
        for row in PermitService.objects.filter(kind="goldcard")
    }
    assert rows == {
        "extension": (4, "goldcard_extension", True),
        "reissue": (None, "goldcard_reissue", True),
        "data_change": (None, "", False),
        "pickup_change": (None, "", False),
    }


def test_the_approval_records_the_card_as_a_permit(
    complete_draft, applicant, reviewers, fee_schedule
):
    case = walk(complete_draft(), applicant, reviewers, expect_mofa=True)

    permit = Permit.objects.for_case(case).get()
    assert (permit.kind, permit.number, permit.holder) == ("goldcard", case.number, applicant)
    assert (permit.valid_from, permit.valid_until) == (case.card_valid_from, case.card_valid_until)
    assert permit.is_valid()
    assert list(Permit.objects.held_by(applicant).current()) == [permit]
    assert not Permit.objects.held_by(UserFactory()).exists()


def test_an_approved_extension_extends_the_permit(
    complete_draft, applicant, reviewers, fee_schedule
):
    card = walk(complete_draft(), applicant, reviewers, expect_mofa=True)
    perform_action(card, reviewers["NIA"], "hand_over")
    ends = timezone.localdate() + datetime.timedelta(days=30)
    Permit.objects.for_case(card).update(valid_until=ends)
    type(card).objects.filter(pk=card.pk).update(card_valid_until=ends)
    card = type(card).objects.get(pk=card.pk)
    service = GoldCardService.objects.create(
        owner=applicant,
        service=Service.EXTENSION,
        card=card,
        answers={"extension": {"term_years": "2", "still_qualifies": True}},
    )
    assert service.permit == card.permit and service.fee_service == "goldcard_extension"
    attach_documents(service, applicant, slots=("photo", "passport_copy", "criterion_proof"))
    perform_action(service, applicant, "submit")
    perform_action(service, None, "confirm_payment")
    perform_action(service, reviewers["NIA"], "approve")
    perform_action(service, reviewers["NIA"], "card_ready")

    permit = Permit.objects.for_case(card).get()
    assert permit.valid_until == service.new_valid_until
    assert service.new_valid_from == ends + datetime.timedelta(days=1)


def test_a_window_changed_in_the_admin_applies():
    permit = Permit(valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2027, 12, 31))
    terms = PermitService.objects.get(kind="goldcard", service="extension")
    check_service_open(permit, terms, datetime.date(2027, 9, 1))  # 4 months before

    terms.opens_months_before_end = 2
    terms.save()

    with pytest.raises(ServiceNotOpen) as closed:
        check_service_open(permit, terms, datetime.date(2027, 9, 1))
    assert closed.value.opens == datetime.date(2027, 10, 31) and not closed.value.expired
    with pytest.raises(ServiceNotOpen) as late:
        check_service_open(permit, terms, datetime.date(2028, 1, 1))
    assert late.value.expired


def test_a_fee_removed_from_the_terms_makes_new_drafts_free(complete_draft, applicant):
    from goldcard.models import GoldCardCase

    PermitService.objects.filter(kind="goldcard", service="reissue").update(fee_service="")
    PermitService.objects.get(kind="goldcard", service="reissue").save()  # forget the cache
    card = GoldCardCase.objects.create(owner=applicant)

    service = GoldCardService.objects.create(owner=applicant, service=Service.REISSUE, card=card)

    assert service.fee_service == "" and service.fee_amount() == 0
