from django import forms
from django.utils import timezone

from portal.cases.drafts import SectionForm


class PersonForm(SectionForm):
    surname = forms.CharField(label="Surname", max_length=60)
    given_name = forms.CharField(label="Given name", max_length=60)
    date_of_birth = forms.DateField(
        label="Date of birth", widget=forms.DateInput(attrs={"type": "date"})
    )
    nationality = forms.CharField(label="Nationality (ISO code)", max_length=2)
    passport_number = forms.CharField(label="Passport number", max_length=20)

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        return value


class StayForm(SectionForm):
    address = forms.CharField(label="Address in Taiwan", max_length=200)
    studies = forms.TypedChoiceField(
        label="Studying?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
    )
    school = forms.CharField(label="School", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("studies") == "yes" and not data.get("school"):
            self.add_error("school", "Name your school.")
        return data


class FamilyMemberForm(SectionForm):  # one line of the repeating section "family"
    name = forms.CharField(label="Name", max_length=60)
    passport_number = forms.CharField(label="Passport number", max_length=20)
