"""The fee schedule known when the portal opened (spec: payments-and-review.md; Gold Card
amounts from the terms of use in seed 004). The migration seeds it; `ensure_fee_schedule`
puts it back where a test flushed the database. Later changes are new rows with their own
validity dates, made in the admin, never edits of this list."""

import datetime

SOURCE = "Fee schedule at launch (shared/spec/payments-and-review.md)"
IN_FORCE = datetime.date(2025, 1, 1)

# (service, situation, term_years or None, amount, per_year, adds_reciprocity_surcharge)
RATES = [
    ("arc_issue", "standard", None, 1000, True, False),
    ("arc_employer_change", "standard", None, 0, False, False),
    ("arc_reissue", "standard", None, 500, False, False),
    ("student_arc_issue", "standard", None, 1000, True, False),
    ("student_arc_issue", "overseas_chinese_fc", None, 500, True, False),
    ("student_arc_issue", "hk_macao", None, 2600, False, False),
    ("student_arc_extension", "standard", None, 1000, True, False),
    ("student_arc_extension", "overseas_chinese_fc", None, 500, True, False),
    ("student_arc_extension", "hk_macao", None, 300, False, False),
    ("other_reason_arc", "standard", None, 1000, False, False),
    ("goldcard_new", "standard", 1, 3700, False, False),
    ("goldcard_new", "standard", 2, 4700, False, False),
    ("goldcard_new", "standard", 3, 5700, False, False),
    ("goldcard_new", "holds_arc", 1, 1500, False, False),
    ("goldcard_new", "holds_arc", 2, 2500, False, False),
    ("goldcard_new", "holds_arc", 3, 3500, False, False),
    ("goldcard_new", "hk_macao", None, 3100, False, False),
    ("goldcard_new", "reciprocity", 1, 1500, False, True),
    ("goldcard_new", "reciprocity", 2, 2500, False, True),
    ("goldcard_new", "reciprocity", 3, 3500, False, True),
    ("goldcard_extension", "standard", 1, 1500, False, False),
    ("goldcard_extension", "standard", 2, 2500, False, False),
    ("goldcard_extension", "standard", 3, 3500, False, False),
    ("goldcard_data_change", "standard", None, 0, False, False),
    ("goldcard_reissue", "standard", None, 500, False, False),
    ("goldcard_reissue", "hk_macao", None, 2600, False, False),
    ("employment_permit_review", "standard", None, 100, False, False),
]


def rows(model):
    return [
        model(
            service=service,
            situation=situation,
            term_years=term,
            amount=amount,
            per_year=per_year,
            adds_reciprocity_surcharge=surcharge,
            valid_from=IN_FORCE,
            source=SOURCE,
        )
        for service, situation, term, amount, per_year, surcharge in RATES
    ]


def ensure_fee_schedule() -> int:
    """Seed the launch schedule if the table is empty (idempotent); returns rows created."""
    from payments.models import FeeRate

    if FeeRate.objects.exists():
        return 0
    return len(FeeRate.objects.bulk_create(rows(FeeRate)))
