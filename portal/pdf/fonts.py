"""Fonts for issued PDFs: a small derived CJK font for speed, full system fonts for coverage.

WeasyPrint subsets every font it uses on every render, and the cost grows with the size of
the font file: Noto Sans CJK TC (a 19 MB CFF collection) makes a bilingual receipt ~2.7x
slower than a Latin one (ADR 0008). So we derive, once per machine, a TrueType font holding
only the frequently used characters of AR PL UMing TW (Debian's fonts-arphic-uming, Taiwan's
MOE standard glyph shapes), and render with one FontConfiguration and one parsed font
stylesheet per process. Characters outside the subset (rare name characters) fall back to the
full system fonts later in the stack: slower for that document, never tofu.

The derived font lives in VAR_DIR (git-ignored). `make setup` builds it (`manage.py
build_pdf_fonts`); a worker that finds it missing builds it on first use, under a file lock
so that two processes never build it at the same time.
"""

import atexit
import fcntl
import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# Bump when the recipe below changes: the file name carries it, so machines rebuild.
RECIPE_VERSION = 1
DERIVED_FAMILY = "Portal Ming TW"  # distinct from every system family name
DERIVED_POSTSCRIPT_NAME = "PortalMingTW-Light"  # UMing is a light face (OS/2 weight 300)

SOURCE_FAMILY = "AR PL UMing TW"
SOURCE_PACKAGE = "fonts-arphic-uming"
SOURCE_FILES = (Path("/usr/share/fonts/truetype/arphic/uming.ttc"),)

# Latin first (DejaVu's Latin is far better than a Ming font's), then the fast subset, then
# the full fonts for whatever the subset lacks: the same design first, Noto for the rest.
FONT_STACK = ("DejaVu Sans", DERIVED_FAMILY, SOURCE_FAMILY, "Noto Sans CJK TC", "sans-serif")

# Big5 lead bytes A1-A3 hold punctuation, full-width forms and Bopomofo; A4-C6 hold the
# 5,401 "frequently used" hanzi (level 1). Level 2 (7,652 rarer hanzi) would double the
# font and the time to subset it on every render; those characters use the fallback.
_BIG5_LEAD_BYTES = range(0xA1, 0xC7)
_BIG5_TRAIL_BYTES = range(0x40, 0xFF)
_EXTRA_RANGES = (
    # Latin too, although DejaVu Sans comes first: Pango keeps a Chinese run's font for the
    # spaces and punctuation inside it, and without them they would print as .notdef boxes.
    (0x0020, 0x024F),
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3100, 0x312F),  # Bopomofo
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)

# Tables a PDF never needs: bitmaps (which would also make WeasyPrint treat the font as a
# bitmap font), vertical metrics, OpenType layout (vertical forms only, in this font).
_DROPPED_TABLES = ("BDF ", "EBDT", "EBLC", "EBSC", "FFTM", "VORG", "vhea", "vmtx")
_DROPPED_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF")
# Name records rewritten (family, style, unique id, full name, PostScript name, typographic
# family and style); the others (copyright, version, licence) are kept as the licence asks.
_RENAMED_IDS = (1, 2, 3, 4, 6, 16, 17, 21, 22)


class FontSourceMissing(RuntimeError):
    """The Debian font package the derived font is made from is not installed."""


@dataclass(frozen=True)
class SourceFace:
    path: Path
    index: int  # face number inside a .ttc collection


@dataclass(frozen=True)
class PdfFonts:
    """What every render of one process shares: WeasyPrint's FontConfiguration and the
    parsed font stylesheet (which has already loaded the derived font into it)."""

    font_config: object  # weasyprint.text.fonts.FontConfiguration
    stylesheet: object  # weasyprint.CSS
    derived_font: Path | None  # None when only system fonts are available (slow, correct)


def font_directory() -> Path:
    return Path(getattr(settings, "PDF_FONT_DIR", settings.VAR_DIR / "fonts"))


def derived_font_path() -> Path:
    return font_directory() / f"portal-ming-tw-v{RECIPE_VERSION}.ttf"


@cache
def fast_subset_codepoints() -> frozenset[int]:
    codepoints = set()
    for lead in _BIG5_LEAD_BYTES:
        for trail in _BIG5_TRAIL_BYTES:
            try:
                character = bytes((lead, trail)).decode("cp950")
            except UnicodeDecodeError:
                continue
            codepoints.add(ord(character))
    for first, last in _EXTRA_RANGES:
        codepoints.update(range(first, last + 1))
    return frozenset(codepoints)


def find_source_face() -> SourceFace:
    """The AR PL UMing TW face, found by its family name (not by a face number, which a
    newer package could change)."""
    from fontTools.ttLib import TTCollection

    for path in SOURCE_FILES:
        if not path.exists():
            continue
        if path.suffix.lower() != ".ttc":
            return SourceFace(path, 0)
        collection = TTCollection(path, lazy=True)
        for index, face in enumerate(collection.fonts):
            if _family_name(face) == SOURCE_FAMILY:
                return SourceFace(path, index)
    raise FontSourceMissing(
        f"{SOURCE_FAMILY} not found in {', '.join(map(str, SOURCE_FILES))}: install the "
        f"Debian package {SOURCE_PACKAGE} (`make setup` does)."
    )


def _family_name(face) -> str:
    return face["name"].getDebugName(1) or ""


def build_derived_font(*, force: bool = False) -> bool:
    """Build the derived font unless it exists; True if this call built it.

    Safe to run from several processes at once: the first takes the lock and builds, the
    others wait and then find the file. The file appears whole (rename) or not at all.
    """
    target = derived_font_path()
    if target.exists() and not force:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(target.parent / ".build.lock"):
        if target.exists() and not force:
            return False  # another process built it while we waited
        source = find_source_face()
        logger.info("Building %s from %s (face %d)", target, source.path, source.index)
        _write_atomically(target, lambda path: _subset_font(source, path))
        _remove_other_versions(target)
    return True


def ensure_derived_font() -> Path | None:
    """The derived font's path, building it if missing; None if it cannot be had (PDFs then
    use the full system fonts: correct, only slower)."""
    try:
        build_derived_font()
    except (OSError, FontSourceMissing) as error:
        logger.warning("PDF fonts: using the full system fonts (slow) because %s", error)
        return None
    return derived_font_path()


@contextmanager
def _exclusive_lock(path: Path):
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(target: Path, write) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(descriptor)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_other_versions(current: Path) -> None:
    for old in current.parent.glob("portal-ming-tw-v*.ttf"):
        if old != current:
            old.unlink(missing_ok=True)


def _subset_font(source: SourceFace, output_path: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source.path, fontNumber=source.index)
    for tag in _DROPPED_TABLES:  # before subsetting, which warns about tables it cannot read
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.hinting = False  # WeasyPrint drops hinting from PDFs anyway
    options.layout_features = []
    options.drop_tables += [*_DROPPED_TABLES, *_DROPPED_LAYOUT_TABLES]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=fast_subset_codepoints())
    with _quiet("fontTools"):  # it logs every glyph name at INFO
        subsetter.subset(font)
    _rename(font)
    font.save(output_path)


@contextmanager
def _quiet(logger_name: str):
    quieted = logging.getLogger(logger_name)
    level = quieted.level
    quieted.setLevel(logging.WARNING)
    try:
        yield
    finally:
        quieted.setLevel(level)


def _rename(font) -> None:
    """Give the derived font its own family name in every language, so that fontconfig
    never confuses it with the full system font (nor picks it for a rare character)."""
    name_table = font["name"]
    name_table.names = [record for record in name_table.names if record.nameID not in _RENAMED_IDS]
    for name_id, value in (
        (1, DERIVED_FAMILY),
        (2, "Light"),
        (3, f"{DERIVED_POSTSCRIPT_NAME};recipe-{RECIPE_VERSION}"),
        (4, DERIVED_FAMILY),
        (6, DERIVED_POSTSCRIPT_NAME),
    ):
        name_table.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode, English (US)
        name_table.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English
    name_table.setName(
        f"Subset of {SOURCE_FAMILY} (frequently used characters) for the portal's PDFs",
        10,
        3,
        1,
        0x409,
    )


# --- the stylesheet and the per-process cache ------------------------------------------


def font_stylesheet_text(derived_font: Path | None) -> str:
    families = ", ".join(
        family if family == "sans-serif" else f'"{family}"' for family in FONT_STACK
    )
    rules = [f"html {{ font-family: {families}; }}"]
    if derived_font is not None:
        rules.insert(
            0,
            f'@font-face {{ font-family: "{DERIVED_FAMILY}"; '
            f'src: url("{derived_font.resolve().as_uri()}"); }}',
        )
    return "\n".join(rules)


def allowed_font_files() -> frozenset[Path]:
    """The only files a PDF render may read (through its URL fetcher)."""
    return frozenset({derived_font_path().resolve()})


_per_thread = threading.local()
# Fonts a forked child inherited from its parent. Kept referenced for good: collecting them
# would run FontConfiguration.__del__, which deletes the temporary folder the parent (and
# its other children) still read the fonts from.
_inherited_from_parent: list = []


def shared_pdf_fonts(url_fetcher) -> PdfFonts:
    """This process's (and thread's) FontConfiguration and font stylesheet, made on first use.

    Per thread because Pango's font map is not thread-safe; per process because a forked
    child must not share its parent's. `url_fetcher` reads the derived font the first time;
    later calls reuse what it read.
    """
    if getattr(_per_thread, "pid", None) != os.getpid():
        reset_shared_pdf_fonts()
    if getattr(_per_thread, "fonts", None) is None:
        _per_thread.fonts, _per_thread.pid = _load_pdf_fonts(url_fetcher), os.getpid()
    return _per_thread.fonts


def reset_shared_pdf_fonts() -> None:
    """Forget this thread's cached fonts (tests, or after rebuilding the derived font)."""
    cached = getattr(_per_thread, "fonts", None)
    if cached is not None and _per_thread.pid != os.getpid():
        _inherited_from_parent.append(cached)
    _per_thread.fonts = None


# Let FontConfiguration delete its temporary folder while the interpreter is still whole
# (at interpreter teardown its __del__ fails on half-unloaded modules).
atexit.register(reset_shared_pdf_fonts)


def _load_pdf_fonts(url_fetcher) -> PdfFonts:
    from portal.pdf import weasy

    weasy.load()
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    derived_font = ensure_derived_font()
    font_config = FontConfiguration()
    stylesheet = CSS(
        string=font_stylesheet_text(derived_font),
        font_config=font_config,
        url_fetcher=url_fetcher,
        base_url=None,
    )
    return PdfFonts(font_config, stylesheet, derived_font)
