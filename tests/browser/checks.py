"""Checks every browser test can run on the page it is on: axe-core (WCAG 2.1 A and AA,
from npm, installed by `make setup` into tests/browser/node_modules, never downloaded by a
test) and reflow (no horizontal scrolling at the viewport's width, WCAG 1.4.10)."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _axe_source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make setup` (npm ci --prefix tests/browser)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """The page's WCAG 2.1 A/AA violations, each with its rule id and the nodes' selectors.
    axe is evaluated through the DevTools protocol, which the site's CSP does not govern."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;true")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                ", ".join(n["target"]) if isinstance(n["target"], list) else n["target"]
                for n in v["nodes"]
            ][:5],
        }
        for v in result["violations"]
    ]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: it reflows)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def describe(violations) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations)


HTML_LANG = {"en": "en", "zh-hant": "zh-Hant-TW"}
# A label every signed-in page shows in its navigation, to prove the words are translated
# too, not only the lang attribute.
NAV_WORD = {"en": "Online payment", "zh-hant": "線上繳費"}


def assert_language(page, language: str) -> None:
    """The page is in `language`: its lang attribute, and its words."""
    assert page.get_attribute("html", "lang") == HTML_LANG[language], page.url
    nav = page.locator("nav.main-nav")
    if nav.count():
        assert NAV_WORD[language] in nav.inner_text(), page.url
