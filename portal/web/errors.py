"""Error pages. The 500 page and the refusals of `hygiene` are written in both languages at
once: they may be shown before (or because) the request's language could not be worked out,
and they must not depend on the database. The 500 page shows the request's reference, the
same one that starts the log line of the failure, so that the help desk can find it."""

from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.web.request_ids import current_request_id

TITLES = {
    400: _("This request could not be handled"),
    405: _("This request could not be handled"),
    413: _("What you sent is too large"),
    500: _("Something went wrong on our side"),
}
SERVER_ERROR = _(
    "Sorry: the site could not finish what you asked. Nothing you saved before is lost. "
    "Please try again in a few minutes. If it happens again, contact the help desk and give "
    "them this reference."
)
LANGUAGES = (("zh-hant", "zh-Hant-TW"), ("en", "en"))


def bilingual_page(request, status, message, params=None, *, reference="") -> HttpResponse:
    params = params or {}
    parts = []
    for code, html_lang in LANGUAGES:
        with translation.override(code):
            parts.append(
                {
                    "lang": html_lang,
                    "title": str(TITLES.get(status, TITLES[400])),
                    "message": str(message) % params,
                    "reference_label": str(_("Reference")),
                    "home_label": str(_("Back to the home page")),
                }
            )
    html = render_to_string(
        "errors/bilingual.html", {"parts": parts, "status": status, "reference": reference}
    )
    return HttpResponse(html, status=status)


def server_error(request):
    """handler500: no context processors, no database, no language negotiation."""
    response = bilingual_page(request, 500, SERVER_ERROR, reference=current_request_id())
    return HttpResponseServerError(response.content)


def csrf_failure(request, reason=""):
    """A page the person understands (their form came from an expired page), in their
    language and the site's layout; what was wrong technically goes to the log only."""
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)
