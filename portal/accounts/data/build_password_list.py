"""Rebuilds `breached-passwords.txt.gz`, the list the password rule refuses (ADR 0011).

    npm pack @zxcvbn-ts/language-common && tar xzf zxcvbn-ts-language-common-*.tgz
    python portal/accounts/data/build_password_list.py package/src/passwords.json

The list is the union of Django's own common-password list and zxcvbn-ts's password list,
lower-cased (Django's CommonPasswordValidator compares the lower-cased password). The gzip
header carries no name or time, so the same input gives the same bytes.
"""

import gzip
import json
import sys
from pathlib import Path

import django.contrib.auth

HERE = Path(__file__).resolve().parent
DJANGO_LIST = Path(django.contrib.auth.__file__).parent / "common-passwords.txt.gz"


def build(zxcvbn_passwords_json: Path, target: Path = HERE / "breached-passwords.txt.gz") -> int:
    with gzip.open(DJANGO_LIST, "rt", encoding="utf-8") as django_list:
        words = [line.strip() for line in django_list]
    words += json.loads(zxcvbn_passwords_json.read_text(encoding="utf-8"))
    unique = sorted({word.strip().lower() for word in words if word.strip()})
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out,
    ):
        out.write(("\n".join(unique) + "\n").encode("utf-8"))
    return len(unique)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "passwords")
