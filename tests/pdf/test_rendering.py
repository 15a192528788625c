"""render_pdf: a tagged PDF with title and language, real glyphs for Chinese and Latin names,
and nothing fetched from anywhere whatever the user typed."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from portal.pdf import fonts, rendering
from portal.pdf.rendering import RefusedURL, html_to_pdf, render_pdf
from tests.pdf import pdf_reading
from tests.pdf.samples import bilingual_receipt, latin_receipt

RECEIPT = "payments/receipt.html"
ROOT = Path(__file__).resolve().parent.parent.parent


def render_receipt(context) -> bytes:
    return render_pdf(RECEIPT, context, language=context["language"])


def test_a_bilingual_receipt_is_a_tagged_pdf_with_title_and_language():
    data = render_receipt(bilingual_receipt())
    assert data.startswith(b"%PDF-")
    pdf = pdf_reading.reader(data)
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "zh-Hant"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert pdf.metadata.title == "繳費單 B1150000042 收據 / Receipt for order B1150000042"
    assert len(data) < 200 * 1024


def test_a_latin_receipt_is_in_english_only():
    data = render_receipt(latin_receipt())
    assert pdf_reading.reader(data).trailer["/Root"]["/Lang"] == "en"
    text = pdf_reading.text(data)
    assert "Receipt" in text and "NT$ 5,800" in text
    assert not any("\u4e00" <= character <= "\u9fff" for character in text)


def test_chinese_and_latin_names_render_with_real_glyphs(notdef_warnings):
    data = render_receipt(bilingual_receipt())
    text = pdf_reading.text(data)
    for name in ("陳大文", "國立臺灣大學", "林美玲", "LIN Mei-", "NGUYEN Van An"):
        assert name in text
    assert notdef_warnings() == []
    # Chinese from the fast subset, Latin from DejaVu: no full CJK font was needed.
    assert pdf_reading.embedded_fonts(data) == {"DejaVu-Sans", "Portal-Ming-TW-Light"}


def test_rare_characters_fall_back_to_a_full_font_not_to_tofu(notdef_warnings):
    context = bilingual_receipt()
    rare = "堃喆𡘙"  # Big5 level 2, and one outside Big5 (CJK extension B)
    assert not any(ord(character) in fonts.fast_subset_codepoints() for character in rare)
    context["payer_name"] = f"陳{rare}"
    data = render_receipt(context)
    assert f"陳{rare}" in pdf_reading.text(data)
    assert notdef_warnings() == []
    assert "Portal-Ming-TW-Light" in pdf_reading.embedded_fonts(data)
    assert len(pdf_reading.embedded_fonts(data)) == 3  # plus the full font that had them


def test_amounts_are_the_same_in_both_languages_and_dates_in_the_primary_languages_form():
    chinese_first = pdf_reading.text(render_receipt(bilingual_receipt()))
    english = pdf_reading.text(render_receipt(latin_receipt()))

    assert "NT$ 3,700" in chinese_first and "NT$ 5,800" in chinese_first
    assert "NT$ 3,700" in english and "NT$ 5,800" in english
    assert "2026/11/21" in chinese_first
    assert "21 November 2026" in english
    assert "2026-11-21" not in chinese_first + english


def test_each_line_is_one_receipt_number_and_the_batch_number_is_not_called_one():
    text = pdf_reading.text(render_receipt(latin_receipt()))

    for index in (1, 2, 3):
        assert text.count(f"R11500000{index:03d}") == 1
    assert text.count("B1150000042") == 1
    assert text.count("Receipt number") == 1  # the column of the lines, and nothing else


def test_without_languages_in_the_context_the_pdf_has_one_language():
    context = latin_receipt()
    del context["languages"]
    data = render_pdf(RECEIPT, context, language="en")
    assert pdf_reading.reader(data).trailer["/Root"]["/Lang"] == "en"


# --- nothing is fetched -------------------------------------------------------------------


@pytest.fixture
def listener():
    """A local port that records whether anything connected to it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield server


def nobody_connected(server) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


@pytest.fixture
def fetched(monkeypatch, fresh_pdf_fonts):
    """Every URL the renderer's fetcher is asked for, fonts included (the font cache is
    emptied first, so the derived font is loaded again during the test)."""
    urls = []
    fetcher_class = rendering._fetcher_class()
    original = fetcher_class.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher_class, "fetch", spy)
    return urls


def test_markup_and_css_in_user_text_print_as_text_and_fetch_nothing(
    listener, fetched, notdef_warnings
):
    port = listener.getsockname()[1]
    payer = '<b>x</b><img src="file:///etc/passwd">'
    organisation = "url(file:///etc/passwd)"
    style = f"<style>@import url(http://127.0.0.1:{port}/x.css)</style>"
    context = bilingual_receipt()
    context.update(payer_name=payer, payer_organisation=organisation)
    context["lines"][0]["applicant_name"] = style
    context["gateway_reference"] = f'<link rel="stylesheet" href="http://127.0.0.1:{port}/y">'

    text = pdf_reading.text(render_receipt(context)).replace("\n", "")
    for literal in (payer, organisation, f"@import url(http://127.0.0.1:{port}/x.css)"):
        assert literal.replace(" ", "") in text.replace(" ", "")
    assert nobody_connected(listener)
    # The only thing read was the derived font, once, when the fonts were loaded.
    assert fetched == [path.as_uri() for path in fonts.allowed_font_files()]


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">',
        "<style>@import url(http://127.0.0.1:{port}/x.css);</style>",
        '<p style="background: url(data:image/png;base64,iVBORw0KGgo=)">x</p>',
    ],
)
def test_a_template_that_loads_anything_fails_instead_of_fetching(listener, markup):
    markup = markup.format(port=listener.getsockname()[1])
    html = f'<html lang="en"><head><title>t</title></head><body>{markup}</body></html>'
    with pytest.raises(RefusedURL):
        html_to_pdf(html)
    assert nobody_connected(listener)


def test_importing_the_renderer_does_not_import_weasyprint():
    code = (
        "import django, sys; django.setup(); "
        "import portal.pdf.rendering, portal.pdf.fonts, portal.pdf.templatetags.pdf; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "False"


def test_rendering_leaves_pillow_strict_about_truncated_images():
    """WeasyPrint's import tells Pillow to accept truncated images, process-wide; the upload
    checks of a worker that has rendered a PDF must still reject a file cut short."""
    from PIL import ImageFile

    from portal.pdf.rendering import render_pdf
    from tests.pdf.samples import latin_receipt

    render_pdf("payments/receipt.html", latin_receipt(), language="en")

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
