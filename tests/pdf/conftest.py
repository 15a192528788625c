import pytest


@pytest.fixture
def fresh_pdf_fonts():
    """Start and end with no cached FontConfiguration, for tests that change where fonts
    come from or watch them being loaded."""
    from portal.pdf.fonts import reset_shared_pdf_fonts

    reset_shared_pdf_fonts()
    yield
    reset_shared_pdf_fonts()


@pytest.fixture
def notdef_warnings(caplog):
    """WeasyPrint's warnings about characters drawn as .notdef boxes (tofu)."""
    caplog.set_level("WARNING", logger="weasyprint")
    return lambda: [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
