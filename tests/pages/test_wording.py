"""The portal's own wording for Django's stock messages, on every form (portal/pages/wording.py)."""

from django import forms
from django.utils import translation


class AnyForm(forms.Form):
    name = forms.CharField()
    choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)


def required_errors(language):
    with translation.override(language):
        form = AnyForm(data={})
        form.is_valid()
        return [str(e) for errors in form.errors.values() for e in errors]


def test_required_reads_as_the_portal_words_it_in_chinese_and_keeps_its_english():
    """Needs the lead's merge of var/i18n/applicant.json into the catalogue."""
    errors = required_errors("zh-hant")

    assert errors == ["此欄位為必填。", "此欄位為必填。"]
    assert "這個欄位是必須的。" not in errors
    assert required_errors("en") == ["This field is required.", "This field is required."]


def test_the_admins_forms_say_it_the_same_way():
    from django.contrib.auth.forms import AuthenticationForm

    with translation.override("zh-hant"):
        form = AuthenticationForm(data={})
        form.is_valid()
        errors = [str(e) for e in form.errors["username"]]

    assert errors == ["此欄位為必填。"]
