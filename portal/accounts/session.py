"""The 30-minute idle timeout.

Activity is any request except the countdown's own status check, which neither counts as
activity nor signs out: it only reports the time left. The time of the last activity is
kept in the session; any other request that arrives after 30 idle minutes finds the user
signed out, with an explanation waiting on the sign-in page. The write is throttled to
once a minute (and every POST) so that reading pages doesn't write the session row on
every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "last_activity"
WRITE_EVERY_SECONDS = 60


def remaining_idle_seconds(request) -> int:
    if not request.user.is_authenticated:
        return 0
    last = request.session.get(SESSION_KEY, time.time())
    return max(0, int(settings.SESSION_IDLE_SECONDS - (time.time() - last)))


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._is_status_check(request):
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if last is not None and now - last >= settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out after 30 minutes without activity. Your drafts are "
                        "saved; sign in again to continue."
                    ),
                )
            elif last is None or now - last >= WRITE_EVERY_SECONDS or request.method == "POST":
                request.session[SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _is_status_check(request) -> bool:
        return request.method == "GET" and request.path == reverse("accounts:session")
