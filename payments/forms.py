from django import forms
from django.utils.translation import gettext_lazy as _

from payments.gateways.base import Method

METHOD_CHOICES = [
    (Method.CARD, _("Credit or debit card (paid at once)")),
    (
        Method.STORE,
        _(
            "Convenience store (a code to pay at 7-ELEVEN, FamilyMart, Hi-Life or OK; confirmed "
            "within 2–3 working days)"
        ),
    ),
]


class SelectionForm(forms.Form):
    """The cases ticked on the payment list, as `<workflow slug>:<id>` keys."""

    cases = forms.MultipleChoiceField(
        label=_("Applications to pay for"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one application to pay for.")},
    )

    def __init__(self, *args, payable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(item.key, item.key) for item in payable if item.selectable]


class ConfirmForm(SelectionForm):
    method = forms.ChoiceField(
        label=_("How will you pay?"),
        choices=METHOD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you will pay.")},
    )
    no_refund = forms.BooleanField(
        label=_(
            "I understand that fees are not refunded once paid, whatever the outcome of the "
            "applications."
        ),
        error_messages={"required": _("Please confirm that you understand fees are not refunded.")},
    )


class PayForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How will you pay?"),
        choices=METHOD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you will pay.")},
    )
