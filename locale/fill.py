"""Refresh the Traditional Chinese catalogue from the source and fill in translations.

    .venv/bin/python locale/fill.py [translations.json ...]

Runs makemessages (obsolete entries dropped), then fills every empty or fuzzy entry whose
msgid is a key of one of the JSON files ({"English msgid": "中文", ...}), compiles, and lists
what is still untranslated (tests/test_locale.py fails on those). House style for the
Chinese: 您, full-width punctuation, the seeds' official terms (../shared/seeds/).
"""

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
IGNORED = [".venv", "var", "tests", "benchmarks", "node_modules", "docs"]


def main(paths: list[str]) -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    ignores = [f"--ignore={name}" for name in IGNORED]
    subprocess.run(
        [*manage, "makemessages", "-l", "zh_Hant", "--no-obsolete", "-v", "0", *ignores],
        cwd=ROOT,
        check=True,
    )
    given: dict[str, str] = {}
    for path in paths:
        given.update(json.loads(Path(path).read_text(encoding="utf-8")))

    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        empty = not message.string or (
            isinstance(message.string, tuple) and not any(message.string)
        )
        if (empty or message.fuzzy) and key in given:
            text = given[key]
            message.string = (text,) if isinstance(message.id, tuple) else text
            message.flags.discard("fuzzy")
        elif empty or message.fuzzy:
            missing.append(key)
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, width=100, include_previous=False)
    # Babel ends the file with a blank line, which tests/test_locale.py reads as an entry.
    CATALOGUE.write_text(CATALOGUE.read_text(encoding="utf-8").rstrip("\n") + "\n", "utf-8")
    subprocess.run([*manage, "compilemessages", "--ignore=.venv", "-v", "0"], cwd=ROOT, check=True)
    for key in missing:
        print(f"untranslated: {key}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
