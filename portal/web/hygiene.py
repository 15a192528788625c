"""Refusing requests no view should ever see, before any view or database sees them.

- A NUL byte (raw, or %00 once decoded) in the path, the query or a form field: PostgreSQL
  refuses NUL in text and JSON, so such a value turned into a 500 (with the person's data
  in the traceback) wherever it reached a query. No legitimate input contains one, so the
  request is answered 400 here, once for every view. A view that must keep whatever it is
  sent (a payment gateway's callback, stored raw before it is read: ADR 0007) opts out with
  `@accepts_raw_input` and copes with NUL itself.
- A body larger than `REQUEST_BODY_MAX_BYTES`: answered 413 before it is read (the reverse
  proxy caps it too; this is the cap when Django runs without one).
- TRACE and TRACK: answered 405; no view of ours answers them.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from portal.web.errors import bilingual_page

REFUSED_METHODS = frozenset({"TRACE", "TRACK"})
NUL = "\x00"

TOO_LARGE = _(
    "What you sent is too large for this site. A file may be at most %(size)s MB; please "
    "send a smaller one."
)
NUL_CHARACTER = _(
    "Your request contained a character that is not allowed (a NUL character). Please "
    "remove it, for example by typing the text again instead of pasting it, and try again."
)


def accepts_raw_input(view):
    """Mark a view that stores what it receives as received, NUL bytes included."""
    view.accepts_raw_input = True
    return view


class RequestHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD, POST, OPTIONS"
            return response
        if _declared_length(request) > settings.REQUEST_BODY_MAX_BYTES:
            size = settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
            return _refusal(request, 413, TOO_LARGE, {"size": size})
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "accepts_raw_input", False):
            return None
        if _carries_nul(request):
            return _refusal(request, 400, NUL_CHARACTER)
        return None


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _carries_nul(request) -> bool:
    if NUL in request.path or NUL in request.path_info:
        return True
    if _query_dict_has_nul(request.GET):
        return True
    if request.method == "POST":
        # The CSRF check reads request.POST for every POST anyway, so this parses nothing
        # that would not be parsed; uploaded files' contents are not looked at.
        if _query_dict_has_nul(request.POST):
            return True
        if any(NUL in (f.name or "") for f in request.FILES.values()):
            return True
    return False


def _query_dict_has_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _refusal(request, status, message, params=None):
    """A short answer the person can act on: JSON for the pages' own background requests
    (autosave, uploads) in the page's language; otherwise a page in both languages, since
    this may run before the language of the request is known."""
    params = params or {}
    if request.headers.get("X-Autosave") or request.headers.get("X-Requested-With"):
        text = str(message) % params
        return JsonResponse({"error": text, "errors": {"__all__": [text]}}, status=status)
    return bilingual_page(request, status, message, params)
