from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .idnumbers import validate_business_number, validate_national_id
from .managers import UserManager
from .models import Language, Membership, Organisation, OrganisationKind, Role, User
from .tasks import send_password_reset_email, send_verification_email
from .validators import PASSWORD_RULE

# What a person signing up may be; reviewers and administrators are created by staff.
SIGN_UP_TYPES = [
    ("applicant", _("Foreign applicant (applying for myself)")),
    (OrganisationKind.COMPANY_EMPLOYER, _("Employer: company (with a business number)")),
    (OrganisationKind.HOUSEHOLD_EMPLOYER, _("Employer: household (with a national ID)")),
    (OrganisationKind.AGENCY, _("Agency (intermediary acting under a mandate)")),
    (OrganisationKind.SCHOOL, _("School (office filing for its students)")),
]
ROLE_FOR_KIND = {
    OrganisationKind.COMPANY_EMPLOYER: Role.EMPLOYER,
    OrganisationKind.HOUSEHOLD_EMPLOYER: Role.EMPLOYER,
    OrganisationKind.AGENCY: Role.AGENCY,
    OrganisationKind.SCHOOL: Role.SCHOOL,
}


class SignUpForm(forms.Form):
    account_type = forms.ChoiceField(
        label=_("I am"), choices=SIGN_UP_TYPES, widget=forms.RadioSelect, initial="applicant"
    )
    full_name = forms.CharField(
        label=_("Your name"), max_length=150, help_text=_("As in your passport or ID.")
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_RULE,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(
        label=_("Language for e-mails and documents"), choices=Language.choices
    )
    organisation_name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        required=False,
        help_text=_("Employers, agencies and schools only."),
    )
    organisation_id = forms.CharField(
        label=_("Business number (統一編號) or, for a household employer, national ID"),
        max_length=10,
        required=False,
        help_text=_("Employers, agencies and schools only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (
            Language.EN if (get_language() or "").startswith("en") else Language.ZH_HANT
        )

    def clean_email(self):
        email = UserManager.normalize_email_address(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                format_html(
                    _(
                        "An account with this e-mail address already exists. "
                        '<a href="{}">Sign in</a> or <a href="{}">reset the password</a>.'
                    ),
                    reverse("accounts:login"),
                    reverse("accounts:password_reset"),
                ),
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("The two passwords do not match."), code="password_mismatch"
                ),
            )
        if p1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        self._clean_organisation(cleaned)
        return cleaned

    def _clean_organisation(self, cleaned):
        kind = cleaned.get("account_type")
        if kind not in ROLE_FOR_KIND:
            return
        name = (cleaned.get("organisation_name") or "").strip()
        number = (cleaned.get("organisation_id") or "").strip().upper()
        if not name:
            self.add_error(
                "organisation_name",
                forms.ValidationError(_("Enter the organisation's name."), code="required"),
            )
        if not number:
            self.add_error(
                "organisation_id",
                forms.ValidationError(
                    _("Enter the business number or national ID."), code="required"
                ),
            )
            return
        validate = (
            validate_national_id
            if kind == OrganisationKind.HOUSEHOLD_EMPLOYER
            else validate_business_number
        )
        try:
            validate(number)
        except forms.ValidationError as error:
            self.add_error("organisation_id", error)
            return
        if Organisation.objects.filter(kind=kind, id_number=number).exists():
            self.add_error(
                "organisation_id",
                forms.ValidationError(
                    _(
                        "This organisation already has an account. Ask its administrator to add "
                        "you as a member."
                    ),
                    code="organisation_taken",
                ),
            )
        cleaned["organisation_id"] = number
        cleaned["organisation_name"] = name

    @transaction.atomic
    def save(self) -> User:
        data = self.cleaned_data
        kind = data["account_type"]
        user = User.objects.create_user(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            language=data["language"],
            role=ROLE_FOR_KIND.get(kind, Role.APPLICANT),
        )
        if kind in ROLE_FOR_KIND:
            organisation = Organisation.objects.create(
                kind=kind, name=data["organisation_name"], id_number=data["organisation_id"]
            )
            Membership.objects.create(
                user=user, organisation=organisation, level=Membership.Level.ADMIN
            )
        transaction.on_commit(lambda: send_verification_email.delay(user.pk))
        return user


# The longest address the account model and the lockout's records hold (axes keeps 255).
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


class SignInForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        error_messages={"max_length": _("An e-mail address has at most 254 characters.")},
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        # One message for an unknown address and a wrong password: no account enumeration.
        "invalid_login": _(
            "The e-mail address or password is not correct. After 5 wrong "
            "passwords the account is locked until the password is reset."
        ),
        "inactive": _("This account has been closed. Contact the help desk."),
        "unverified": _(
            "Please verify your e-mail address first: follow the link we sent "
            "you, or ask for a new one below."
        ),
    }

    def clean_username(self):
        # Checked again after normalising: lower-casing can lengthen a string (İ becomes i̇).
        email = UserManager.normalize_email_address(self.cleaned_data.get("username", ""))
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                self.fields["username"].error_messages["max_length"], code="max_length"
            )
        return email

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.has_verified_email:
            raise forms.ValidationError(self.error_messages["unverified"], code="unverified")


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))

    def save(self) -> None:
        email = UserManager.normalize_email_address(self.cleaned_data["email"])
        user = User.objects.filter(email__iexact=email, email_verified_at__isnull=True).first()
        if user is not None:
            send_verification_email.delay(user.pk)


class PasswordResetForm(forms.Form):
    """Queues the reset e-mail in Celery; answers the same whether or not the address is known."""

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, **kwargs) -> None:
        email = UserManager.normalize_email_address(self.cleaned_data["email"])
        for user in User.objects.filter(email__iexact=email, is_active=True):
            send_password_reset_email.delay(user.pk)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]


class NewPasswordRuleMixin:
    """The new-password field states the portal's rule, in the portal's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_RULE


class ChangePasswordForm(NewPasswordRuleMixin, auth_forms.PasswordChangeForm):
    pass


class SetNewPasswordForm(NewPasswordRuleMixin, auth_forms.SetPasswordForm):
    pass
