"""The six tabs of the Gold Card application (seed 004, steps 14-19). Each form validates
the stored answers of its tab; rules that depend on the eligibility answers read them from
the case (`self.answers`)."""

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from goldcard import lookups, rules
from goldcard.answers import GoldCardAnswers
from goldcard.fees import processing_days, terms_with_fees
from portal.accounts.idnumbers import validate_ui_number
from portal.cases.drafts import SectionForm
from portal.cases.widgets import DependentSelect, reveal_when
from portal.forms.address import TaiwanAddressMixin
from portal.forms.choices import SharedChoices
from portal.forms.people import (
    DATE,
    document_number,
    english_name,
    nationality_choices,
    yes_no,
)
from portal.reference import choices as reference_choices

PASSPORT_MONTHS_LEFT = 6
# Mail providers in mainland China that the agency's notices may not reach (seed 004, step 14).
MAINLAND_MAIL_DOMAINS = frozenset(
    {"qq.com", "163.com", "126.com", "sina.com", "sina.cn", "sohu.com", "yeah.net", "139.com",
     "aliyun.com", "foxmail.com", "188.com", "21cn.com", "tom.com"}
)  # fmt: skip


class GoldCardSectionForm(SectionForm):
    @property
    def answers(self):
        """The case's answers as the rules read them, parsed once (goldcard.answers)."""
        if self.case is None:
            return GoldCardAnswers({})
        return self.case.answers_view


class BasicDataForm(GoldCardSectionForm):
    surname = forms.CharField(
        label=_("Surname (as in the passport)"),
        max_length=60,
        help_text=_(
            "Write your English name exactly as in the passport you will enter Taiwan with; "
            "a hyphen is replaced by a space."
        ),
    )
    given_name = forms.CharField(label=_("Given name (as in the passport)"), max_length=60)
    chinese_name = forms.CharField(label=_("Chinese name"), max_length=30, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DATE,
        help_text=_("Without a full date of birth, apply on paper at an NIA service station."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("M", _("Male")), ("F", _("Female"))], widget=forms.RadioSelect
    )
    nationality = forms.ChoiceField(label=_("Nationality"))
    occupation = forms.CharField(label=_("Current occupation"), max_length=100)
    education = forms.ChoiceField(
        label=_("Highest education"),
        choices=[
            ("", "---------"),
            ("doctorate", _("Doctorate")),
            ("master", _("Master's degree")),
            ("bachelor", _("Bachelor's degree")),
            ("associate", _("Associate degree")),
            ("secondary", _("Secondary school")),
            ("other", _("Other")),
        ],
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"),
        choices=[
            ("", "---------"),
            ("single", _("Single")),
            ("married", _("Married")),
            ("divorced", _("Divorced")),
            ("widowed", _("Widowed")),
        ],
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "Do not use an e-mail provider in mainland China: because of security rules, the "
            "agency's notices may not reach it."
        ),
    )
    birth_country = forms.ChoiceField(label=_("Country of birth"))
    birth_city = forms.CharField(label=_("City or state of birth"), max_length=60)
    home_address = forms.CharField(label=_("Address in your home country"), max_length=200)
    home_phone = forms.CharField(label=_("Phone number in your home country"), max_length=30)
    other_nationality = forms.ChoiceField(label=_("Former or other nationality"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices()
        self.fields["other_nationality"].choices = nationality_choices()
        self.fields["birth_country"].choices = nationality_choices(foreign_only=False)

    def clean_surname(self):
        return english_name(self.cleaned_data["surname"])

    def clean_given_name(self):
        return english_name(self.cleaned_data["given_name"])

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value >= timezone.localdate():
            raise forms.ValidationError(_("The date of birth must be in the past."))
        return value

    def clean_nationality(self):
        code = self.cleaned_data["nationality"]
        nationality = reference_choices.nationality(code)
        hk_macao = rules.is_hk_macao(self.answers)
        if nationality is not None and hk_macao and not nationality.is_hk_macao:
            raise forms.ValidationError(
                _("You said you are a Hong Kong or Macao resident: choose Hong Kong or Macao.")
            )
        if nationality is not None and not hk_macao and nationality.is_hk_macao:
            raise forms.ValidationError(
                _(
                    "You said you are a foreign national: choose the nationality of your "
                    "passport, or change your answers to the eligibility questions."
                )
            )
        return code

    def warnings(self):
        email = str(self.data.get("email") or "")
        domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
        if domain in MAINLAND_MAIL_DOMAINS:
            return [
                _(
                    "%(domain)s is a mainland China mail provider: the agency's notices may not "
                    "reach it. Please give another e-mail address."
                )
                % {"domain": domain}
            ]
        return []


class PassportForm(GoldCardSectionForm):
    passport_type = forms.ChoiceField(
        label=_("Passport type"),
        choices=[
            ("ordinary", _("Ordinary")),
            ("official", _("Official")),
            ("diplomatic", _("Diplomatic")),
            ("travel_document", _("Travel document")),
        ],
        initial="ordinary",
    )
    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=20,
        help_text=_("The passport you will enter Taiwan with."),
    )
    issue_date = forms.DateField(label=_("Date of issue"), widget=DATE)
    expiry_date = forms.DateField(
        label=_("Date of expiry"),
        widget=DATE,
        help_text=_("The passport must be valid for at least 6 more months."),
    )
    place_of_issue = forms.CharField(label=_("Place of issue"), max_length=60)
    previous_passport_number = forms.CharField(
        label=_("Previous passport number"),
        max_length=20,
        required=False,
        help_text=_("If you entered Taiwan before with another passport."),
    )

    def clean_passport_number(self):
        value = document_number(self.cleaned_data["passport_number"])
        if not value.isalnum():
            raise forms.ValidationError(_("Use only the letters and digits of the number."))
        return value

    def clean_issue_date(self):
        value = self.cleaned_data["issue_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of issue cannot be in the future."))
        return value

    def clean_expiry_date(self):
        return self.check_expiry(self.cleaned_data["expiry_date"])

    @staticmethod
    def check_expiry(value):
        """A passport used for the card must have at least 6 months left."""
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("This passport has expired. Renew it before you apply."))
        needed = today + relativedelta(months=PASSPORT_MONTHS_LEFT)
        if value < needed:
            raise forms.ValidationError(
                _(
                    "The passport must be valid for at least 6 more months (until "
                    "%(date)s or later). Renew it before you apply."
                )
                % {"date": date_format(needed)}
            )
        return value

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issue_date"), data.get("expiry_date")
        if issued and expires and expires <= issued:
            self.add_error("expiry_date", _("The date of expiry must be after the date of issue."))
        return data


# The visa tab's eleven questions, exactly as seed 004 asks them (step 16), in its order.
# Questions 3 to 11 ask for an explanation after "yes": their short topic names the question
# in the explanation's label and error. Drafts saved before this list matched the seed may
# still hold answers to questions no longer asked (terrorism, visa_refused, trafficking):
# the form reads only its own fields, so those are ignored, and dropped at the tab's next save.
BACKGROUND_QUESTIONS = [
    ("first_visit", _("Is this your first visit to Taiwan?")),
    ("had_roc_visa", _("Have you ever been issued a visa of the Republic of China (Taiwan)?")),
    ("criminal_record", _(
        "Have you ever had a criminal record, in the Republic of China or elsewhere, or been "
        "banned from entering, removed from or deported by the Republic of China?")),
    ("illegal_entry", _("Have you ever entered the Republic of China illegally?")),
    ("disease", _(
        "Have you ever had a communicable disease, a mental illness or another illness that "
        "could affect public health or public order?")),
    ("overstay", _(
        "Have you ever overstayed your stay or residence, or worked illegally, in the "
        "Republic of China?")),
    ("controlled_substances", _(
        "Have you ever traded in controlled items (such as narcotics)?")),
    ("illegal_or_agency_work", _(
        "Have you ever engaged in illegal activities, or been employed by or served an "
        "external agency?")),
    ("other_name", _(
        "Have you ever applied for a visa of the Republic of China under another name?")),
    ("worked_in_taiwan", _("Have you ever worked in the Republic of China?")),
    ("filled_by_other", _("Was this application form filled in by someone else?")),
]  # fmt: skip
EXPLANATION_TOPICS = {
    "criminal_record": _("criminal record, entry ban, removal or deportation"),
    "illegal_entry": _("illegal entry"),
    "disease": _("illness affecting public health"),
    "overstay": _("overstay or illegal work"),
    "controlled_substances": _("trade in controlled items"),
    "illegal_or_agency_work": _("illegal activities or work for an external agency"),
    "other_name": _("visa under another name"),
    "worked_in_taiwan": _("work in Taiwan"),
    "filled_by_other": _("form filled in by someone else"),
}


def explanation_field(number, topic, controller):
    """The box for explaining a yes to question `number`, named after its question (the
    summary of errors and the review page show it away from the question itself)."""
    field = forms.CharField(
        label=_("Explanation for question %(number)s (%(topic)s)")
        % {"number": number, "topic": topic},
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only if you answered yes to question %(number)s: what happened, when and where."
        )
        % {"number": number},
        error_messages={
            "required": _(
                "You answered yes to question %(number)s: explain what happened, when and where."
            )
            % {"number": number}
        },
    )
    return reveal_when(field, controller, "yes")


class VisaForm(GoldCardSectionForm):
    """Visa application and passport verification (簽證申請(繳驗護照))."""

    mission = forms.ChoiceField(
        label=_("Where you will show your passport"),
        required=False,
        help_text=_(
            "The ROC overseas mission where you will show your passport in person. Some "
            "missions in the list may have closed: check with the Ministry of Foreign Affairs."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if rules.verifies_passport(self.answers):
            self.fields["mission"].required = True
            self.fields["mission"].choices = SharedChoices(lookups.mission_choices(), blank=True)
        else:
            del self.fields["mission"]
        # Built here, in the language of the request: the labels carry the question's number.
        for number, (code, question) in enumerate(BACKGROUND_QUESTIONS, start=1):
            self.fields[code] = yes_no(f"{number}. {question}")
            if code in EXPLANATION_TOPICS:
                self.fields[f"{code}_explanation"] = explanation_field(
                    number, EXPLANATION_TOPICS[code], code
                )
        self.fields["had_roc_visa"].help_text = _(
            "If you are not sure, ask the Bureau of Consular Affairs of the Ministry of Foreign "
            "Affairs; if it finds no record of a visa, answer yes."
        )


TERM_CHOICES = [("1", _("1 year")), ("2", _("2 years")), ("3", _("3 years"))]


class ResidenceForm(TaiwanAddressMixin, GoldCardSectionForm):
    """Residence (居留申請): the address in Taiwan, an earlier UI number, the card's term and,
    for applicants in Taiwan, where they will collect it."""

    term_years = forms.TypedChoiceField(
        label=_("Validity of the card you apply for"),
        choices=TERM_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    held_arc_before = yes_no(_("Have you ever held an ROC resident certificate (ARC)?"))
    ui_number = forms.CharField(
        label=_("UI number (統一證號)"),
        max_length=12,
        required=False,
        validators=[validate_ui_number],
        help_text=_(
            "On your old resident certificate: the new format (A800000014) or the old one "
            "(AA00000009). If you forgot it, ask an NIA service station."
        ),
    )
    pickup_station = forms.ChoiceField(
        label=_("NIA service station where you will collect the card"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.answers
        if self.case is not None and self.case.pk:
            self.fields["term_years"].choices = terms_with_fees(self.case.fee_quotes, TERM_CHOICES)
        days = processing_days()
        self.fields["term_years"].help_text = _(
            "The fee for your situation is shown with each term. It is paid after you submit "
            "and is not refunded, whatever the outcome."
        ) + (
            " " + _("The agencies aim to decide within %(days)s days of payment.") % {"days": days}
            if days
            else ""
        )
        self.address_required = rules.in_taiwan(answers)
        if not self.address_required:
            self.fields["road"].help_text = _(
                "Applying from abroad without an address in Taiwan yet? Leave the address "
                "empty, and report it online within 30 days of moving in."
            )
        self.fields["pickup_station"].choices = SharedChoices(
            reference_choices.station_choices(), blank=True
        )
        self.fields["pickup_station"].required = rules.in_taiwan(answers)
        if rules.holds_arc(answers):
            self.fields["held_arc_before"].help_text = _(
                "You entered with a valid resident certificate: give its UI number."
            )

    def clean_ui_number(self):
        return "".join(self.cleaned_data["ui_number"].split()).upper()

    def clean(self):
        data = super().clean()
        held = data.get("held_arc_before") == "yes" or rules.holds_arc(self.answers)
        if held and not data.get("ui_number") and "ui_number" not in self.errors:
            self.add_error("ui_number", _("Give the UI number of your resident certificate."))
        return data


class ProfessionalFieldForm(GoldCardSectionForm):
    field = forms.ChoiceField(label=_("Professional field"))
    criterion = forms.ChoiceField(
        label=_("Qualification criterion"),
        help_text=_("Choose the criterion you meet within the field."),
        widget=DependentSelect("field"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Kept per language in the reference cache (goldcard.lookups): no query once built.
        self.fields["field"].choices = SharedChoices(lookups.field_choices(), blank=True)
        groups, parents = lookups.criterion_choices()
        self.fields["criterion"].choices = SharedChoices(groups, blank=True)
        self.fields["criterion"].widget.parents = parents

    def clean(self):
        data = super().clean()
        field, criterion = data.get("field"), data.get("criterion")
        chosen = lookups.criterion(criterion)
        if field and criterion and (chosen is None or chosen.field.code != field):
            self.add_error("criterion", _("Choose a criterion of the field you chose."))
        return data
