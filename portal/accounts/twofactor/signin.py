"""The step between the password and the second factor.

A staff member who gave the right password is not signed in yet: the session only holds
who passed the first step, where to go afterwards, and when (the step expires). The sign-in
itself (Django's `login`, and django-otp's record of the device) happens once the second
factor is verified, so no part of the site ever sees a staff session without one.
"""

import time

from django.contrib.auth import get_user_model, login
from django.utils.crypto import constant_time_compare
from django_otp import login as otp_login

PENDING_KEY = "second_factor_pending"
PENDING_SECONDS = 10 * 60


def begin(request, user, next_url: str) -> None:
    request.session.cycle_key()  # a new session id for the new privilege, as login() does
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        # A password changed meanwhile (e.g. by a reset) voids the first step.
        "hash": user.get_session_auth_hash(),
        "next": next_url,
        "at": time.time(),
    }


def pending_user(request):
    """The person between the two steps, or None (no first step, expired, or changed)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or not constant_time_compare(
        pending.get("hash", ""), user.get_session_auth_hash()
    ):
        return None
    return user


def complete(request, user, device) -> str:
    """Signs the person in with the device that verified them; returns where to go next."""
    pending = request.session.pop(PENDING_KEY)
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    return pending["next"]
