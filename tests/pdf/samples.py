"""Receipt contexts as the receipt task passes them: one bilingual (Chinese first, Chinese and
Latin names), one Latin-only with the same layout. Shared by the tests and the benchmark."""

import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy

TAIPEI = ZoneInfo("Asia/Taipei")
PAID_AT = datetime.datetime(2026, 11, 21, 14, 5, tzinfo=TAIPEI)
ISSUED_AT = datetime.datetime(2026, 11, 21, 14, 6, tzinfo=TAIPEI)


def _line(description, applicant_name, index, persons, amount):
    return {
        "description": description,
        "applicant_name": applicant_name,
        "case_number": f"1150000012{index}",
        "receipt_number": f"R11500000{index:03d}",
        "persons": persons,
        "amount": amount,
    }


TITLES = {"zh-hant": "繳費單 B1150000042 收據", "en": "Receipt for order B1150000042"}


def _receipt(languages, payer_name, payer_organisation, applicant_names):
    descriptions = [
        gettext_lazy("Employment Gold Card"),
        gettext_lazy("Alien Resident Certificate"),
        gettext_lazy("Employment permit review fee"),
    ]
    amounts = [(1, 3700), (2, 2000), (1, 100)]
    lines = [
        _line(description, name, index, persons, amount)
        for index, (description, name, (persons, amount)) in enumerate(
            zip(descriptions, applicant_names, amounts, strict=True), start=1
        )
    ]
    return {
        "languages": languages,
        "language": languages[0],
        "title": " / ".join(TITLES[code] for code in languages),
        "batch_number": "B1150000042",
        "paid_at": PAID_AT,
        "method": gettext_lazy("Card"),
        "gateway_reference": "2611211405ABCD1234",
        "total": sum(line["amount"] for line in lines),
        "payer_name": payer_name,
        "payer_organisation": payer_organisation,
        "issued_at": ISSUED_AT,
        "lines": lines,
    }


def bilingual_receipt() -> dict:
    return _receipt(
        ["zh-hant", "en"],
        "陳大文",
        "國立臺灣大學",
        ["陳大文", "林美玲 LIN Mei-ling", "NGUYEN Van An"],
    )


def latin_receipt() -> dict:
    return _receipt(
        ["en"],
        "David CHEN",
        "National Taiwan University",
        ["David CHEN", "Mei-ling LIN", "NGUYEN Van An"],
    )
