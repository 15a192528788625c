from django.conf import settings

from .session import remaining_seconds


def session_timeout(request):
    """Seconds before the idle session ends, for the countdown in the page header."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "session_remaining_seconds": remaining_seconds(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
