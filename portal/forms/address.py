"""A Taiwan address as structured parts: county and district are chosen from lists (so
nobody has to type them in Chinese), the rest typed as on an envelope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.cases.widgets import DependentSelect
from portal.forms.choices import SharedChoices
from portal.reference import choices as reference_choices

ADDRESS_PARTS = (
    "county",
    "district",
    "village",
    "neighbourhood",
    "road",
    "section",
    "lane",
    "alley",
    "number",
    "floor",
)
REQUIRED_PARTS = ("county", "district", "road", "number")


class TaiwanAddressMixin(forms.Form):
    """Adds the address parts; `address_required` says whether it may be left empty."""

    address_required = True

    county = forms.ChoiceField(label=_("County or city"), required=False)
    district = forms.ChoiceField(
        label=_("Township, city or district"),
        required=False,
        widget=DependentSelect("county"),
    )
    village = forms.CharField(label=_("Village (里/村)"), max_length=30, required=False)
    neighbourhood = forms.CharField(label=_("Neighbourhood (鄰)"), max_length=10, required=False)
    road = forms.CharField(
        label=_("Road or street"),
        max_length=60,
        required=False,
        help_text=_("For example: Chongqing S. Rd. or 重慶南路."),
    )
    section = forms.CharField(label=_("Section (段)"), max_length=10, required=False)
    lane = forms.CharField(label=_("Lane (巷)"), max_length=10, required=False)
    alley = forms.CharField(label=_("Alley (弄)"), max_length=10, required=False)
    number = forms.CharField(label=_("Number (號)"), max_length=20, required=False)
    floor = forms.CharField(label=_("Floor (樓)"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Kept per language in the reference cache: no query once built.
        counties = reference_choices.county_choices()
        self.fields["county"].choices = SharedChoices(counties, blank=True)
        choices, parents = reference_choices.district_choices()
        self.fields["district"].choices = SharedChoices(choices)
        self.fields["district"].widget.parents = parents

    @property
    def combined_answers(self):
        """The review pages show the address as one line, not ten rows of parts."""
        from portal.cases.presentation import CombinedAnswer

        return [CombinedAnswer("address", _("Address in Taiwan"), ADDRESS_PARTS, format_address)]

    def clean(self):
        data = super().clean()
        given = [part for part in ADDRESS_PARTS if data.get(part)]
        if given or self.address_required:
            for part in REQUIRED_PARTS:
                if not data.get(part):
                    self.add_error(part, _("This part of the address is required."))
        county, district = data.get("county"), data.get("district")
        if county and district and not reference_choices.district_in_county(district, county):
            self.add_error("district", _("Choose a district of the county you chose."))
        return data


def format_address(answers, language=None) -> str:
    """The address as one line, Chinese order (county, district, road... floor)."""
    from portal.bilingual import localized

    county = _row(reference_choices.county, answers.get("county"))
    district = _row(reference_choices.district, answers.get("district"))
    parts = [
        localized(county, "name", language) if county else "",
        localized(district, "name", language) if district else "",
    ]
    suffixes = {
        "village": "",
        "neighbourhood": "鄰",
        "road": "",
        "section": "段",
        "lane": "巷",
        "alley": "弄",
        "number": "號",
        "floor": "樓",
    }
    for part, suffix in suffixes.items():
        value = (answers.get(part) or "").strip()
        if value:
            parts.append(value if value.endswith(suffix) else value + suffix)
    return " ".join(p for p in parts if p)


def _row(look_up, pk):
    pk = str(pk or "")
    return look_up(pk) if pk.isdigit() else None
