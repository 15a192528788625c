from django import forms
from django.utils.translation import gettext_lazy as _

from payments.simgateway.books import luhn_ok


class CardForm(forms.Form):
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=23,
        help_text=_("Test cards: 4111 1111 1111 1111 is paid, 4000 0000 0000 0002 is declined."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    expiry = forms.RegexField(
        label=_("Expiry (MM/YY)"),
        regex=r"^(0[1-9]|1[0-2])/\d{2}$",
        error_messages={"invalid": _("Write the expiry as MM/YY, for example 08/29.")},
    )
    security_code = forms.RegexField(
        label=_("Security code"),
        regex=r"^\d{3,4}$",
        error_messages={"invalid": _("The security code is the 3 or 4 digits on the card.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_card_number(self):
        number = "".join(self.cleaned_data["card_number"].split()).replace("-", "")
        if not number.isdigit() or not 12 <= len(number) <= 19 or not luhn_ok(number):
            raise forms.ValidationError(_("This is not a valid card number."))
        return number
