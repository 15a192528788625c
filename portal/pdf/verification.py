"""Verification codes of issued PDFs (ADR 0013): short, unambiguous, not guessable.

A code is 10 characters of Crockford's base32 alphabet (digits and capitals without I, L, O
and U), drawn from `secrets`: 50 bits, about 10^15 codes, so that a stranger typing codes at
the verification page's rate limit finds no document in a lifetime. It is printed in two
groups of five ("7KQ2M-X9DHT") and read back whatever the case, spaces or hyphens, with the
letters people confuse with digits read as those digits (Crockford's rule).

Nothing here touches the database; the model and the migrations both use it.
"""

import re
import secrets
import unicodedata

from django.conf import settings
from django.urls import reverse

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
# What a person may type: the code with its separators, or a pasted URL's last part. Longer
# input is refused before any work is done on it.
MAX_INPUT = 64
# Crockford: I and L read as 1, O as 0; U is not a symbol at all.
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Spaces (NFKC turns the ideographic space into a plain one) and dash-like separators.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d_.]+")
_VALID = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw) -> str | None:
    """The code `raw` stands for, or None when it cannot be one (too long, a NUL or other
    character outside the alphabet, the wrong length). Full-width characters typed with a
    Chinese input method count as their ASCII forms."""
    if not isinstance(raw, str) or len(raw) > MAX_INPUT or "\x00" in raw:
        return None
    text = unicodedata.normalize("NFKC", raw).upper()
    text = _SEPARATORS.sub("", text).translate(_CONFUSABLE)
    return text if _VALID.fullmatch(text) else None


def display(code: str) -> str:
    """The code as printed and shown: two groups of five."""
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("verify:document", args=[code])


def page_url() -> str:
    """The page where a code is typed by hand."""
    return settings.SITE_URL + reverse("verify:form")


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG element (no size: the stylesheet sets it), for
    the PDF's HTML. Medium error correction survives a crease or a smudge."""
    import segno

    return segno.make(url, error="m").svg_inline(
        omitsize=True, border=2, title="QR", dark="#000", light="#fff"
    )


# A word, with its inner hyphens and apostrophes ("Da-Wen", "O'Brien": one initial each).
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def initials(name: str) -> str:
    """The holder's initials in the order the document prints the name ("DOE JANE MARY" →
    "D. J. M.", "Chen Da-Wen" → "C. D."), so that a reader compares them with the paper
    letter by letter. A name in Chinese characters keeps its first character and masks the
    rest ("陳大文" → "陳○○"), the usual way of showing a name in part in Taiwan. At most
    four parts: a long name says no more than a short one."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    if not name:
        return ""
    if _is_cjk(name[0]):
        characters = [c for c in name if not c.isspace()]
        return characters[0] + "○" * min(len(characters) - 1, 2)
    letters = [word[0].upper() for word in _WORD.findall(name)][:4]
    return " ".join(f"{letter}." for letter in letters)


def _is_cjk(character: str) -> bool:
    return unicodedata.name(character, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY"))
