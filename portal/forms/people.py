"""Fields and normalisers about a person: names as the passport prints them, document
numbers, nationality choices (named and sorted per language, cached in portal.reference),
yes/no questions and dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.choices import SharedChoices
from portal.reference import choices as reference_choices

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def english_name(value) -> str:
    """A name as in the passport's machine-readable form: a hyphen becomes a space, capitals."""
    return " ".join(str(value or "").replace("-", " ").split()).upper()


def document_number(value) -> str:
    """A passport or card number as printed: no spaces, capitals."""
    return "".join(str(value or "").split()).upper()


def yes_no(label, **kwargs):
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, **kwargs)


def nationality_choices(foreign_only=True) -> SharedChoices:
    # Named and ordered for the page's language, built once per language (portal.reference),
    # handed to the field as they are (portal.forms.choices).
    return SharedChoices(
        reference_choices.nationality_choices(foreign_only=foreign_only), blank=True
    )
