"""The second step of a staff sign-in, enrolment of the authenticator, recovery codes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from . import devices, signin
from .forms import CodeForm, EnrolmentCodeForm

RECOVERY_CODES_KEY = "recovery_codes_to_show"


@method_decorator(never_cache, name="dispatch")
class PendingSignInMixin:
    """Only for someone who has just passed the password step."""

    def dispatch(self, request, *args, **kwargs):
        self.user = signin.pending_user(request)
        if self.user is None:
            messages.info(request, _("Please sign in again."))
            return redirect("accounts:login")
        return self.elsewhere() or super().dispatch(request, *args, **kwargs)

    def elsewhere(self):
        """A redirect when the other step fits this person (enrolled or not)."""
        return None


class SecondFactorView(PendingSignInMixin, FormView):
    template_name = "accounts/second_factor.html"
    form_class = CodeForm

    def elsewhere(self):
        if devices.authenticator(self.user) is None:
            return redirect("accounts:enrol_second_factor")
        return None

    def form_valid(self, form):
        check = devices.check_code(self.user, form.cleaned_data["code"])
        if check.wait_until is not None:
            form.add_error("code", _wait_message(check.wait_until))
            return self.form_invalid(form)
        if check.device is None:
            form.add_error("code", _("This code is not correct. Please try again."))
            return self.form_invalid(form)
        next_url = signin.complete(self.request, self.user, check.device)
        if check.used_recovery_code:
            left = devices.recovery_codes_left(self.user)
            messages.warning(
                self.request,
                ngettext(
                    "You signed in with a recovery code, which now no longer works; "
                    "%(count)d is left. Create new ones on your account page.",
                    "You signed in with a recovery code, which now no longer works; "
                    "%(count)d are left. Create new ones on your account page.",
                    left,
                )
                % {"count": left},
            )
        return redirect(next_url)


class EnrolView(PendingSignInMixin, FormView):
    """A staff member without an authenticator sets one up before the first sign-in."""

    template_name = "accounts/enrol_second_factor.html"
    form_class = EnrolmentCodeForm

    def elsewhere(self):
        if devices.authenticator(self.user) is not None:
            return redirect("accounts:second_factor")
        return None

    def get_context_data(self, **kwargs):
        device = devices.start_enrolment(self.user)
        return {
            **super().get_context_data(**kwargs),
            "qr_code": devices.qr_code_data_uri(device),
            "secret": devices.secret_for_typing(device),
            "email": self.user.email,
        }

    def form_valid(self, form):
        device = devices.start_enrolment(self.user)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _wait_message((details or {}).get("locked_until")))
            return self.form_invalid(form)
        codes = devices.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code",
                _(
                    "This code is not correct. Check that the phone's clock is right and "
                    "enter the code the app shows now."
                ),
            )
            return self.form_invalid(form)
        device.refresh_from_db()
        next_url = signin.complete(self.request, self.user, device)
        return _show_recovery_codes(self.request, codes, next_url)


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, View):
    """GET shows new recovery codes once; POST (from the account page) makes new ones."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not devices.required_for(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        shown = request.session.pop(RECOVERY_CODES_KEY, None)
        if not shown:
            return redirect("accounts:account")
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": shown["codes"], "next": shown["next"]},
        )

    def post(self, request):
        codes = devices.new_recovery_codes(request.user)
        messages.success(request, _("New recovery codes are ready; the old ones no longer work."))
        return _show_recovery_codes(request, codes, reverse("accounts:account"))


def _show_recovery_codes(request, codes, next_url):
    # Through the session and a redirect, so that the codes are shown once and a reload
    # does not post again.
    request.session[RECOVERY_CODES_KEY] = {"codes": codes, "next": next_url}
    return redirect("accounts:recovery_codes")


def _wait_message(until) -> str:
    if until is None or until <= timezone.now():
        return _("Too many wrong codes. Please wait a moment and try again.")
    return _("Too many wrong codes. Please try again after %(time)s.") % {
        "time": time_format(timezone.localtime(until), "H:i:s")
    }
