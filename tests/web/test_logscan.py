"""The suite's log scan itself (tests/logscan.py) finds what it must."""

from tests.logscan import _typed_passport_numbers, find_personal_data


def test_the_scan_finds_each_kind_of_personal_data():
    lines = [
        "[-] INFO x sent to maria@example.com",
        "[-] INFO x holder A123456789",
        "[-] INFO x passport C1234567 refused",
        "[-] INFO x case 115550000123 paid",
    ]
    hits = find_personal_data(lines, {"C1234567"})
    assert hits == lines[:3]


def test_the_passport_numbers_typed_by_the_tests_are_collected():
    numbers = _typed_passport_numbers()
    assert "C1234567" in numbers  # tests/factories.py sample_answers
