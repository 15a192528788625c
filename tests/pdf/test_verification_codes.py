"""Verification codes (ADR 0013): drawn from `secrets` in an unambiguous alphabet, printed in
two groups, read back whatever the case, spaces, hyphens or full-width forms; initials that
say no more than the paper."""

import pytest

from portal.pdf import verification
from portal.pdf.verification import ALPHABET, display, initials, new_code, normalise


def test_a_new_code_is_ten_characters_of_crockfords_alphabet():
    assert set(ALPHABET) == set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    for _ in range(200):
        code = new_code()
        assert len(code) == 10
        assert set(code) <= set(ALPHABET)
        assert not set(code) & set("ILOU")


def test_codes_are_random_not_a_sequence():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000  # 50 bits: a repeat here would mean a broken generator
    # Every symbol turns up in every position: nothing is fixed or counted.
    for position in range(10):
        assert len({code[position] for code in codes}) == 32


def test_codes_come_from_secrets(monkeypatch):
    drawn = []

    def choice(alphabet):
        drawn.append(alphabet)
        return alphabet[-1]

    monkeypatch.setattr(verification.secrets, "choice", choice)
    assert new_code() == "ZZZZZZZZZZ"
    assert drawn == [ALPHABET] * 10


@pytest.mark.parametrize(
    "typed",
    [
        "7KQ2MX9DHT",
        "7kq2mx9dht",
        "7KQ2M-X9DHT",
        " 7KQ2M X9DHT ",
        "7KQ2M–X9DHT",  # en dash, as word processors turn hyphens
        "7 K Q 2 M - X 9 D H T",
        "７ＫＱ２Ｍ－Ｘ９ＤＨＴ",  # full width, typed with a Chinese input method
        "7KQ2M\u3000X9DHT",  # ideographic space
        "7kq2m_x9dht",
    ],
)
def test_the_code_is_read_back_however_it_is_typed(typed):
    assert normalise(typed) == "7KQ2MX9DHT"


def test_letters_people_mistake_for_digits_read_as_those_digits():
    assert normalise("IL0O1-ABCDE") == "11001ABCDE"
    assert normalise("il0o1abcde") == "11001ABCDE"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "7KQ2MX9DH",  # one short
        "7KQ2MX9DHTX",  # one long
        "7KQ2MX9DHU",  # U is not a symbol
        "7KQ2M\x00X9DHT",  # NUL
        "7KQ2M X9DHT" + " " * 60,  # over the input limit, however harmless
        "A" * 10_000,
        "'; DROP TABLE pdf_issuedpdf; --",
        "<script>alert(1)</script>",
        "７ＫＱ２Ｍ＄Ｘ９ＤＨＴ",
        "7KQ2MX9DHT/../",
        None,
        12345,
    ],
)
def test_anything_else_is_no_code(typed):
    assert normalise(typed) is None


def test_the_code_is_shown_in_two_groups_of_five():
    assert display("7KQ2MX9DHT") == "7KQ2M-X9DHT"
    assert normalise(display("7KQ2MX9DHT")) == "7KQ2MX9DHT"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DOE JANE MARY", "D. J. M."),
        ("Chen Da-Wen", "C. D."),
        ("jane doe", "J. D."),
        ("Ünal Özgür", "Ü. Ö."),
        ("O'BRIEN SEAN", "O. S."),
        ("NGUYEN Van An", "N. V. A."),
        ("ANNA MARIA LENA SOFIA SCHMIDT", "A. M. L. S."),  # four at most
        ("陳大文", "陳○○"),
        ("歐陽娜娜", "歐○○"),
        ("林", "林"),
        ("", ""),
        ("   ", ""),
        ("<b>X</b>", "B. X. B."),
    ],
)
def test_initials_follow_the_name_as_the_document_prints_it(name, expected):
    assert initials(name) == expected
