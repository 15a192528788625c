import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("password", ["sunny-harbour-42", "quiet-river-7", "Zz9zzzzq"])
def test_good_passwords(password):
    validate_password(password)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("abc1", "password_too_short"),
        ("ABCDEFGH1", "password_needs_lowercase_and_digit"),
        ("abcdefghij", "password_needs_lowercase_and_digit"),
        ("password1", "password_too_common"),
        ("12345678901", "password_entirely_numeric"),
    ],
)
def test_bad_passwords(password, code):
    with pytest.raises(ValidationError) as raised:
        validate_password(password)
    assert code in [e.code for e in raised.value.error_list]


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*", min_size=8, max_size=30))
def test_no_lowercase_or_no_digit_is_always_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)
