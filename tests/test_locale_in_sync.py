"""Every string marked for translation in the code is in the shipped zh_Hant catalogue.

makemessages runs on a throwaway copy of the source, so the working tree is not touched;
a string added without a translation fails here instead of showing English to a person
who chose Chinese.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["manage.py", "portal", "templates", "onestop", "residence", "goldcard", "payments"]
SHIPPED = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"


def msgids(po: Path) -> set[str]:
    text = po.read_text(encoding="utf-8")
    ids = set()
    for match in re.finditer(r'^msgid ((?:".*"\n)+)', text, re.M):
        value = "".join(re.findall(r'"(.*)"', match.group(1)))
        if value:
            ids.add(value)
    return ids


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hant", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "PYTHONPATH": str(tmp_path),
        },
    )
    extracted = msgids(tmp_path / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po")
    missing = sorted(extracted - msgids(SHIPPED))
    assert missing == [], "run makemessages and translate: " + "; ".join(missing[:10])
