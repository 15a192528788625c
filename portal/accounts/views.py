from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django.views.i18n import set_language as django_set_language

from . import forms
from .lockout import unlock_account
from .session import remaining_seconds
from .tokens import decode_uid, email_verification_token
from .twofactor import devices as two_factor
from .twofactor import signin


class SignUpView(FormView):
    template_name = "accounts/sign_up.html"
    form_class = forms.SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        self.request.session["signed_up_email"] = user.email
        return redirect("accounts:sign_up_done")


class SignUpDoneView(TemplateView):
    template_name = "accounts/sign_up_done.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "email": self.request.session.get("signed_up_email", ""),
        }


def verify_email(request, uidb64, token):
    uid = decode_uid(uidb64)
    user = None if uid is None else get_user_model().objects.filter(pk=uid).first()
    if user is not None and user.has_verified_email:
        messages.info(request, _("Your e-mail address is already verified. Please sign in."))
        return redirect("accounts:login")
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    user.mark_verified()
    messages.success(request, _("Thank you: your e-mail address is verified. Please sign in."))
    return redirect("accounts:login")


class ResendVerificationView(FormView):
    template_name = "accounts/resend_verification.html"
    form_class = forms.ResendVerificationForm

    def form_valid(self, form):
        form.save()
        messages.info(
            self.request,
            _(
                "If an unverified account uses this address, a new verification link is on its "
                "way. It works for 24 hours."
            ),
        )
        return redirect("accounts:login")


class SignInView(auth_views.LoginView):
    """Everyone signs in here; staff then give their second factor (ADR 0011) and land on
    their review queues, unless a safe `next` says otherwise."""

    template_name = "accounts/sign_in.html"
    form_class = forms.SignInForm
    redirect_authenticated_user = True

    signing_in = None  # the person whose password was just accepted

    def get_default_redirect_url(self):
        if (self.signing_in or self.request.user).is_staff:
            return reverse("review_queues")
        return super().get_default_redirect_url()

    def form_valid(self, form):
        self.signing_in = form.get_user()
        if not two_factor.required_for(self.signing_in):
            return super().form_valid(form)
        signin.begin(self.request, self.signing_in, self.get_success_url())
        return redirect("accounts:second_factor")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetNewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Following the link proves control of the address: unlock and verify.
        unlock_account(self.user.email)
        two_factor.clear_throttles(self.user)
        self.user.mark_verified()
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class AccountView(LoginRequiredMixin, View):
    """帳號維護: profile, language, password, organisations."""

    template_name = "accounts/account.html"

    def get(self, request):
        return self.render(
            forms.ProfileForm(instance=request.user), forms.ChangePasswordForm(request.user)
        )

    def post(self, request):
        profile = forms.ProfileForm(instance=request.user)
        password = forms.ChangePasswordForm(request.user)
        if "change_password" in request.POST:
            password = forms.ChangePasswordForm(request.user, request.POST)
            if password.is_valid():
                password.save()
                update_session_auth_hash(request, password.user)
                messages.success(request, _("Your password has been changed."))
                return redirect("accounts:account")
        else:
            profile = forms.ProfileForm(request.POST, instance=request.user)
            if profile.is_valid():
                profile.save()
                messages.success(request, _("Your details have been saved."))
                response = redirect("accounts:account")
                set_language_cookie(response, request.user.language)
                return response
        return self.render(profile, password, status=400)

    def render(self, profile, password, status=200):
        user = self.request.user
        memberships = user.memberships.select_related("organisation")
        context = {"profile_form": profile, "password_form": password, "memberships": memberships}
        if two_factor.required_for(user):
            context["recovery_codes_left"] = two_factor.recovery_codes_left(user)
        return render(self.request, self.template_name, context, status=status)


def set_language_cookie(response, language: str) -> None:
    """The language cookie with every attribute Django's own switch gives it (secure,
    HttpOnly, SameSite, age, path, domain: all from settings)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request):
    """Django's language switch, plus: a signed-in user's choice is stored on the account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and check_for_language(language)
        and language in dict(settings.LANGUAGES)
    ):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class SessionStatusView(View):
    """GET tells the countdown how long is left without counting as activity;
    POST ("stay signed in") counts as activity and so restarts the 30 minutes."""

    def get(self, request):
        return JsonResponse(
            {
                "authenticated": request.user.is_authenticated,
                "remaining": remaining_seconds(request),
            }
        )

    def post(self, request):
        if not request.user.is_authenticated:
            return JsonResponse({"authenticated": False, "remaining": 0}, status=401)
        return JsonResponse({"authenticated": True, "remaining": remaining_seconds(request)})


def timed_out(request):
    """Where the countdown sends the page at zero. The idle-timeout middleware has already
    signed the user out and left the explanation for the sign-in page."""
    return redirect(reverse("accounts:login"))


def health(request):
    return HttpResponse("ok", content_type="text/plain")
