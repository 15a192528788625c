"""The Chinese catalogue is complete: no empty and no fuzzy entries."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:  # the first block is the header
        if block.lstrip().startswith("#~"):
            continue
        yield block


def test_catalogue_exists():
    assert PO.exists()


def test_no_fuzzy_entries():
    fuzzy = [b for b in entries() if re.search(r"^#,.*\bfuzzy\b", b, re.M)]
    assert fuzzy == []


def test_no_empty_translations():
    empty = []
    for block in entries():
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:^".*"\n?)*)', block, re.M)
        if not strs or any(not (first + rest.replace('"', "").strip()) for first, rest in strs):
            empty.append(block.splitlines()[-2:] if block else block)
    assert empty == []
