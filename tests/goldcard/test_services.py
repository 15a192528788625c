"""The Gold Card's other services: extension window and validity, data change (free, applied
to the card), reissue fee, pickup change, dependants (not an application)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from goldcard.models import GoldCardService, Service
from goldcard.models.case import card_end
from goldcard.models.services import ExtensionNotOpen, check_extension_allowed
from goldcard.reference_data import ensure_reference_data
from portal.cases.actions import available_actions
from portal.cases.services import perform_action
from tests.factories import GoldCardCaseFactory, GoldCardServiceFactory, UserFactory
from tests.goldcard.conftest import goldcard_answers

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


@pytest.fixture
def nia(db):
    return UserFactory(reviewer=True, agency="NIA")


@pytest.fixture
def issued_card(applicant, reference_data, fee_schedule):
    """A card issued on this platform, valid until `until`."""

    def make(until, **kwargs):
        # Straight into "issued" by the factory (tests of moves use perform_action).
        ensure_reference_data()
        card = GoldCardCaseFactory(
            owner=applicant,
            submitted=True,
            state="issued",
            answers=goldcard_answers(**kwargs),
            term_years=1,
            card_valid_from=until - datetime.timedelta(days=364),
            card_valid_until=until,
            applicant_email=applicant.email,
        )
        card.record_permit()
        return card

    return make


def card_until(until):
    """A card whose permit ends on `until` (the window reads the permit, not the case)."""
    from portal.permits.models import Permit

    permit = Permit(valid_from=until - datetime.timedelta(days=364), valid_until=until)
    return type("Card", (), {"permit": permit})()


class TestExtensionWindow:
    @pytest.mark.parametrize(
        ("until", "allowed"),
        [
            (TODAY + datetime.timedelta(days=200), False),  # more than 4 months left
            (datetime.date(2027, 3, 21), True),  # exactly 4 months: the window opens today
            (datetime.date(2027, 3, 22), False),  # one day too early
            (TODAY + datetime.timedelta(days=30), True),
            (TODAY, True),  # the last day of the card
            (TODAY - datetime.timedelta(days=1), False),  # expired: a new application
        ],
    )
    def test_only_in_the_four_months_before_the_end(self, until, allowed):
        card = card_until(until)
        if allowed:
            check_extension_allowed(card, today=TODAY)
        else:
            with pytest.raises(ExtensionNotOpen):
                check_extension_allowed(card, today=TODAY)

    def test_expired_card_is_told_to_apply_again(self):
        card = card_until(TODAY - datetime.timedelta(days=3))
        with translation.override("en"), pytest.raises(ExtensionNotOpen, match="new Gold Card"):
            check_extension_allowed(card, today=TODAY)

    def test_start_page_refuses_a_card_outside_the_window(self, client, issued_card, applicant):
        card = issued_card(timezone.localdate() + datetime.timedelta(days=300))
        client.force_login(applicant)
        url = reverse("goldcard:service_start", args=["extension"])
        response = client.post(url, {"card": card.pk})
        assert response.status_code == 400
        assert "4 months" in response.content.decode()
        assert not GoldCardService.objects.exists()


def test_extension_continues_from_the_day_after_the_old_card(client, issued_card, applicant, nia):
    end = timezone.localdate() + datetime.timedelta(days=60)
    card = issued_card(end)
    client.force_login(applicant)
    response = client.post(reverse("goldcard:service_start", args=["extension"]), {"card": card.pk})
    service = GoldCardService.objects.get()
    assert response.status_code == 302 and service.service == Service.EXTENSION
    service.answers = {"extension": {"term_years": "2", "still_qualifies": "on"}}
    service.save()
    from tests.goldcard.conftest import attach_documents

    attach_documents(service, applicant, slots=("photo", "passport_copy", "criterion_proof"))
    assert service.payment_quote().amount == 2500
    perform_action(service, applicant, "submit")
    assert service.state == "payment_due"
    perform_action(service, None, "confirm_payment")
    perform_action(service, nia, "approve")
    perform_action(service, nia, "card_ready")
    service.refresh_from_db()
    card.refresh_from_db()
    assert service.new_valid_from == end + datetime.timedelta(days=1)
    assert service.new_valid_until == card_end(end + datetime.timedelta(days=1), 2)
    assert card.card_valid_until == service.new_valid_until


def test_the_extension_tab_shows_the_fee_of_each_term(client, issued_card, applicant):
    card = issued_card(timezone.localdate() + datetime.timedelta(days=60))
    client.force_login(applicant)
    client.post(reverse("goldcard:service_start", args=["extension"]), {"card": card.pk})
    service = GoldCardService.objects.get()
    applicant.language = "en"
    applicant.save(update_fields=["language"])

    page = client.get(
        reverse("cases:section", args=[service.workflow.slug, service.pk, "extension"])
    )

    html = page.content.decode()
    for label in ("1 year: NT$ 1,500", "2 years: NT$ 2,500", "3 years: NT$ 3,500"):
        assert label in html


@pytest.mark.parametrize(("nationality", "fee"), [("US", 500), ("HK", 2600)])
def test_reissue_fee(issued_card, applicant, nationality, fee):
    identity = "hk_macao" if nationality == "HK" else "foreign"
    card = issued_card(
        timezone.localdate() + datetime.timedelta(days=300),
        nationality=nationality,
        identity=identity,
    )
    service = GoldCardService.objects.create(
        owner=applicant, service=Service.REISSUE, card=card, answers={}
    )
    assert service.payment_quote().amount == fee
    assert service.fee_amount() == fee


def test_a_passport_change_is_free_prints_a_new_card_and_updates_the_record(
    issued_card, applicant, nia
):
    """Spec goldcard.md, services 3: address and passport-number changes print a new card,
    free of charge (規費法第7條但書); the record changes on approval."""
    from tests.goldcard.conftest import attach_documents

    card = issued_card(timezone.localdate() + datetime.timedelta(days=300))
    expiry = (timezone.localdate() + datetime.timedelta(days=2000)).isoformat()
    service = GoldCardService.objects.create(
        owner=applicant,
        service=Service.DATA_CHANGE,
        card=card,
        answers={
            "data_change": {
                "changes": ["passport", "phone"],
                "new_passport_number": "Y7654321",
                "new_passport_expiry": expiry,
                "new_phone": "+886 912 345 678",
            }
        },
    )
    attach_documents(service, applicant, slots=("passport_copy",))
    assert service.fee_amount() == 0
    perform_action(service, applicant, "submit_free")
    assert service.state == "nia_review"
    assert [a.name for a in available_actions(service, nia) if a.kind == "advance"] == ["approve"]
    perform_action(service, nia, "approve")
    assert service.state == "card_production"
    card.refresh_from_db()
    assert card.answers["passport"]["passport_number"] == "Y7654321"
    assert card.answers["passport"]["previous_passport_number"] == "X1234567"
    assert card.answers["basic"]["home_phone"] == "+886 912 345 678"


def test_a_phone_change_changes_the_record_only(issued_card, applicant, nia):
    card = issued_card(timezone.localdate() + datetime.timedelta(days=300))
    service = GoldCardService.objects.create(
        owner=applicant,
        service=Service.DATA_CHANGE,
        card=card,
        answers={"data_change": {"changes": ["phone"], "new_phone": "+886 912 000 111"}},
    )
    perform_action(service, applicant, "submit_free")
    perform_action(service, nia, "approve_change")
    assert service.state == "completed"
    card.refresh_from_db()
    assert card.answers["basic"]["home_phone"] == "+886 912 000 111"


def late_move(issued_card, applicant, days_ago, **traits):
    card = issued_card(timezone.localdate() + datetime.timedelta(days=300))
    moved_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    return GoldCardServiceFactory(
        owner=applicant,
        service=Service.DATA_CHANGE,
        card=card,
        answers={"data_change": {"changes": ["address"], "moved_on": moved_on.isoformat()}},
        **traits,
    )


@pytest.mark.parametrize(("days_ago", "late"), [(10, 0), (30, 0), (31, 1), (45, 15)])
def test_a_move_reported_after_30_days_is_late_by_the_days_beyond(
    issued_card, applicant, days_ago, late
):
    assert late_move(issued_card, applicant, days_ago).days_move_reported_late() == late


def test_a_late_move_is_accepted_and_both_sides_are_told(client, issued_card, applicant):
    draft = late_move(issued_card, applicant, 45)
    client.force_login(applicant)
    review_tab = client.get(reverse("cases:review", args=[draft.workflow.slug, draft.pk]))
    assert "15 days later than the 30 days allowed" in review_tab.content.decode()

    # Submitted (the report is accepted) and seen by the reviewer.
    service = late_move(issued_card, applicant, 45, at_nia=True)
    from django.core.management import call_command

    call_command("setup_reviewer_groups", verbosity=0)
    nia = UserFactory(reviewer=True, agency="NIA", language="en")
    call_command("setup_reviewer_groups", verbosity=0)  # puts the new reviewer in its group
    client.force_login(nia)
    admin_url = reverse("admin:goldcard_goldcardservice_change", args=[service.pk])
    assert "15 days later than the 30 days allowed" in client.get(admin_url).content.decode()
    client.force_login(applicant)
    page = client.get(reverse("cases:detail", args=[service.workflow.slug, service.pk]))
    assert "15 days later than the 30 days allowed" in page.content.decode()


def test_a_move_in_the_future_is_refused(issued_card, applicant):
    from portal.cases import drafts

    service = late_move(issued_card, applicant, -3)
    with translation.override("en"):
        problems = {p.field: str(p.message) for p in drafts.completeness(service).problems}
    assert "future" in problems["moved_on"]


def test_data_change_needs_the_new_values(issued_card, applicant):
    from portal.cases import drafts

    card = issued_card(timezone.localdate() + datetime.timedelta(days=300))
    service = GoldCardService.objects.create(
        owner=applicant,
        service=Service.DATA_CHANGE,
        card=card,
        answers={"data_change": {"changes": ["address", "email"]}},
    )
    problems = {p.field for p in drafts.completeness(service).problems}
    assert {"county", "district", "road", "number", "moved_on", "new_email"} <= problems
    assert "address_proof" in problems


def test_pickup_change_moves_the_station(complete_draft, applicant, nia, fee_schedule):
    from portal.reference.models import ServiceStation

    card = complete_draft(in_taiwan=True)
    perform_action(card, applicant, "submit")
    perform_action(card, None, "confirm_payment")
    other = ServiceStation.objects.exclude(pk=card.pickup_station_id).first()
    service = GoldCardService.objects.create(
        owner=applicant,
        service=Service.PICKUP_CHANGE,
        card=card,
        answers={"pickup_change": {"new_station": str(other.pk), "new_mission": ""}},
    )
    perform_action(service, applicant, "submit_free")
    perform_action(service, nia, "approve_change")
    card.refresh_from_db()
    assert card.pickup_station_id == other.pk


def test_dependants_page_says_it_is_not_an_application(client, applicant, reference_data):
    client.force_login(applicant)
    response = client.get(reverse("goldcard:dependants"))
    assert 'id="not-an-application"' in response.content.decode()
    response = client.post(
        reverse("goldcard:dependant_new"),
        {
            "relationship": "spouse",
            "surname": "DOE",
            "given_name": "JOHN",
            "date_of_birth": "1987-01-01",
            "nationality": "US",  # the list's values are the codes
            "passport_number": "Z123",
        },
    )
    assert response.status_code == 302
    other = UserFactory()
    client.force_login(other)
    from goldcard.models import Dependant

    dependant = Dependant.objects.get()
    assert client.get(reverse("goldcard:dependant_edit", args=[dependant.pk])).status_code == 404


def test_dependants_nationality_list_follows_the_pages_language(client, applicant, reference_data):
    from portal.reference.models import Nationality

    applicant.language = "zh-hant"
    applicant.save(update_fields=["language"])
    client.force_login(applicant)

    page = client.get(reverse("goldcard:dependant_new")).content.decode()
    saved = client.post(
        reverse("goldcard:dependant_new"),
        {
            "relationship": "spouse",
            "surname": "LIN",
            "given_name": "AN",
            "date_of_birth": "1990-01-01",
            "nationality": "DE",
            "passport_number": "X123",
        },
    )

    names = [page.index(name) for name in ("丹麥", "美國", "德國")]  # 4, 9, 15 strokes
    assert names == sorted(names)
    assert saved.status_code == 302
    from goldcard.models import Dependant

    assert Dependant.objects.get().nationality == Nationality.objects.get(code="DE")


def test_an_extension_draft_without_a_term_lists_its_actions_and_its_review_page_answers(
    client, issued_card, applicant
):
    """Listing actions runs every transition's conditions: none may price (pricing raises
    until the term is chosen), so the review page the to-do list links to must not fail."""
    from portal.cases.actions import available_actions

    card = issued_card(timezone.localdate() + datetime.timedelta(days=60))
    service = GoldCardService.objects.create(
        owner=applicant, service=Service.EXTENSION, card=card, answers={}
    )
    client.force_login(applicant)

    page = client.get(reverse("cases:review", args=[service.workflow.slug, service.pk]))

    assert page.status_code == 200
    assert [a.name for a in available_actions(service, applicant)] == ["submit"]
