"""The public verification page (ADR 0013): anyone holding a receipt or certificate of this
site (a border officer, an employer, a landlord) types its code, or scans its QR code, and
learns whether it is valid, what it is, its term and the holder's initials. Nothing else:
the page needs no sign-in, so it must tell a stranger with a code no more than the paper in
their hand already does.

Every look-up counts against the client's address (`portal.ratelimit`), so that no one can
walk the codes; a code is 50 random bits anyway. Input that cannot be a code (too long, a
stray character) is answered before the database is asked.
"""

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from portal import ratelimit
from portal.pdf import verification
from portal.pdf.models import IssuedPdf, Validity


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        strip=True,
        help_text=_(
            "10 letters and digits, printed beside the QR code, for example 7KQ2M-X9DHT. "
            "Upper or lower case, spaces and hyphens do not matter."
        ),
        error_messages={"required": _("Type the code printed on the document.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": verification.MAX_INPUT,
            }
        ),
    )

    def clean_code(self):
        code = verification.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "This is not a verification code. A code has 10 letters and digits, for "
                    "example 7KQ2M-X9DHT: please check it and type it again."
                )
            )
        return code


def verify(request):
    """The form; a typed code goes to its own page, the page its QR code opens."""
    if "code" not in request.GET:
        return _page(request, VerificationForm())
    form = VerificationForm(request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    return redirect("verify:document", form.cleaned_data["code"])


def document(request, code):
    limited = _count(request)
    if limited is not None:
        return limited
    normalised = verification.normalise(code)
    if normalised is not None and normalised != code:
        return redirect("verify:document", normalised)  # typed in lower case, with a hyphen...
    issued = None
    if normalised is not None:
        issued = (
            IssuedPdf.objects.filter(verification_code=normalised)
            .select_related("case_type")
            .only(
                "kind",
                "document",
                "case_type",
                "verification_code",
                "holder_initials",
                "valid_from",
                "valid_until",
                "revoked_at",
            )
            .first()
        )
    form = VerificationForm(initial={"code": verification.display(normalised or "")})
    if issued is None:
        return _page(request, form, {"unknown": True}, status=404)
    return _page(
        request,
        form,
        {"issued": issued, "validity": issued.validity(), "Validity": Validity},
    )


def _count(request):
    """One look-up of the client's address; a 429 page once it has looked up too many."""
    from axes.helpers import get_client_ip_address  # the address sign-in lockouts use

    rate = ratelimit.Rate.from_setting(settings.VERIFICATION_RATE)
    try:
        ratelimit.hit("verify", get_client_ip_address(request) or "unknown", rate)
    except ratelimit.RateLimited as limited:
        at = time_format(timezone.localtime(limited.retry_at), "H:i")
        message = _(
            "You have checked many codes in a short time. Please try again after %(time)s."
        ) % {"time": at}
        response = _page(request, VerificationForm(), {"limited": message}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    return None


def _page(request, form, extra=None, *, status=200):
    return render(
        request,
        "pdf/verify.html",
        {"form": form, **(extra or {})},
        status=status,
    )
