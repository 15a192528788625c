"""Account lockout (django-axes): five wrong passwords lock the account until it is reset.

Failures are counted per normalised e-mail address, whether or not an account exists for
it, so the lockout answers the same for unknown addresses (no account enumeration).
"""

from axes.utils import reset

from .managers import UserManager


def username_from_request(request, credentials):
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return UserManager.normalize_email_address(raw)


def unlock_account(email: str) -> None:
    """Called when the owner proves control of the address (password reset)."""
    reset(username=UserManager.normalize_email_address(email))
