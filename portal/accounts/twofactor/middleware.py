from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from .devices import is_verified, required_for


class StaffSecondFactorMiddleware:
    """A staff session without a verified second factor is signed out, on every page.

    The sign-in never creates one (see `signin`), but sessions from before staff needed a
    second factor, or whose authenticator an administrator removed, or of a person made
    staff while signed in, would otherwise reach staff-only pages outside the admin too
    (document downloads, for instance). Needs django-otp's OTPMiddleware before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and required_for(user) and not is_verified(user):
            logout(request)
            messages.info(
                request, _("Staff accounts sign in with a second factor. Please sign in again.")
            )
        return self.get_response(request)
