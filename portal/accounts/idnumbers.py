"""Validators for Taiwanese identity numbers.

* national ID (身分證字號): A123456789
* UI number (統一證號) of foreign residents, in both formats:
  new (issued since 2021): A800000014; old (valid until the end of 2030): AA00000009
* business number (統一編號): 04595257

The ``is_valid_*`` functions answer yes or no; the ``validate_*`` functions are Django
validators (usable in ``validators=[...]`` on model and form fields) and tell the person
whether the number has the wrong shape or only a wrong check digit.

Sources: National Immigration Agency notices on the 2021 UI number format; Ministry of
Finance (Fiscal Information Agency) notice on the business number check, which since
2023 requires divisibility by 5 instead of 10 because the number space was running out.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "BUSINESS_NUMBER",
    "LETTER_CODES",
    "NATIONAL_ID",
    "UI_NUMBER",
    "IdKind",
    "is_valid_business_number",
    "is_valid_national_id",
    "is_valid_ui_number",
    "normalize_id",
    "validate_business_number",
    "validate_national_id",
    "validate_ui_number",
]

# Two-digit code of each area letter. Not alphabetical: A-H run 10-17 and J-V (without
# O) 18-29, but X, Y, W, Z, I, O have 30-35, so the table has to be spelled out.
LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip

# Weights for the letter's two code digits followed by the nine characters after it.
_ID_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
_BUSINESS_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)


def normalize_id(value: object) -> str:
    """Return ``value`` as people mean it: no whitespace anywhere, upper case.

    NFKC first turns full-width letters and digits, which Chinese input methods
    produce, into their ASCII forms, so they are accepted as well.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).upper()


def _id_checksum_ok(value: str) -> bool:
    """Check digit of a national ID or UI number (shape already checked).

    An old-format UI number has a letter in second place; only the last digit of that
    letter's code counts, which puts it on the same footing as the sex digit of the
    other formats, so one formula serves all three.
    """
    code = LETTER_CODES[value[0]]
    second = value[1]
    if second.isalpha():
        second = str(LETTER_CODES[second] % 10)
    digits = (code // 10, code % 10, int(second), *map(int, value[2:]))
    return sum(d * w for d, w in zip(digits, _ID_WEIGHTS, strict=True)) % 10 == 0


def _business_checksum_ok(value: str) -> bool:
    """Check digit of a business number (shape already checked)."""
    # Each product contributes the sum of its digits (14 -> 1 + 4); at most 9 * 4 = 36.
    total = sum(
        sum(divmod(int(digit) * weight, 10))
        for digit, weight in zip(value, _BUSINESS_WEIGHTS, strict=True)
    )
    # A 7 in seventh place gives 7 * 4 = 28 -> 2 + 8 = 10, which the rule lets count as
    # 1 (1 + 0) or 0 (dropping the carry): the number passes with either total.
    return total % 5 == 0 or (value[6] == "7" and (total + 1) % 5 == 0)


@dataclass(frozen=True)
class IdKind:
    """One kind of number: its shape, its check-digit test and what to tell people."""

    pattern: re.Pattern[str]
    checksum_ok: Callable[[str], bool]
    code: str
    shape_message: Promise
    checksum_message: Promise

    def problem(self, value: object) -> Promise | None:
        """Message saying what is wrong with ``value``, or None if it is valid."""
        normalized = normalize_id(value)
        if not self.pattern.fullmatch(normalized):
            return self.shape_message
        if not self.checksum_ok(normalized):
            return self.checksum_message
        return None

    def is_valid(self, value: object) -> bool:
        return self.problem(value) is None

    def validate(self, value: object) -> None:
        message = self.problem(value)
        if message is not None:
            raise ValidationError(message, code=self.code)


NATIONAL_ID = IdKind(
    # Area letter, sex (1 male, 2 female), eight digits, the last one the check digit.
    pattern=re.compile(r"[A-Z][12][0-9]{8}"),
    checksum_ok=_id_checksum_ok,
    code="invalid_national_id",
    shape_message=_(
        "Enter a valid national ID: one letter, then 1 or 2, then 8 digits (e.g. A123456789)."
    ),
    checksum_message=_(
        "Enter a valid national ID: the check digit does not match; please check for a typo."
    ),
)

UI_NUMBER = IdKind(
    # New format: area letter, sex (8 male, 9 female), eight digits.
    # Old format: area letter, a second letter A-D (it encoded sex and the holder's
    # category), eight digits.
    pattern=re.compile(r"[A-Z][89A-D][0-9]{8}"),
    checksum_ok=_id_checksum_ok,
    code="invalid_ui_number",
    shape_message=_(
        "Enter a valid UI number: one letter, then 8 or 9, then 8 digits (e.g. A800000014);"
        " numbers issued before 2021 have two letters, then 8 digits (e.g. AA00000009)."
    ),
    checksum_message=_(
        "Enter a valid UI number: the check digit does not match; please check for a typo."
    ),
)

BUSINESS_NUMBER = IdKind(
    pattern=re.compile(r"[0-9]{8}"),
    checksum_ok=_business_checksum_ok,
    code="invalid_business_number",
    shape_message=_("Enter a valid business number: exactly 8 digits (e.g. 04595257)."),
    checksum_message=_(
        "Enter a valid business number: the check digit does not match; please check for a typo."
    ),
)


def is_valid_national_id(value: str) -> bool:
    return NATIONAL_ID.is_valid(value)


def validate_national_id(value: str) -> None:
    NATIONAL_ID.validate(value)


def is_valid_ui_number(value: str) -> bool:
    return UI_NUMBER.is_valid(value)


def validate_ui_number(value: str) -> None:
    UI_NUMBER.validate(value)


def is_valid_business_number(value: str) -> bool:
    return BUSINESS_NUMBER.is_valid(value)


def validate_business_number(value: str) -> None:
    BUSINESS_NUMBER.validate(value)
