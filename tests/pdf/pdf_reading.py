"""Read back what a rendered PDF holds: its text, its fonts, its catalogue (pypdf)."""

import io

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the embedded fonts, without WeasyPrint's subset prefix: e.g.
    {"DejaVu-Sans", "Portal-Ming-TW-Light"}."""
    names = set()
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
