"""Before the tabs: the eligibility questions (seed 004, steps 8-9) and the terms of use
(step 10). The answers shape the tabs, the documents asked for, the review stages and the fee."""

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goldcard.rules import EntryDocument, Identity, RocNationality, filing_role

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class NotEligible(Exception):
    pass


class EligibilityForm(forms.Form):
    acknowledge = forms.BooleanField(
        label=_(
            "I understand that the form and the documents asked for follow my answers, and "
            "that if the review finds an answer untrue (nationality, applying from inside or "
            "outside Taiwan, the document I entered with…) the application is refused and the "
            "fee is not refunded."
        ),
        error_messages={"required": _("Please confirm that you have read this.")},
    )
    held_gold_card = forms.ChoiceField(
        label=_("Do you hold, or have you held, an Employment Gold Card?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    identity = forms.ChoiceField(
        label=_("Your nationality or status"), choices=Identity.CHOICES, widget=forms.RadioSelect
    )
    in_taiwan = forms.ChoiceField(
        label=_("Are you applying from inside Taiwan now?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_(
            "Choose yes only if you are already in Taiwan, and stay in Taiwan for at least 7 "
            "days after you submit. If this answer does not match the facts, the fee is not "
            "refunded."
        ),
    )
    entry_document = forms.ChoiceField(
        label=_("The document you entered Taiwan with, or hold now"),
        choices=[("", "---------"), *EntryDocument.CHOICES],
        required=False,
        help_text=_("Only if you are applying from inside Taiwan."),
    )
    roc_national = forms.ChoiceField(
        label=_("Do you have ROC (Taiwan) nationality?"),
        choices=RocNationality.CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, ask_terms=False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_terms:
            # The terms of use (seed 004, step 10) are accepted on the same page as the
            # questions: one step fewer before the tabs, and nothing is lost if one is missing.
            self.fields["accept"] = copy.deepcopy(TermsForm.base_fields["accept"])

    def clean(self):
        data = super().clean()
        if data.get("in_taiwan") == "yes" and not data.get("entry_document"):
            self.add_error("entry_document", _("Tell us the document you entered Taiwan with."))
        if data.get("in_taiwan") == "no":
            data["entry_document"] = ""
        if data.get("roc_national") == RocNationality.WITH_HOUSEHOLD:
            raise forms.ValidationError(
                _(
                    "A person with ROC nationality and household registration in Taiwan cannot "
                    "apply for the Employment Gold Card."
                ),
                code="not_eligible",
            )
        return data

    @property
    def not_eligible(self) -> bool:
        return any(e.code == "not_eligible" for e in self.non_field_errors().as_data())

    def warnings(self):
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        notes = []
        if data.get("in_taiwan") == "yes":
            notes.append(
                _(
                    "You apply from inside Taiwan: stay in Taiwan for at least 7 days after "
                    "you submit the application."
                )
            )
        if data.get("entry_document") == EntryDocument.VISA_EXEMPT:
            notes.append(
                _(
                    "Watch the end of your visa-exempt stay: leave Taiwan in time if it runs "
                    "out before the card is issued."
                )
            )
        return notes


class EligibilityGate(EligibilityForm):
    """The questions and the terms of use as the gate before the tabs (served by
    portal.cases.views.gates), with the fees and the processing time before starting."""

    def __init__(self, data=None, *, stored, case, user):
        self.stored, self.case, self.user = stored, case, user
        super().__init__(
            data, initial=stored or None, ask_terms=not stored.get("terms_accepted_at")
        )

    def answers_to_store(self) -> dict:
        now = timezone.now().isoformat()
        values = {k: v for k, v in self.cleaned_data.items() if k not in ("acknowledge", "accept")}
        accepted = self.stored.get("terms_accepted_at") or now
        return {**values, "acknowledged_at": now, "terms_accepted_at": accepted}

    def page_context(self) -> dict:
        from goldcard.fees import fee_table, processing_days

        return {
            "role": filing_role(self.user),
            "not_eligible": self.is_bound and self.not_eligible,
            "fees": fee_table() if self.case is None else None,
            "processing_days": processing_days(),
        }


class TermsForm(forms.Form):
    """The terms-of-use checkbox; EligibilityForm(ask_terms=True) asks it with the questions."""

    accept = forms.BooleanField(
        label=_("I have read the terms of use and agree to them."),
        error_messages={"required": _("You must accept the terms of use to go on.")},
    )


class EligibilitySummary(EligibilityForm):
    """The eligibility answers as a read-only section of the review pages."""

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        del self.fields["acknowledge"]

    @staticmethod
    def edit_url(case):
        from django.urls import reverse

        return reverse("goldcard:eligibility", args=[case.pk])
