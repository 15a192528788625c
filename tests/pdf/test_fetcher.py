"""The URL fetcher reads the derived font file(s) and nothing else."""

import pytest

from portal.pdf import fonts
from portal.pdf.rendering import RefusedURL, allowed_path, local_fonts_only_fetcher


@pytest.fixture(scope="module")
def font_url():
    return fonts.ensure_derived_font().resolve().as_uri()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.com/font.ttf",
        "data:text/css,body{color:red}",
        "data:font/ttf;base64,AAEAAAALAIAAAwAwT1MvMg==",
        "ftp://example.com/x",
        "x.css",
        "/etc/passwd",
        "",
    ],
)
def test_refuses_everything_but_the_derived_font(url):
    with pytest.raises(RefusedURL):
        local_fonts_only_fetcher().fetch(url)


def test_refuses_the_font_path_with_a_host_query_or_fragment(font_url):
    path = font_url.removeprefix("file://")
    for url in (f"file://evil.example{path}", f"{font_url}?x=1", f"{font_url}#x"):
        assert allowed_path(url) is None
        with pytest.raises(RefusedURL):
            local_fonts_only_fetcher().fetch(url)


def test_reads_the_derived_font(font_url):
    response = local_fonts_only_fetcher().fetch(font_url)
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    assert response.content_type == "font/ttf"
