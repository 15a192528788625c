"""Is a bilingual receipt (Traditional Chinese + English) about as fast as a Latin one?

    .venv/bin/python benchmarks/receipt_pdf.py

Renders the real receipt template through `render_pdf` (the path the Celery task takes), with
the bilingual context of tests/pdf/samples.py (labels in both languages, payer 陳大文 of
國立臺灣大學, Chinese and Latin applicant names) and with the same layout in English only.
One warm-up render of each is left out (it loads the fonts, and builds the derived font if
the machine has not yet). Then both are rendered ROUNDS times, alternating which goes first,
each after a garbage collection (so that one render does not pay for the previous one's
garbage), and the medians compared.

The ratio is of CPU time (of this process): a render is single-threaded and CPU-bound, so
that is its cost, and it stays put when other processes compete for the CPU, which wall-clock
time does not (on a busy shared machine its ratio swings by +-0.2). Wall-clock medians are
printed too; on a quiet machine both ratios agree. Goal (ADR 0008): ratio <= 1.5 and the
bilingual PDF < 200 KB. Last line:
cjk_over_latin=<ratio of the CPU-time medians> pdf_kb=<size of the bilingual PDF>
"""

import gc
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROUNDS = 25

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from portal.pdf import fonts  # noqa: E402
from portal.pdf.rendering import render_pdf  # noqa: E402
from tests.pdf.samples import bilingual_receipt, latin_receipt  # noqa: E402

TEMPLATE = "payments/receipt.html"
BILINGUAL_MSGID = re.compile(r"""{%\s*bilingual\s+(?:_\()?["']([^"']+)["']""")


class Timings:
    def __init__(self, context):
        self.context = context
        self.wall, self.cpu = [], []
        self.pdf = b""

    def render(self) -> None:
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        self.pdf = render_pdf(TEMPLATE, self.context, language=self.context["language"])
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)

    def line(self, name: str) -> str:
        wall_ms = [seconds * 1000 for seconds in self.wall]
        return (
            f"  {name:9s} wall {statistics.median(wall_ms):6.1f} ms "
            f"(min {min(wall_ms):.1f}, max {max(wall_ms):.1f}), "
            f"cpu {statistics.median(self.cpu) * 1000:6.1f} ms, {len(self.pdf) / 1024:.1f} KB"
        )


def untranslated_labels() -> list[str]:
    """Labels of the receipt the zh-Hant catalogue does not translate yet: the Chinese render
    then holds English text, and the ratio looks better than it will be."""
    root = Path(__file__).resolve().parent.parent / "templates"
    labels = []
    for template in ("pdf/base.html", TEMPLATE):
        labels += BILINGUAL_MSGID.findall((root / template).read_text(encoding="utf-8"))
    with translation.override("zh-hant"):
        return [label for label in dict.fromkeys(labels) if translation.gettext(label) == label]


def main() -> None:
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # it logs every step at INFO
    started = time.perf_counter()
    render_pdf(TEMPLATE, bilingual_receipt(), language="zh-hant")
    render_pdf(TEMPLATE, latin_receipt(), language="en")
    warm_up_s = time.perf_counter() - started

    cjk, latin = Timings(bilingual_receipt()), Timings(latin_receipt())
    for round_number in range(ROUNDS):
        pair = (cjk, latin) if round_number % 2 == 0 else (latin, cjk)
        for timings in pair:
            timings.render()

    derived = fonts.derived_font_path()
    print(f"derived font: {derived} ({'present' if derived.exists() else 'MISSING: slow path'})")
    print(f"warm-up (font loading, first render of each): {warm_up_s:.2f} s")
    print(f"{ROUNDS} renders each, alternating; medians:")
    print(cjk.line("bilingual"))
    print(latin.line("latin"))
    wall_ratio = statistics.median(cjk.wall) / statistics.median(latin.wall)
    print(f"wall-clock ratio: {wall_ratio:.2f}")
    if missing := untranslated_labels():
        print(f"WARNING: not yet translated to zh-Hant, so rendered in English: {missing}")
    ratio = statistics.median(cjk.cpu) / statistics.median(latin.cpu)
    print(f"cjk_over_latin={ratio:.2f} pdf_kb={len(cjk.pdf) / 1024:.1f}")


if __name__ == "__main__":
    main()
