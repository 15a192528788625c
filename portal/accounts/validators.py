"""Password rule of the portal, on top of Django's validators (length, common, numeric,
similarity): at least one lowercase letter and one digit, as the seed systems require."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LowercaseAndDigitPasswordValidator:
    def validate(self, password, user=None):
        if not any(c.islower() for c in password) or not any(c.isdigit() for c in password):
            raise ValidationError(
                _("The password must contain at least one lowercase letter and one digit."),
                code="password_needs_lowercase_and_digit",
            )

    def get_help_text(self):
        return _("Your password must contain at least one lowercase letter and one digit.")
