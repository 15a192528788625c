"""Build `portal/reference/data/nationalities.json` from the territory names in Babel's CLDR data.

Run by hand when Babel (and so CLDR) is upgraded; the output is committed:

    cd /work/main && .venv/bin/python portal/reference/scripts/build_nationalities.py

Sources, all inside the installed `Babel` package:

* codes and names: `Locale("en").territories` and `Locale.parse("zh_Hant_TW").territories`;
* ISO 3166-1 alpha-3 codes: CLDR's territory aliases (`get_global("territory_aliases")`), which
  map every alpha-3 code to its alpha-2 code (and some withdrawn codes, which we skip).

Which codes are kept: the 249 officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo,
a user-assigned code that passports and visa systems use). Left out are CLDR's regions that are
not countries (EU, EZ, UN, QO, ZZ), its pseudo-locales (XA, XB) and ISO's "exceptionally
reserved" codes (AC, CP, CQ, DG, EA, IC, TA), which belong to parts of other countries.

Names follow the usage of the ROC government rather than CLDR where they differ (NAME_OVERRIDES):
Taiwan is 中華民國(臺灣), Hong Kong and Macao are 香港 / 澳門, China is 中國大陸. Taiwan stays in
the table (a Gold Card applicant may also hold ROC nationality) but has is_foreign = false, so
nationality lists for foreigners leave it out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import babel
from babel.core import Locale, get_cldr_version, get_global

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "nationalities.json"

NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
EXCEPTIONALLY_RESERVED = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
# Withdrawn alpha-3 codes that CLDR still maps to a current alpha-2 code (ISO 3166-3), and
# FXX (metropolitan France, never a nationality).
WITHDRAWN_ALPHA3 = {"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"}
# Kosovo's XK is not assigned by ISO, so there is no official alpha-3 code; CLDR's XKK is
# CLDR's own invention. We leave the column empty rather than store an unofficial code.
NO_ALPHA3 = {"XK"}

NAME_OVERRIDES = {
    "TW": ("中華民國(臺灣)", "Taiwan (ROC)"),
    "HK": ("香港", "Hong Kong"),
    "MO": ("澳門", "Macao"),
    "CN": ("中國大陸", "Mainland China"),
}
HK_MACAO = {"HK", "MO"}
NOT_FOREIGN = {"TW"}
MAINLAND = {"CN"}

EXPECTED_COUNT = 250  # 249 ISO 3166-1 codes + XK


def _alpha3_by_alpha2() -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for alias, targets in get_global("territory_aliases").items():
        is_alpha3 = len(alias) == 3 and alias.isalpha() and alias not in WITHDRAWN_ALPHA3
        if is_alpha3 and len(targets) == 1:
            found.setdefault(targets[0], []).append(alias)
    ambiguous = {code: aliases for code, aliases in found.items() if len(aliases) > 1}
    if ambiguous:
        sys.exit(f"more than one alpha-3 code for: {ambiguous}; extend WITHDRAWN_ALPHA3")
    return {code: aliases[0] for code, aliases in found.items()}


def build() -> dict:
    en = Locale("en").territories
    zh = Locale.parse("zh_Hant_TW").territories
    alpha3 = _alpha3_by_alpha2()

    codes = sorted(
        code
        for code in en
        if len(code) == 2
        and code.isalpha()
        and code not in NOT_COUNTRIES
        and code not in EXCEPTIONALLY_RESERVED
    )
    rows = []
    for code in codes:
        name_zh, name_en = NAME_OVERRIDES.get(code, (zh.get(code, ""), en[code]))
        if not name_zh:
            sys.exit(f"no Traditional Chinese name for {code}")
        code3 = "" if code in NO_ALPHA3 else alpha3.get(code, "")
        if code not in NO_ALPHA3 and not code3:
            sys.exit(f"no alpha-3 code for {code}")
        rows.append(
            {
                "code": code,
                "code3": code3,
                "name_zh": name_zh,
                "name_en": name_en,
                "is_foreign": code not in NOT_FOREIGN,
                "is_hk_macao": code in HK_MACAO,
                "is_mainland": code in MAINLAND,
            }
        )

    if len(rows) != EXPECTED_COUNT:
        sys.exit(f"expected {EXPECTED_COUNT} territories, got {len(rows)}: check the filters")
    if len({row["code3"] for row in rows if row["code3"]}) != len(rows) - len(NO_ALPHA3):
        sys.exit("duplicate alpha-3 codes")

    return {
        "source": {
            "package": "Babel",
            "version": babel.__version__,
            "cldr_version": get_cldr_version(),
            "generated_by": "portal/reference/scripts/build_nationalities.py",
            "notes": [
                "ISO 3166-1 alpha-2 codes from CLDR plus XK (Kosovo); see the script's docstring.",
                "Names overridden to follow ROC usage: "
                + ", ".join(
                    f"{code} -> {zh_name} / {en_name}"
                    for code, (zh_name, en_name) in NAME_OVERRIDES.items()
                ),
            ],
        },
        "count": len(rows),
        "nationalities": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build()
    # One nationality per line: easy to read and to review in a diff.
    lines = ",\n".join(
        "  " + json.dumps(row, ensure_ascii=False) for row in data.pop("nationalities")
    )
    head = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
    args.output.write_text(f'{head},\n "nationalities": [\n{lines}\n ]\n}}\n', encoding="utf-8")
    json.loads(args.output.read_text(encoding="utf-8"))  # fail here, not in the loader
    print(f"wrote {args.output}: {data['count']} nationalities")


if __name__ == "__main__":
    main()
