"""Session limits: 30 minutes idle, and 12 hours after signing in whatever the activity.

Activity is any request except the countdown's own status check, which neither counts as
activity nor signs out: it only reports the time left. The time of the last activity is
kept in the session; any other request that arrives after 30 idle minutes finds the user
signed out, with an explanation waiting on the sign-in page. The write is throttled to
once a minute (and every POST) so that reading pages doesn't write the session row on
every request.

The absolute limit bounds what a stolen session cookie is worth: however busy the session,
it ends a fixed time after the sign-in (stamped on the session by the `user_logged_in`
signal), with the same kind of explanation.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "last_activity"
SIGNED_IN_AT_KEY = "signed_in_at"
WRITE_EVERY_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="portal.accounts.session.stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT_KEY] = now
        request.session[SESSION_KEY] = now


def remaining_seconds(request) -> int:
    """Until the session ends: the nearer of the idle and the absolute limit."""
    if not request.user.is_authenticated:
        return 0
    now = time.time()
    idle_end = request.session.get(SESSION_KEY, now) + settings.SESSION_IDLE_SECONDS
    absolute_end = request.session.get(SIGNED_IN_AT_KEY, now) + settings.SESSION_ABSOLUTE_SECONDS
    return max(0, int(min(idle_end, absolute_end) - now))


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._is_status_check(request):
            self._apply_limits(request)
        return self.get_response(request)

    @staticmethod
    def _apply_limits(request):
        now = time.time()
        signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
        last = request.session.get(SESSION_KEY)
        if signed_in_at is not None and now - signed_in_at >= settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
            messages.info(
                request,
                _(
                    "You were signed out because you signed in %(hours)d hours ago. Your "
                    "drafts are saved; sign in again to continue."
                )
                % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600},
            )
        elif last is not None and now - last >= settings.SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(
                request,
                _(
                    "You were signed out after 30 minutes without activity. Your drafts are "
                    "saved; sign in again to continue."
                ),
            )
        else:
            if signed_in_at is None:  # a session from before the absolute limit existed
                request.session[SIGNED_IN_AT_KEY] = now
            if last is None or now - last >= WRITE_EVERY_SECONDS or request.method == "POST":
                request.session[SESSION_KEY] = now

    @staticmethod
    def _is_status_check(request) -> bool:
        return request.method == "GET" and request.path == reverse("accounts:session")
