"""The fee schedule through `payments.pricing.price`: every row of the seeded schedule at the
spec's amounts (restated here, not read from the migration), the precedence of situations,
unknown combinations (never a silent zero), validity dates, and overlapping rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from payments.models import FeeRate, Situation
from payments.pricing import Applicant, PricingError, nationality_by_code, one_schedule_read, price
from tests.payments.conftest import nationality

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2025, 1, 1)  # the launch schedule's valid_from
ON = datetime.date(2026, 6, 1)
SURCHARGE = 1200  # the reciprocity surcharge these tests give their reciprocity nationality


# (service, who, term_years, expected amount) — the spec's amounts (payments-and-review.md).
# `who`: standard, holds_arc, hk, mo, fc (overseas-Chinese student, visa remark FC),
# reciprocity (a nationality with a surcharge of SURCHARGE).
SPEC_AMOUNTS = [
    # ARC (foreigner, incl. migrant worker): 1,000 per year of validity granted.
    ("arc_issue", "standard", 1, 1000),
    ("arc_issue", "standard", 2, 2000),
    ("arc_issue", "standard", 3, 3000),
    ("arc_employer_change", "standard", None, 0),
    ("arc_employer_change", "standard", 2, 0),
    ("arc_reissue", "standard", None, 500),
    # Student ARC: 1,000 per year; FC 500 per year; Hong Kong/Macao 2,600 first, 300 extension.
    ("student_arc_issue", "standard", 1, 1000),
    ("student_arc_issue", "standard", 2, 2000),
    ("student_arc_issue", "fc", 1, 500),
    ("student_arc_issue", "fc", 3, 1500),
    ("student_arc_issue", "hk", 1, 2600),
    ("student_arc_issue", "mo", 2, 2600),
    ("student_arc_extension", "standard", 1, 1000),
    ("student_arc_extension", "standard", 2, 2000),
    ("student_arc_extension", "fc", 2, 1000),
    ("student_arc_extension", "hk", 1, 300),
    ("student_arc_extension", "mo", 2, 300),
    # Other-reason ARC after a Gold Card.
    ("other_reason_arc", "standard", None, 1000),
    ("other_reason_arc", "standard", 3, 1000),
    # Gold Card, new or re-application.
    ("goldcard_new", "standard", 1, 3700),
    ("goldcard_new", "standard", 2, 4700),
    ("goldcard_new", "standard", 3, 5700),
    ("goldcard_new", "holds_arc", 1, 1500),
    ("goldcard_new", "holds_arc", 2, 2500),
    ("goldcard_new", "holds_arc", 3, 3500),
    ("goldcard_new", "hk", 1, 3100),
    ("goldcard_new", "hk", 2, 3100),
    ("goldcard_new", "hk", 3, 3100),
    ("goldcard_new", "mo", 3, 3100),
    ("goldcard_new", "reciprocity", 1, 1500 + SURCHARGE),
    ("goldcard_new", "reciprocity", 2, 2500 + SURCHARGE),
    ("goldcard_new", "reciprocity", 3, 3500 + SURCHARGE),
    # Extension, data change, reissue.
    ("goldcard_extension", "standard", 1, 1500),
    ("goldcard_extension", "standard", 2, 2500),
    ("goldcard_extension", "standard", 3, 3500),
    ("goldcard_data_change", "standard", None, 0),
    ("goldcard_reissue", "standard", None, 500),
    ("goldcard_reissue", "hk", None, 2600),
    ("goldcard_reissue", "mo", None, 2600),
    # Employment-permit review fee (items 8-10).
    ("employment_permit_review", "standard", None, 100),
]


@pytest.fixture
def applicants(db):
    """One Applicant per `who` of the table, on real Nationality rows."""
    vietnam = nationality("VN", is_hk_macao=False, reciprocity_surcharge=0)
    hong_kong = nationality("HK", is_hk_macao=True, reciprocity_surcharge=0)
    macao = nationality("MO", is_hk_macao=True, reciprocity_surcharge=0)
    reciprocal = nationality("NG", is_hk_macao=False, reciprocity_surcharge=SURCHARGE)
    return {
        "standard": Applicant(nationality=vietnam),
        "holds_arc": Applicant(nationality=vietnam, holds_valid_arc=True),
        "fc": Applicant(nationality=vietnam, overseas_chinese_fc=True),
        "hk": Applicant(nationality=hong_kong),
        "mo": Applicant(nationality=macao),
        "reciprocity": Applicant(nationality=reciprocal),
    }


@pytest.mark.parametrize(
    ("service", "who", "term", "amount"),
    SPEC_AMOUNTS,
    ids=[f"{s}-{who}-{term}y" for s, who, term, _amount in SPEC_AMOUNTS],
)
def test_every_fee_of_the_spec_is_priced_at_its_amount(applicants, service, who, term, amount):
    quote = price(service, applicant=applicants[who], term_years=term, on=ON)

    assert quote.amount == amount
    assert quote.service == service
    assert quote.term_years == term
    assert quote.rate.service == service


def test_the_spec_table_prices_through_every_row_of_the_seeded_schedule(applicants):
    used = {
        price(service, applicant=applicants[who], term_years=term, on=ON).rate.pk
        for service, who, term, _amount in SPEC_AMOUNTS
    }

    rows = set(FeeRate.objects.values_list("pk", flat=True))
    assert len(rows) >= 27
    assert rows - used == set(), "rows of the schedule no spec amount reaches"


def test_the_spec_table_exercises_every_situation(applicants):
    exercised = {
        price(service, applicant=applicants[who], term_years=term, on=ON).situation
        for service, who, term, _amount in SPEC_AMOUNTS
    }
    assert exercised == set(Situation.values)


def test_a_nationality_without_a_surcharge_and_no_nationality_pay_the_standard_gold_card():
    plain = nationality("VN", reciprocity_surcharge=0)
    assert (
        price("goldcard_new", applicant=Applicant(nationality=plain), term_years=2, on=ON).amount
        == 4700
    )
    assert price("goldcard_new", term_years=2, on=ON).amount == 4700


def test_the_surcharge_is_the_nationalitys_own(applicants):
    other = nationality("KP", reciprocity_surcharge=800)

    quote = price("goldcard_new", applicant=Applicant(nationality=other), term_years=1, on=ON)

    assert quote.amount == 1500 + 800
    assert quote.situation == Situation.RECIPROCITY


@pytest.mark.parametrize(
    ("service", "term", "amount"),
    [
        ("arc_issue", 1, 1000),
        ("arc_issue", 3, 3000),
        ("goldcard_extension", 1, 1500),
        ("goldcard_extension", 3, 3500),
        ("goldcard_reissue", None, 500),
    ],
)
def test_a_rate_that_does_not_carry_the_surcharge_charges_none(applicants, service, term, amount):
    """A reciprocity nationality pays its surcharge only on a rate that says so (the new Gold
    Card); the standard rows of other services do not carry it."""
    quote = price(service, applicant=applicants["reciprocity"], term_years=term, on=ON)

    assert quote.situation == Situation.STANDARD
    assert not quote.rate.adds_reciprocity_surcharge
    assert quote.amount == amount


def test_a_rate_carries_the_surcharge_only_when_it_says_so(applicants):
    reciprocal = applicants["reciprocity"]
    FeeRate.objects.create(
        service="arc_reissue",
        situation=Situation.RECIPROCITY,
        amount=500,
        adds_reciprocity_surcharge=False,
        valid_from=IN_FORCE,
    )

    quote = price("arc_reissue", applicant=reciprocal, on=ON)

    assert quote.situation == Situation.RECIPROCITY
    assert quote.amount == 500


# --- nationalities --------------------------------------------------------------------------


def test_nationality_by_code_reads_the_row_outside_a_schedule_read(django_assert_num_queries):
    reciprocal = nationality("NG", reciprocity_surcharge=SURCHARGE)

    with django_assert_num_queries(1):
        assert nationality_by_code("NG") == reciprocal
    with django_assert_num_queries(1):
        assert nationality_by_code("XX") is None
    with django_assert_num_queries(0):
        assert nationality_by_code("") is None


def test_nationality_by_code_reads_every_row_once_inside_a_schedule_read(
    django_assert_num_queries,
):
    reciprocal = nationality("NG", reciprocity_surcharge=SURCHARGE)
    plain = nationality("VN", reciprocity_surcharge=0)

    with one_schedule_read(), django_assert_num_queries(1):
        assert nationality_by_code("NG") == reciprocal
        assert nationality_by_code("VN") == plain
        assert nationality_by_code("XX") is None
        assert nationality_by_code("") is None


def test_a_nationality_read_outside_a_schedule_read_prices_with_its_surcharge():
    nationality("NG", reciprocity_surcharge=SURCHARGE)

    quote = price(
        "goldcard_new",
        applicant=Applicant(nationality=nationality_by_code("NG")),
        term_years=1,
        on=ON,
    )

    assert quote.amount == 1500 + SURCHARGE


# --- precedence -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["HK", "MO"])
@pytest.mark.parametrize("term", [1, 2, 3])
def test_hong_kong_and_macao_take_precedence_over_holding_an_arc(code, term):
    place = nationality(code, is_hk_macao=True, reciprocity_surcharge=0)

    quote = price(
        "goldcard_new",
        applicant=Applicant(nationality=place, holds_valid_arc=True),
        term_years=term,
        on=ON,
    )

    assert quote.situation == Situation.HK_MACAO
    assert quote.amount == 3100


@pytest.mark.parametrize(("term", "base"), [(1, 1500), (2, 2500), (3, 3500)])
def test_reciprocity_takes_precedence_over_holding_an_arc(term, base):
    reciprocal = nationality("NG", reciprocity_surcharge=SURCHARGE)

    quote = price(
        "goldcard_new",
        applicant=Applicant(nationality=reciprocal, holds_valid_arc=True),
        term_years=term,
        on=ON,
    )

    assert quote.situation == Situation.RECIPROCITY
    assert quote.amount == base + SURCHARGE


def test_holding_an_arc_does_not_lower_a_fee_that_has_no_such_row(applicants):
    quote = price("goldcard_extension", applicant=applicants["holds_arc"], term_years=2, on=ON)

    assert quote.situation == Situation.STANDARD
    assert quote.amount == 2500


def test_a_situation_without_its_own_row_falls_back_to_the_standard_fee(applicants):
    # Hong Kong residents have no ARC-reissue row of their own; FC applies to students only.
    assert price("arc_reissue", applicant=applicants["hk"], on=ON).amount == 500
    assert price("arc_issue", applicant=applicants["fc"], term_years=2, on=ON).amount == 2000


# --- unknown combinations: an error, never 0 -------------------------------------------------


@pytest.mark.parametrize(
    ("service", "who", "term", "on"),
    [
        pytest.param("goldcard_new", "standard", 4, ON, id="gold-card-term-4"),
        pytest.param("goldcard_new", "holds_arc", 4, ON, id="gold-card-holding-arc-term-4"),
        pytest.param("goldcard_new", "reciprocity", 5, ON, id="gold-card-reciprocity-term-5"),
        pytest.param("goldcard_new", "standard", None, ON, id="gold-card-without-term"),
        pytest.param("goldcard_extension", "standard", 0, ON, id="extension-term-0"),
        pytest.param("arc_issue", "standard", None, ON, id="per-year-without-term"),
        pytest.param("student_arc_issue", "fc", None, ON, id="per-year-fc-without-term"),
        pytest.param("arc_issue", "standard", 0, ON, id="per-year-term-0"),
        pytest.param("passport_renewal", "standard", 1, ON, id="unknown-service"),
        pytest.param("", "standard", None, ON, id="empty-service"),
        pytest.param(
            "employment_permit_review",
            "standard",
            None,
            IN_FORCE - datetime.timedelta(days=1),
            id="day-before-the-schedule",
        ),
        pytest.param(
            "goldcard_new",
            "standard",
            1,
            IN_FORCE - datetime.timedelta(days=1),
            id="gold-card-day-before-the-schedule",
        ),
    ],
)
def test_an_unknown_combination_raises_and_is_never_zero(applicants, service, who, term, on):
    with pytest.raises(PricingError):
        price(service, applicant=applicants[who], term_years=term, on=on)


def test_the_first_day_of_the_schedule_prices():
    assert price("employment_permit_review", on=IN_FORCE).amount == 100


def test_a_service_whose_rows_all_expired_raises():
    FeeRate.objects.filter(service="goldcard_reissue").update(valid_to=datetime.date(2026, 3, 31))

    assert price("goldcard_reissue", on=datetime.date(2026, 3, 31)).amount == 500
    with pytest.raises(PricingError):
        price("goldcard_reissue", on=datetime.date(2026, 4, 1))
    with pytest.raises(PricingError):
        price(
            "goldcard_reissue",
            applicant=Applicant(nationality=nationality("HK", is_hk_macao=True)),
            on=datetime.date(2026, 4, 1),
        )


# --- validity dates -------------------------------------------------------------------------


def test_a_new_row_from_a_later_date_changes_the_price_only_from_that_date():
    change = datetime.date(2026, 7, 1)
    old = FeeRate.objects.get(service="goldcard_new", situation=Situation.STANDARD, term_years=1)
    old.valid_to = change - datetime.timedelta(days=1)
    old.full_clean()
    old.save()
    new = FeeRate(
        service="goldcard_new",
        situation=Situation.STANDARD,
        term_years=1,
        amount=4200,
        valid_from=change,
    )
    new.full_clean()
    new.save()

    before = price("goldcard_new", term_years=1, on=change - datetime.timedelta(days=1))
    after = price("goldcard_new", term_years=1, on=change)

    assert (before.amount, before.rate) == (3700, old)
    assert (after.amount, after.rate) == (4200, new)
    # The other terms are untouched.
    assert price("goldcard_new", term_years=2, on=change).amount == 4700


def test_an_expired_row_no_longer_prices_but_still_prices_its_own_days():
    row = FeeRate.objects.get(service="employment_permit_review")
    row.valid_to = datetime.date(2026, 1, 31)
    row.save()

    assert price("employment_permit_review", on=datetime.date(2026, 1, 31)).amount == 100
    with pytest.raises(PricingError):
        price("employment_permit_review", on=datetime.date(2026, 2, 1))


def test_an_expired_situation_row_gives_way_to_a_renewed_one():
    FeeRate.objects.filter(service="goldcard_new", situation=Situation.HK_MACAO).update(
        valid_to=datetime.date(2026, 6, 30)
    )
    FeeRate.objects.create(
        service="goldcard_new",
        situation=Situation.HK_MACAO,
        amount=3300,
        valid_from=datetime.date(2026, 7, 1),
    )
    hong_kong = Applicant(nationality=nationality("HK", is_hk_macao=True))

    assert (
        price(
            "goldcard_new", applicant=hong_kong, term_years=2, on=datetime.date(2026, 6, 30)
        ).amount
        == 3100
    )
    assert (
        price(
            "goldcard_new", applicant=hong_kong, term_years=2, on=datetime.date(2026, 7, 1)
        ).amount
        == 3300
    )


def test_price_defaults_to_today():
    # No `on`: the row valid today prices (the launch schedule has no end date).
    assert price("arc_reissue").amount == 500


# --- overlapping rows -----------------------------------------------------------------------


def _rate(**fields):
    values = {
        "service": "goldcard_new",
        "situation": Situation.STANDARD,
        "term_years": 1,
        "amount": 9999,
        "valid_from": datetime.date(2026, 1, 1),
        **fields,
    }
    return FeeRate(**values)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({}, id="open-ended-from-a-later-day"),
        pytest.param(
            {"valid_from": datetime.date(2024, 1, 1), "valid_to": datetime.date(2025, 1, 1)},
            id="ends-on-the-first-day",
        ),
        pytest.param(
            {"valid_from": datetime.date(2030, 1, 1), "valid_to": datetime.date(2030, 12, 31)},
            id="inside-an-open-row",
        ),
        pytest.param({"valid_from": IN_FORCE}, id="same-start"),
    ],
)
def test_clean_rejects_a_row_overlapping_another_for_the_same_service_situation_and_term(fields):
    with pytest.raises(ValidationError):
        _rate(**fields).clean()


def test_clean_rejects_an_overlapping_any_term_row():
    row = _rate(service="arc_reissue", term_years=None, valid_from=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        row.clean()


def test_clean_rejects_a_row_overlapping_a_closed_one():
    closed = FeeRate.objects.get(service="goldcard_new", situation=Situation.STANDARD, term_years=1)
    closed.valid_to = datetime.date(2026, 6, 30)
    closed.save()

    with pytest.raises(ValidationError):
        _rate(valid_from=datetime.date(2026, 6, 30)).clean()
    _rate(valid_from=datetime.date(2026, 7, 1)).clean()  # the next day is free


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"valid_from": datetime.date(2024, 1, 1), "valid_to": datetime.date(2024, 12, 31)},
            id="ends-the-day-before",
        ),
        pytest.param({"term_years": 4}, id="another-term"),
        pytest.param(
            {"situation": Situation.HOLDS_ARC, "term_years": None}, id="another-situation-any-term"
        ),
        pytest.param({"service": "goldcard_extension", "term_years": 4}, id="another-service"),
    ],
)
def test_clean_accepts_a_row_that_overlaps_nothing(fields):
    _rate(**fields).clean()


def test_clean_lets_a_row_be_edited_in_place():
    row = FeeRate.objects.get(service="arc_reissue")
    row.amount = 600
    row.clean()


def test_a_row_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        _rate(
            valid_from=datetime.date(2031, 1, 2), valid_to=datetime.date(2031, 1, 1), term_years=9
        ).save()


def test_two_rows_valid_on_the_same_day_make_the_price_ambiguous_not_arbitrary():
    # Saved without clean() (a bulk load, a shell): pricing must refuse to choose.
    _rate(amount=3800, valid_from=datetime.date(2026, 1, 1)).save()

    with pytest.raises(PricingError, match="more than one"):
        price("goldcard_new", term_years=1, on=ON)
    # Before the second row starts, there is only one.
    assert price("goldcard_new", term_years=1, on=datetime.date(2025, 12, 31)).amount == 3700


def test_two_any_term_rows_on_the_same_day_are_ambiguous():
    _rate(service="employment_permit_review", term_years=None, amount=150).save()

    with pytest.raises(PricingError):
        price("employment_permit_review", on=ON)
