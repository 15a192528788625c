"""Render a Django template to a PDF with WeasyPrint (in Celery tasks, never in the web process).

WeasyPrint is imported inside the functions: importing it costs a noticeable fraction of a
second and pulls in Pango, which the web process has no use for.

Nothing outside the document is ever fetched. The URL fetcher refuses every URL except the
derived font file(s) of `portal.pdf.fonts`, and a refusal stops the render (it is a template
bug, not something to print around). User text cannot reach it anyway: templates escape it,
so `<img src=...>` or `url(...)` in a name is printed, not loaded.
"""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import translation

from portal.pdf import fonts, weasy


class RefusedURL(ValueError):
    """A PDF tried to load something other than its own font files."""


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """The PDF of `template_name` rendered under `language` (the case's language).

    `context["languages"]` (primary first) drives `{% bilingual %}`; it defaults to
    `[language]`, a one-language document.
    """
    context = {"languages": [language], "language": language, **context}
    with translation.override(language):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Tagged PDF of a complete HTML document; title and language come from its <title> and
    <html lang>. No base URL: relative URLs resolve to nothing. Raises RefusedURL if the
    document tries to load anything."""
    weasy.load()
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = local_fonts_only_fetcher()
    pdf_fonts = fonts.shared_pdf_fonts(fetcher)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    try:
        return document.write_pdf(
            stylesheets=[pdf_fonts.stylesheet],
            font_config=pdf_fonts.font_config,
            pdf_tags=True,
        )
    except FatalURLFetchingError as error:
        # A BaseException in WeasyPrint: turn it back into an ordinary error, which a Celery
        # task can fail (and report) on like any other.
        raise RefusedURL(str(error.__cause__ or error)) from error


def allowed_path(url: str) -> Path | None:
    """The local file `url` names if it is one the renderer may read, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    if parts.query or parts.fragment:
        return None
    path = Path(url2pathname(parts.path)).resolve()  # url2pathname also %-decodes
    return path if path in fonts.allowed_font_files() else None


def local_fonts_only_fetcher():
    """A WeasyPrint URL fetcher (a `weasyprint.URLFetcher`) that reads the allowed font
    files and refuses everything else, fatally."""
    return _fetcher_class()()


@cache
def _fetcher_class():
    weasy.load()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFontsOnlyFetcher(URLFetcher):
        def __init__(self):
            # fail_on_errors: WeasyPrint otherwise logs a refused URL and renders on.
            super().__init__(allowed_protocols=("file",), fail_on_errors=True)

        def fetch(self, url, headers=None):
            path = allowed_path(url)
            if path is None:
                raise RefusedURL(f"PDF rendering may not load {url[:200]!r}")
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": "font/ttf"}
            )

    return LocalFontsOnlyFetcher
