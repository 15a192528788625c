"""Account lockout (django-axes; ADRs 0003 and 0011).

Applicants: five wrong passwords lock the account until it is reset by e-mail. Failures
are counted per normalised e-mail address, whether or not an account exists for it, so the
lockout answers the same for unknown addresses (no account enumeration).

Staff: the same five, but counted per address *and* IP address, and forgotten 15 minutes
after the last one. A stranger who knows a reviewer's address locks only their own IP out
for a while; the reviewer signs in from theirs. Guessing the password gets the stranger no
further anyway: staff also need their second factor.
"""

from datetime import timedelta

from axes.models import AccessBase
from axes.utils import reset

from .managers import UserManager
from .models import User

STAFF_COOL_OFF = timedelta(minutes=15)
# axes needs a duration for every lockout once one of them has a cool-off: "until the
# password is reset" is a century (a reset deletes the failures, see unlock_account).
UNTIL_RESET = timedelta(days=365 * 100)


def username_from_request(request, credentials):
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return UserManager.normalize_email_address(raw)


def is_staff_address(request_or_attempt, credentials=None) -> bool:
    if isinstance(request_or_attempt, AccessBase):
        email = request_or_attempt.username or ""
    else:
        email = username_from_request(request_or_attempt, credentials)
    # Asked several times per attempt by axes: remembered on the request.
    known = request_or_attempt.__dict__.setdefault("_staff_addresses", {})
    if email not in known:
        known[email] = bool(email) and User.objects.filter(email=email, is_staff=True).exists()
    return known[email]


def lockout_parameters(request_or_attempt, credentials=None):
    if is_staff_address(request_or_attempt, credentials):
        return [["username", "ip_address"]]
    return ["username"]


def cool_off(request) -> timedelta:
    if request is not None and is_staff_address(request):
        return STAFF_COOL_OFF
    return UNTIL_RESET


def unlock_account(email: str) -> None:
    """Called when the owner proves control of the address (password reset)."""
    reset(username=UserManager.normalize_email_address(email))
