"""Tests for portal.accounts.idnumbers (national ID, UI number, business number).

Where the known-good vectors come from (none of them is made by this file's generators):

* National ID: A123456789 is the usual published example; M115187864 and Z256783650
  from the test data of Edditoria/validid (npm "validid"); F131104093, O158238845,
  N116247806, L122544270, C180661564, Y123456788 from the tests of
  enylin/taiwan-id-validator (npm "taiwan-id-validator").
* UI number, new format: A800000014 is the National Immigration Agency's example (as
  cited by validid); A823456783, A923456785 from validid; the rest from
  taiwan-id-validator's tests.
* UI number, old format: CC00151114 is printed on a specimen resident certificate on
  Wikimedia Commons (as cited by validid); AB12345677, AC12345679 from validid;
  AA00000009, AB00207171, AC03095424, BD01300667, HD02717288, TD00251124, AD30196818 from
  taiwan-id-validator's tests (also used by validid).
* Business number: 22099131 is TSMC's; 04595257, 04595252, 10458570, 10458575 and
  10458574 are the Ministry of Finance's published examples for the 2023 rule (listed
  in taiwan-id-validator's docs/specification-sources.md); 12345675, 12345676 and
  12345670 from taiwan-id-validator's tests; the others are real numbers "found online"
  in python-stdnum's tests/test_tw_ubn.doctest.

Known-bad vectors with a checksum error come from the same suites where marked.

The tests need Django only for the ValidationError class; they compare error codes and
message objects, not rendered text, except in the one test that renders messages.
"""

import re
import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from portal.accounts import idnumbers
from portal.accounts.idnumbers import (
    BUSINESS_NUMBER,
    NATIONAL_ID,
    UI_NUMBER,
    is_valid_business_number,
    is_valid_national_id,
    is_valid_ui_number,
    normalize_id,
    validate_business_number,
    validate_national_id,
    validate_ui_number,
)

# --------------------------------------------------------------------------------------
# Vectors
# --------------------------------------------------------------------------------------

NATIONAL_ID_GOOD = [
    "A123456789",
    "M115187864",  # validid
    "Z256783650",  # validid
    "F131104093",  # taiwan-id-validator
    "O158238845",  # taiwan-id-validator
    "N116247806",  # taiwan-id-validator
    "L122544270",  # taiwan-id-validator
    "C180661564",  # taiwan-id-validator
    "Y123456788",  # taiwan-id-validator
]

NATIONAL_ID_BAD_CHECKSUM = [
    "A123456788",  # taiwan-id-validator
    "F131104091",  # taiwan-id-validator
    "O158238842",  # taiwan-id-validator
    "A234567890",  # validid ("Apple Daily TW")
]

NATIONAL_ID_BAD_SHAPE = [
    "",
    "A12345678",  # too short
    "A1234567890",  # too long
    "A12345678X",  # letter in last place
    "AXXXXXXXX9",
    "0123456789",  # no letter
    "1A23456789",  # letter in second place
    "A1234B6789",
    "D012345678",  # sex digit 0
    "C987654321",  # sex digit 9: a UI number, not a national ID
    "E345678901",  # sex digit 3
    "A800000014",  # valid new-format UI number
    "AA00000009",  # valid old-format UI number
    "A-123456789",
    # A123456789 with Arabic-Indic digits: int() and \d would take them, the check must not.
    "A1٢٣٤٥٦٧٨٩",
]

UI_NEW_GOOD = [
    "A800000014",  # NIA example
    "A823456783",  # validid
    "A923456785",  # validid
    "A900207177",  # taiwan-id-validator
    "A803095426",
    "B801300667",
    "C800151116",
    "H802717288",
    "T900251126",
    "A930196810",
]

UI_OLD_GOOD = [
    "CC00151114",  # specimen card, Wikimedia Commons
    "AB12345677",  # validid
    "AC12345679",  # validid
    "AA00000009",  # taiwan-id-validator
    "AB00207171",
    "AC03095424",
    "BD01300667",
    "HD02717288",
    "TD00251124",
    "AD30196818",
]

UI_BAD_CHECKSUM = [
    "AA00000000",  # taiwan-id-validator
    "A800000000",  # taiwan-id-validator
    "A800000009",  # taiwan-id-validator (there lower case, rejected for that reason)
    "F931104091",  # taiwan-id-validator
    "O958238842",  # taiwan-id-validator
    "AB12345670",  # validid
    "AD12345678",  # validid ("Wikipedia")
    "HC12345678",  # validid ("Taiwan News")
]

UI_BAD_SHAPE = [
    "",
    "AB1234566",  # too short (validid)
    "AB123456780",  # too long (validid)
    "AB1234567X",  # validid
    "ABC1234567",  # validid
    "AE12345673",  # second letter outside A-D (validid)
    "YZ50000001",  # second letter outside A-D (validid, "Taiwan News")
    "FG31104091",  # taiwan-id-validator
    "OY58238842",  # taiwan-id-validator
    "A123456789",  # valid national ID: sex digit 1 is not a UI number
    "A723456789",  # sex digit 7
    "1A23456789",
    "A8B0000014",
    "A8٠٠٠٠٠٠١٤",  # A800000014 with Arabic-Indic digits
]

BUSINESS_GOOD = [
    "22099131",  # TSMC
    "04595257",  # Ministry of Finance example
    "04595252",  # Ministry of Finance test number, valid only under the 2023 rule
    "10458570",  # Ministry of Finance test number, valid only under the 2023 rule
    "10458575",  # Ministry of Finance example
    "10458574",  # Ministry of Finance example
    "12345675",  # taiwan-id-validator
    "12345676",  # taiwan-id-validator (seventh digit 7)
    "12345670",  # taiwan-id-validator (2023 rule, seventh digit 7)
    # A sample of python-stdnum's real numbers, many with a 7 in seventh place (the
    # special case of the rule).
    "00038603",
    "00277104",
    "00501932",
    "01050772",
    "01200673",
    "02415271",
    "02810370",
    "03702716",
    "06313774",
    "08095676",
    "08551977",
    "11337775",
    "28425197",
    "53084078",
    "69514291",
    "77355373",
    "80158777",
    "99033073",
    "99591077",
    "99963479",
]

BUSINESS_BAD_CHECKSUM = [
    "00277103",  # python-stdnum
    "12345678",  # taiwan-id-validator
    "22099132",
    "04595251",
]

BUSINESS_BAD_SHAPE = [
    "",
    "1234567",  # taiwan-id-validator
    "123456769",  # taiwan-id-validator
    "FF277104",  # python-stdnum
    "2209913I",
    "22O99131",  # letter O for zero
    "2209-9131",
    "٢٢٠٩٩١٣١",  # 22099131 with Arabic-Indic digits
    "0459525X",
]

# Numbers that only pass because of the whitespace / case / width normalisation.
NORMALISED_GOOD = [
    (is_valid_national_id, "a123456789 "),
    (is_valid_national_id, " A123456789\n"),
    (is_valid_national_id, "A 123 456 789"),
    (is_valid_national_id, "\tm115187864"),
    (is_valid_national_id, "Ａ１２３４５６７８９"),  # full width, from a Chinese IME
    (is_valid_ui_number, "a800000014"),
    (is_valid_ui_number, " cc00151114 "),
    (is_valid_ui_number, "Ac 0309 5424"),
    (is_valid_business_number, " 22099131 "),
    (is_valid_business_number, "2209 9131"),
    (is_valid_business_number, "２２０９９１３１"),
]


@pytest.mark.parametrize("number", NATIONAL_ID_GOOD)
def test_good_national_ids(number):
    assert is_valid_national_id(number)
    assert not is_valid_ui_number(number)


@pytest.mark.parametrize("number", NATIONAL_ID_BAD_CHECKSUM + NATIONAL_ID_BAD_SHAPE)
def test_bad_national_ids(number):
    assert not is_valid_national_id(number)


@pytest.mark.parametrize("number", UI_NEW_GOOD + UI_OLD_GOOD)
def test_good_ui_numbers(number):
    assert is_valid_ui_number(number)
    assert not is_valid_national_id(number)


@pytest.mark.parametrize("number", UI_BAD_CHECKSUM + UI_BAD_SHAPE)
def test_bad_ui_numbers(number):
    assert not is_valid_ui_number(number)


@pytest.mark.parametrize("number", BUSINESS_GOOD)
def test_good_business_numbers(number):
    assert is_valid_business_number(number)


@pytest.mark.parametrize("number", BUSINESS_BAD_CHECKSUM + BUSINESS_BAD_SHAPE)
def test_bad_business_numbers(number):
    assert not is_valid_business_number(number)


@pytest.mark.parametrize(("check", "typed"), NORMALISED_GOOD)
def test_lower_case_spaces_and_full_width_are_accepted(check, typed):
    assert check(typed)


def test_normalize_id():
    assert normalize_id(" a1234 56789\t") == "A123456789"
    assert normalize_id("Ａｃ０３０９５４２４") == "AC03095424"
    assert normalize_id(None) == ""
    assert normalize_id(22099131) == "22099131"


def test_new_rule_accepts_numbers_the_old_rule_rejected():
    # The Ministry of Finance test numbers exist to catch systems still on "divisible by
    # 10": they must pass here, and fail the old rule.
    for number in ("04595252", "10458570", "12345670"):
        assert is_valid_business_number(number)
        assert not old_rule_business_ok(number)


def test_single_digit_changes_of_good_vectors():
    # Every one-digit change at a position whose weight is 1, 3, 7 or 9 is caught; at
    # the other positions (weights 2, 4, 5, 6, 8) a change by 5, or by an even amount
    # for weight 5, keeps the sum divisible by 10 -- a limit of the official scheme,
    # shown here with vectors from the tables.
    for number in NATIONAL_ID_GOOD + UI_NEW_GOOD + UI_OLD_GOOD:
        check = is_valid_national_id if number in NATIONAL_ID_GOOD else is_valid_ui_number
        for position in range(2, 10):
            weight = ID_WEIGHT_AT[position]
            for digit in "0123456789":
                delta = int(digit) - int(number[position])
                if delta == 0:
                    continue
                changed = number[:position] + digit + number[position + 1 :]
                assert check(changed) == ((weight * delta) % 10 == 0), changed
    # The concrete blind spot, so nobody "fixes" the validator to reject it:
    assert is_valid_national_id("A123656789")  # 4 -> 6 at weight 5


# --------------------------------------------------------------------------------------
# Reference formulas, written independently of the module under test
# --------------------------------------------------------------------------------------

# Area letters in order of their codes 10, 11, ..., 35 (the order used by many public
# implementations), instead of the module's letter -> code dict.
AREA_LETTERS_BY_CODE = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
# Weight of each character after the letter of a 10-character ID, by index.
ID_WEIGHT_AT = dict(enumerate((8, 7, 6, 5, 4, 3, 2, 1, 1), start=1))


def reference_id_ok(number: str) -> bool:
    """The shared check digit of national IDs and both UI formats, by string expansion."""
    area_code = str(AREA_LETTERS_BY_CODE.index(number[0]) + 10)
    second = number[1]
    if second in string.ascii_uppercase:
        second = str(AREA_LETTERS_BY_CODE.index(second) + 10)[-1]
    expanded = area_code + second + number[2:]
    return sum(int(c) * int(w) for c, w in zip(expanded, "19876543211", strict=True)) % 10 == 0


def business_totals(number: str) -> set[int]:
    """Possible check totals: with a seventh-digit 7, its 28 -> 10 counts as 1 or as 0."""
    cross_sums = [
        sum(map(int, str(int(d) * int(w)))) for d, w in zip(number, "12121241", strict=True)
    ]
    if number[6] == "7":
        others = sum(cross_sums) - cross_sums[6]
        return {others + 1, others}
    return {sum(cross_sums)}


def reference_business_ok(number: str) -> bool:
    return any(total % 5 == 0 for total in business_totals(number))


def old_rule_business_ok(number: str) -> bool:
    return any(total % 10 == 0 for total in business_totals(number))


def complete_with_check_digit(prefix: str) -> str:
    """Append the one final digit that makes the reference formula pass."""
    (number,) = [prefix + d for d in string.digits if reference_id_ok(prefix + d)]
    return number


def test_letter_table_matches_the_published_order():
    published = {letter: code for code, letter in enumerate(AREA_LETTERS_BY_CODE, start=10)}
    assert published == idnumbers.LETTER_CODES


@pytest.mark.parametrize(
    "number", NATIONAL_ID_GOOD + UI_NEW_GOOD + UI_OLD_GOOD + UI_BAD_CHECKSUM[:5]
)
def test_reference_formula_agrees_with_the_vectors(number):
    # Guards the reference itself, so the property tests below compare against something
    # known to be right.
    assert reference_id_ok(number) == (number not in UI_BAD_CHECKSUM)


def test_business_reference_agrees_with_the_vectors():
    assert all(reference_business_ok(n) for n in BUSINESS_GOOD)
    assert not any(reference_business_ok(n) for n in BUSINESS_BAD_CHECKSUM)


# --------------------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------------------

area_letters = st.sampled_from(string.ascii_uppercase)


def digit_strings(length: int) -> st.SearchStrategy[str]:
    return st.text(string.digits, min_size=length, max_size=length)


def id_numbers(second_chars: str) -> st.SearchStrategy[str]:
    """Valid numbers: area letter, one of ``second_chars``, 7 digits, the check digit."""
    prefixes = st.tuples(area_letters, st.sampled_from(second_chars), digit_strings(7))
    return prefixes.map("".join).map(complete_with_check_digit)


national_ids = id_numbers("12")
new_ui_numbers = id_numbers("89")
old_ui_numbers = id_numbers("ABCD")
ui_numbers = st.one_of(new_ui_numbers, old_ui_numbers)

# Ten characters in the rough shape of an ID, with any letter or digit in second place,
# so that both the shape check and the check digit get exercised.
id_like = st.tuples(
    area_letters,
    st.sampled_from(string.digits + string.ascii_uppercase),
    digit_strings(8),
).map("".join)


@given(national_ids)
def test_generated_national_ids_pass(number):
    assert is_valid_national_id(number)
    assert not is_valid_ui_number(number)


@given(ui_numbers)
def test_generated_ui_numbers_pass(number):
    assert is_valid_ui_number(number)
    assert not is_valid_national_id(number)


@given(id_like)
def test_national_id_check_matches_reference(number):
    expected = number[1] in "12" and reference_id_ok(number)
    assert is_valid_national_id(number) == expected


@given(id_like)
def test_ui_number_check_matches_reference(number):
    expected = number[1] in "89ABCD" and reference_id_ok(number)
    assert is_valid_ui_number(number) == expected


@given(
    st.one_of(
        national_ids.map(lambda n: (n, is_valid_national_id)),
        ui_numbers.map(lambda n: (n, is_valid_ui_number)),
    ),
    st.integers(min_value=2, max_value=9),
    st.sampled_from(string.digits),
)
def test_changing_one_digit(case, position, digit):
    number, check = case
    delta = int(digit) - int(number[position])
    changed = number[:position] + digit + number[position + 1 :]
    # Caught exactly when weight * delta is not a multiple of 10 ...
    assert check(changed) == ((ID_WEIGHT_AT[position] * delta) % 10 == 0)
    # ... hence always at the positions whose weight is coprime to 10.
    if delta and ID_WEIGHT_AT[position] in (1, 3, 7, 9):
        assert not check(changed)


@given(national_ids)
def test_changing_the_sex_digit_fails(number):
    other = "2" if number[1] == "1" else "1"
    assert not is_valid_national_id(number[0] + other + number[2:])


@given(new_ui_numbers)
def test_changing_the_sex_digit_of_a_new_ui_number_fails(number):
    other = "9" if number[1] == "8" else "8"
    assert not is_valid_ui_number(number[0] + other + number[2:])


@given(old_ui_numbers, st.sampled_from("ABCD"))
def test_changing_the_second_letter_of_an_old_ui_number_fails(number, letter):
    changed = number[0] + letter + number[2:]
    assert is_valid_ui_number(changed) == (letter == number[1])


@given(st.one_of(national_ids, ui_numbers), st.data())
def test_case_and_whitespace_do_not_matter(number, data):
    typed = "".join(
        data.draw(st.sampled_from([c, c.lower()])) + data.draw(st.sampled_from(["", " ", "\t"]))
        for c in number
    )
    assert normalize_id(typed) == number
    kind = NATIONAL_ID if number[1] in "12" else UI_NUMBER
    assert kind.is_valid(typed)


@given(digit_strings(8))
def test_business_number_check_matches_reference(number):
    assert is_valid_business_number(number) == reference_business_ok(number)


@given(digit_strings(7))
def test_old_business_rule_implies_new_rule(prefix):
    for number in (prefix + d for d in string.digits):
        if old_rule_business_ok(number):
            assert is_valid_business_number(number)


@given(digit_strings(7))
def test_every_business_prefix_has_two_or_four_check_digits(prefix):
    # The last weight is 1, so the totals for final digits 0-9 are ten consecutive
    # numbers: two of them are multiples of 5, and the "7 in seventh place" variant
    # adds two more.
    passing = [d for d in string.digits if is_valid_business_number(prefix + d)]
    assert len(passing) == (4 if prefix[6] == "7" else 2)


@given(st.text(max_size=12))
def test_arbitrary_text_never_crashes(text):
    for kind in (NATIONAL_ID, UI_NUMBER, BUSINESS_NUMBER):
        assert kind.is_valid(text) in (True, False)


# --------------------------------------------------------------------------------------
# Django validators
# --------------------------------------------------------------------------------------

VALIDATOR_CASES = [
    # validator, kind, good, bad shape, bad checksum
    (validate_national_id, NATIONAL_ID, "a123456789 ", "A823456783", "A123456788"),
    (validate_ui_number, UI_NUMBER, "A800000014", "A123456789", "A800000000"),
    (validate_ui_number, UI_NUMBER, " ac03095424", "AE12345673", "AB12345670"),
    (validate_business_number, BUSINESS_NUMBER, "22099131", "2209913", "22099132"),
]


@pytest.mark.parametrize(("validate", "kind", "good", "bad_shape", "bad_checksum"), VALIDATOR_CASES)
def test_validators(validate, kind, good, bad_shape, bad_checksum):
    assert validate(good) is None

    with pytest.raises(ValidationError) as shape_error:
        validate(bad_shape)
    assert shape_error.value.code == kind.code
    assert shape_error.value.message is kind.shape_message

    with pytest.raises(ValidationError) as checksum_error:
        validate(bad_checksum)
    assert checksum_error.value.code == kind.code
    assert checksum_error.value.message is kind.checksum_message


def test_error_codes():
    assert NATIONAL_ID.code == "invalid_national_id"
    assert UI_NUMBER.code == "invalid_ui_number"
    assert BUSINESS_NUMBER.code == "invalid_business_number"


def test_messages_render_and_their_examples_are_valid():
    from django.conf import settings
    from django.utils import translation

    if not settings.configured:
        pytest.skip("rendering lazy messages needs Django settings")
    with translation.override("en"):
        for kind in (NATIONAL_ID, UI_NUMBER, BUSINESS_NUMBER):
            shape, checksum = str(kind.shape_message), str(kind.checksum_message)
            assert "check digit" in checksum
            assert "check digit" not in shape
            examples = re.findall(r"e\.g\. (\w+)", shape)
            assert examples
            assert all(kind.is_valid(example) for example in examples)
