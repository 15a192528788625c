"""The derived font: what it holds, its own name, an idempotent build, and the slow but
correct path when it cannot be built."""

import threading
import unicodedata

from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from fontTools.ttLib import TTFont

from portal.pdf import fonts
from portal.pdf.rendering import render_pdf
from tests.pdf import pdf_reading
from tests.pdf.samples import bilingual_receipt


def test_the_subset_holds_the_frequent_hanzi_and_not_the_rare_ones():
    codepoints = fonts.fast_subset_codepoints()
    hanzi = [c for c in codepoints if unicodedata.category(chr(c)) == "Lo" and c >= 0x4E00]
    assert len(hanzi) >= 5401  # Big5 level 1
    assert all(ord(c) in codepoints for c in "陳大文國立臺灣大學收據繳費，。 Aa")
    assert ord("堃") not in codepoints  # Big5 level 2: the full font's job


def test_the_derived_font_has_its_own_name_and_no_bitmaps():
    font = TTFont(fonts.ensure_derived_font())
    family_names = {record.toUnicode() for record in font["name"].names if record.nameID == 1}
    assert family_names == {fonts.DERIVED_FAMILY}
    assert not {"EBDT", "EBLC", "BDF "} & set(font.keys())
    cmap = font.getBestCmap()
    assert all(ord(character) in cmap for character in "陳大文國立臺灣大學收據，")


def test_the_receipt_labels_need_nothing_outside_the_subset():
    """Our own Chinese stays on the fast path; a translation with a rare character would
    make every receipt load the full font."""
    with translation.override("zh-hant"):
        html = render_to_string("payments/receipt.html", bilingual_receipt())
    outside = {c for c in html if ord(c) >= 0x2E80} - set(map(chr, fonts.fast_subset_codepoints()))
    assert outside == set()


def test_building_is_idempotent_and_safe_from_two_processes_at_once(settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path
    results = []
    builders = [
        threading.Thread(target=lambda: results.append(fonts.build_derived_font()))
        for _ in range(2)
    ]
    for builder in builders:
        builder.start()
    for builder in builders:
        builder.join()
    assert sorted(results) == [False, True]  # one built, the other waited and found it

    built = fonts.derived_font_path()
    modified = built.stat().st_mtime_ns
    call_command("build_pdf_fonts", stdout=(output := _Output()))
    assert "Already built" in output.text
    assert built.stat().st_mtime_ns == modified
    assert [path.name for path in tmp_path.iterdir() if path.suffix != ".lock"] == [built.name]


def test_without_the_source_package_pdfs_use_the_full_fonts(
    settings, tmp_path, monkeypatch, fresh_pdf_fonts, notdef_warnings
):
    settings.PDF_FONT_DIR = tmp_path
    monkeypatch.setattr(fonts, "SOURCE_FILES", (tmp_path / "missing.ttc",))
    assert fonts.ensure_derived_font() is None

    data = render_pdf("payments/receipt.html", bilingual_receipt(), language="zh-hant")
    assert "陳大文" in pdf_reading.text(data)
    assert notdef_warnings() == []
    assert "Portal-Ming-TW-Light" not in pdf_reading.embedded_fonts(data)


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
