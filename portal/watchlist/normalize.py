"""Turn names and document numbers into the keys the matcher compares.

Both sides (the control list and the new case) go through the same functions, so a spelling
rule only has to make two variants *equal*; it does not have to pick the "right" one.
"""

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into a base letter plus a mark.
_UNDECOMPOSED = str.maketrans(
    {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss"}
)
# Hyphens, apostrophes, dots, commas... all separate words. \w keeps CJK, so a Chinese name in
# `other_names` stays comparable with itself.
_SEPARATORS = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"(.)\1+")

# Spellings that alternate in romanised Southeast Asian names. Applied in this order, to both
# sides. Every rule also merges some unrelated names, so only add pairs seen in real passports.
SPELLING_VARIANTS = (
    ("tj", "c"),  # old Indonesian spelling: Tjandra / Candra
    ("dj", "j"),  # old Indonesian spelling: Djoko / Joko
    ("oe", "u"),  # old (Dutch) Indonesian spelling: Soekarno / Sukarno
    ("ph", "f"),  # Stephanie / Stefanie, Josephine / Josefina (Filipino)
    ("kh", "k"),  # Khanh / Kanh, Sukhon / Sukon (Thai aspirates are often dropped)
    ("th", "t"),  # Thanawat / Tanawat
    ("dh", "d"),  # Ridhwan / Ridwan
    ("ck", "k"),
    ("ou", "u"),  # Boun / Bun (Lao, Thai)
    ("oo", "u"),  # Srisook / Srisuk
    ("ee", "i"),  # Sreedevi / Sridevi, Lee / Li
    ("y", "i"),  # Nguyen / Nguien, Somchay / Somchai, Rizky / Rizki
    ("w", "v"),  # Wongsawat / Vongsawat, Dewi / Devi
)

# Whole words with too many spellings for the rules above (after the rules have run).
CANONICAL_WORDS = {
    # Muhammad: Mohammed, Mohamad, Muhammed, and the abbreviations Mohd, Muhd, Md.
    **dict.fromkeys(["mohamed", "mohamad", "muhamed", "mohd", "muhd", "md"], "muhamad"),
}


@lru_cache(maxsize=65536)  # names repeat a lot (Nguyen, Thi, Siti): fold each word once
def _fold_word(word: str) -> str:
    for variant, standard in SPELLING_VARIANTS:
        word = word.replace(variant, standard)
    word = _DOUBLED.sub(r"\1", word)  # Mohammed / Mohamed, Ann / An
    return CANONICAL_WORDS.get(word, word)


def name_words(text: str) -> list[str]:
    """The folded words of a name: no diacritics, lower case, variants merged."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().translate(_UNDECOMPOSED)
    return [_fold_word(word) for word in _SEPARATORS.split(text) if word]


def normalize_name(text: str) -> str:
    """'Nguyễn Văn-An' -> 'nguien van an' (word order kept)."""
    return " ".join(name_words(text))


def sorted_key(text: str) -> str:
    """Words in alphabetical order, so 'Siti Nurhaliza' and 'Nurhaliza Siti' are equal."""
    return " ".join(sorted(name_words(text)))


_NOT_ALNUM = re.compile(r"[\W_]+")


def normalize_document(number: str) -> str:
    """'c 123-4567' -> 'C1234567'. NFKC first: full-width digits are common in Taiwan."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", number)).upper()


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
