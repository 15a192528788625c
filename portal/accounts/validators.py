"""The password rule (spec, Accounts; ADR 0011): at least 8 characters of any kind, no
composition rule (OWASP ASVS 5.0 §6.2, NIST SP 800-63B), and common or breached passwords
refused from a list shipped with the project.

Length is counted in Unicode code points, as NIST asks. The maximum only stops absurd input:
64 emoji of the longest standard sequences (about ten code points each) fit well within it.
"""

from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_PASSWORD_LENGTH = 1024
PASSWORD_LIST = Path(__file__).resolve().parent / "data" / "breached-passwords.txt.gz"

# What every form that sets a password says about the rule.
PASSWORD_RULE = gettext_lazy(
    "Use at least 8 characters; any characters are allowed (spaces, any script, emoji). "
    "Passwords that are common, have appeared in a data breach, or resemble your name or "
    "e-mail address are refused."
)


class MaximumLengthValidator:
    def __init__(self, max_length=MAX_PASSWORD_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("The password may have at most %(max)d characters (it has %(length)d).")
                % {"max": self.max_length, "length": len(password)},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("Your password may have up to %(max)d characters.") % {"max": self.max_length}


class BreachedPasswordValidator(CommonPasswordValidator):
    """Django's check against a list, with the project's bigger list (see data/)."""

    def __init__(self, password_list_path=PASSWORD_LIST):
        super().__init__(password_list_path)

    def get_error_message(self):
        return _(
            "This password is too common or has appeared in a data breach. Please choose "
            "another one."
        )

    def get_help_text(self):
        return _("Your password cannot be a common password or one from a data breach.")
