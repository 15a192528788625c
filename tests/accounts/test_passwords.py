"""The password rule (spec, Accounts): at least 8 characters of any kind, up to far more than
64, no composition rule; common and breached passwords refused from the shipped list."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.accounts.validators import MAX_PASSWORD_LENGTH, PASSWORD_RULE

# 64 emoji, some of them several code points each (skin tone, flag, family, keycap).
EMOJI_64 = ("🐉🌊🍜🎋🏯🚲🧋🌸" * 6) + ("👍🏽🇹🇼👨‍👩‍👧‍👦1️⃣" * 4)
UNICODE_PASSPHRASES = [
    "我的貓咪喜歡在陽台曬太陽",  # Traditional Chinese, no Latin letter or digit
    "Ünïcödé pässphräsé wïth spàcés",
    "ПРИВЕТ МИР КАК ДЕЛА",  # no lowercase letter, no digit
    "    spaces around are kept    ",
]


def codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def test_64_emoji_are_a_good_password():
    assert len(EMOJI_64.replace("\u200d", "")) > 64  # more code points than emoji
    assert codes(EMOJI_64) == []


@pytest.mark.parametrize("password", UNICODE_PASSPHRASES)
def test_unicode_passphrases_are_good_passwords(password):
    assert codes(password) == []


@pytest.mark.parametrize(
    "password", ["sunny-harbour-42", "NOLOWERCASE42", "nodigitshere", "Zz9zzzzq", "20240101555"]
)
def test_no_composition_rule(password):
    assert codes(password) == []


def test_seven_characters_are_too_short_and_eight_are_enough():
    assert codes("風林火山陰雷x") == ["password_too_short"]
    assert codes("風林火山陰雷xy") == []


def test_the_maximum_is_far_above_64_characters():
    assert MAX_PASSWORD_LENGTH >= 64 * 10  # 64 emoji of the longest standard sequences
    assert codes("長" * MAX_PASSWORD_LENGTH) == []
    assert codes("長" * (MAX_PASSWORD_LENGTH + 1)) == ["password_too_long"]


@pytest.mark.parametrize(
    "password",
    [
        "password1",  # Django's list
        "iloveyou2",
        "qwertyuiop",
        "wrinkle1",  # from zxcvbn's list of leaked passwords, not in Django's
        "PASSWORD123",  # compared without case
        "  iloveyou2  ",  # nor the spaces around
    ],
)
def test_common_and_breached_passwords_are_refused(password):
    assert "password_too_common" in codes(password)


def test_the_list_is_the_shipped_one_not_djangos():
    from django.contrib.auth.password_validation import get_default_password_validators

    from portal.accounts.validators import BreachedPasswordValidator

    (validator,) = [
        v for v in get_default_password_validators() if isinstance(v, BreachedPasswordValidator)
    ]
    assert len(validator.passwords) > 50_000
    assert "wrinkle1" in validator.passwords


def test_too_similar_to_the_name_is_refused(user_factory):
    user = user_factory(full_name="Maria Santos", email="maria.santos@example.com")
    assert "password_too_similar" in codes("mariasantos", user)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=8, max_size=80).filter(lambda s: len(s.strip()) >= 8))
def test_any_characters_of_the_right_length_pass_unless_listed(password):
    assert set(codes(password)) <= {"password_too_common"}


def test_messages_state_the_rule_in_both_languages():
    from django.contrib.auth.password_validation import password_validators_help_text_html

    with translation.override("en"):
        assert "at least 8 characters" in str(PASSWORD_RULE)
        assert "any characters" in str(PASSWORD_RULE)
        assert "lowercase" not in password_validators_help_text_html()
    with translation.override("zh-hant"):
        assert "小寫" not in password_validators_help_text_html()
        assert "你" not in str(PASSWORD_RULE)


# --- the forms that set a password ------------------------------------------------------


def change(client, new, old="correct-horse-42"):
    return client.post(
        reverse("accounts:account"),
        {
            "change_password": "1",
            "old_password": old,
            "new_password1": new,
            "new_password2": new,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("new", [EMOJI_64, *UNICODE_PASSPHRASES])
def test_account_page_accepts_emoji_and_unicode(signed_in_client, verified_user, new):
    assert change(signed_in_client, new).status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password(new)
    assert signed_in_client.session["_auth_user_id"] == str(verified_user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short7x", "at least 8 characters"),
        ("iloveyou2", "common or has appeared in a data breach"),
        ("長" * (MAX_PASSWORD_LENGTH + 1), "at most"),
    ],
)
def test_a_refused_change_keeps_the_old_password(signed_in_client, verified_user, new, message):
    response = change(signed_in_client, new)
    assert response.status_code == 400
    assert message in " ".join(response.context["password_form"].errors["new_password2"])
    verified_user.refresh_from_db()
    assert verified_user.check_password("correct-horse-42")
    assert not verified_user.check_password(new)
    # Still signed in: a refused change does not sign the user out.
    assert signed_in_client.session["_auth_user_id"] == str(verified_user.pk)


@pytest.mark.django_db
def test_every_form_that_sets_a_password_states_the_rule(client, signed_in_client):
    with translation.override("en"):
        rule = str(PASSWORD_RULE)
    # The signed-in user's pages are in the account's language (English here).
    assert rule in signed_in_client.get(reverse("accounts:account")).content.decode()
    signed_in_client.post(reverse("accounts:logout"))
    client.cookies["portal_language"] = "en"
    assert rule in client.get(reverse("accounts:sign_up")).content.decode()
