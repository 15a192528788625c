"""The forms of the Gold Card's other services (spec: services 2-5)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goldcard.fees import terms_with_fees
from goldcard.forms.sections import PassportForm
from portal.cases.drafts import SectionForm
from portal.forms.address import TaiwanAddressMixin
from portal.forms.people import DATE

TERM_CHOICES = [("1", _("1 year")), ("2", _("2 years")), ("3", _("3 years"))]


class ExtensionForm(SectionForm):
    term_years = forms.TypedChoiceField(
        label=_("Extend by"),
        choices=TERM_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("The new validity starts the day after your current card ends."),
    )
    still_qualifies = forms.BooleanField(
        label=_("I still meet the qualification criterion of my professional field."),
        error_messages={"required": _("An extension needs the criterion to be met still.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None and self.case.pk:
            # The fee of each term where the term is chosen, as on the application's tab.
            self.fields["term_years"].choices = terms_with_fees(self.case.fee_quotes, TERM_CHOICES)


class DataChangeForm(TaiwanAddressMixin, SectionForm):
    """What changed; each item chosen needs its new value. Address changes must be reported
    within 30 days of moving."""

    address_required = False

    changes = forms.MultipleChoiceField(
        label=_("What has changed"),
        choices=[
            ("address", _("Residence address")),
            ("passport", _("Passport number")),
            ("phone", _("Phone number")),
            ("email", _("E-mail")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    moved_on = forms.DateField(label=_("Moved in on"), widget=DATE, required=False)
    new_passport_number = forms.CharField(label=_("New passport number"), max_length=20,
                                          required=False)  # fmt: skip
    new_passport_expiry = forms.DateField(
        label=_("New passport's date of expiry"), widget=DATE, required=False
    )
    new_phone = forms.CharField(label=_("New phone number"), max_length=30, required=False)
    new_email = forms.EmailField(label=_("New e-mail"), required=False)

    def clean(self):
        data = super().clean()
        changes = set(data.get("changes") or [])
        if "address" in changes:
            self.address_required = True
            for part in ("county", "district", "road", "number"):
                if not data.get(part) and part not in self.errors:
                    self.add_error(part, _("This part of the address is required."))
            moved_on = data.get("moved_on")
            if not moved_on:
                self.add_error("moved_on", _("Give the date you moved in."))
            elif moved_on > timezone.localdate():
                self.add_error("moved_on", _("The date you moved in cannot be in the future."))
        if "passport" in changes:
            if not data.get("new_passport_number"):
                self.add_error("new_passport_number", _("Give the new passport number."))
            expiry = data.get("new_passport_expiry")
            if not expiry:
                self.add_error("new_passport_expiry", _("Give the new passport's expiry date."))
            else:
                try:
                    PassportForm.check_expiry(expiry)
                except forms.ValidationError as error:
                    self.add_error("new_passport_expiry", error)
        if "phone" in changes and not data.get("new_phone"):
            self.add_error("new_phone", _("Give the new phone number."))
        if "email" in changes and not data.get("new_email"):
            self.add_error("new_email", _("Give the new e-mail address."))
        return data


class ReissueForm(SectionForm):
    reason = forms.ChoiceField(
        label=_("Why the card is reissued"),
        choices=[
            ("lost", _("Lost")),
            ("damaged", _("Damaged")),
            ("data_changed", _("Its data changed")),
        ],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("What happened"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PickupChangeForm(SectionForm):
    """Where the passport is shown (abroad) or the card collected (in Taiwan)."""

    new_mission = forms.ChoiceField(label=_("New overseas mission"), required=False)
    new_station = forms.ChoiceField(label=_("New NIA service station"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from goldcard.models import OverseasMission
        from portal.reference.selectors import active_stations

        self.fields["new_mission"].choices = [("", "---------")] + [
            (m.code, m.name) for m in OverseasMission.objects.active()
        ]
        self.fields["new_station"].choices = [("", "---------")] + [
            (str(s.pk), s.name) for s in active_stations()
        ]

    def clean(self):
        data = super().clean()
        if not data.get("new_mission") and not data.get("new_station"):
            raise forms.ValidationError(_("Choose the new mission or the new station."))
        return data
