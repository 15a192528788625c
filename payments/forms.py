import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
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


class ReconciliationPeriodForm(forms.Form):
    """The last day of the two weeks the reconciliation shows (default: today)."""

    # Nothing was paid through the portal before it existed; an earlier day is a typo, and
    # the year 1 would leave no room for the two weeks before it.
    FIRST_DAY = datetime.date(2000, 1, 1)

    end = forms.DateField(
        label=_("Two weeks up to"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date that exists, for example 2026-02-28.")},
    )

    def clean_end(self):
        end = self.cleaned_data["end"] or timezone.localdate()
        if end < self.FIRST_DAY:
            raise forms.ValidationError(
                _("Choose a day from %(date)s on.") % {"date": date_format(self.FIRST_DAY)}
            )
        return end
