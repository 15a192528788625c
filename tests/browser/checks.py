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


def overflowing(page) -> list[str]:
    """The deepest elements that reach past the right edge of the screen, to say why."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth, found = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 1 && box.width > 0 &&
                ![...el.children].some(c => c.getBoundingClientRect().right > width + 1)) {
              const classes = typeof el.className === 'string' && el.className.trim()
                ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
              found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes +
                ' (' + Math.round(box.right) + ' px)');
            }
          }
          return found.slice(0, 8);
        }"""
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


class EveryPage:
    """Watches the browser contexts of a journey: every document the browser loads is
    recorded (a redirect's target once, a download or a background request not at all), and
    `check(page)` runs axe and the reflow check on a page as it stands. At the end,
    `unchecked()` lists what was loaded and never checked, so that a journey cannot skip a
    page by accident; `loads_since(mark)` counts page loads for the journey's budget."""

    def __init__(self, *contexts):
        self.loads: list[str] = []
        self.checked: set[str] = set()
        self.found: dict[str, str] = {}
        for context in contexts:
            self.watch(context)

    def watch(self, context) -> None:
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("load", lambda loaded: self.loads.append(_address(loaded.url)))

    def mark(self) -> int:
        return len(self.loads)

    def loads_since(self, mark: int) -> list[str]:
        return self.loads[mark:]

    def check(self, page) -> None:
        page.wait_for_load_state()
        address = _address(page.url)
        overflow = horizontal_overflow(page)
        assert overflow == 0, f"{address} is {overflow} px too wide: {overflowing(page)}"
        violations = axe_violations(page)
        if violations:
            self.found[address] = describe(violations)
        self.checked.add(address)

    def unchecked(self) -> list[str]:
        """Loaded, never checked."""
        return [address for address in dict.fromkeys(self.loads) if address not in self.checked]

    def report(self) -> str:
        return "\n".join(f"{address}:\n{text}" for address, text in self.found.items())


def _address(url: str) -> str:
    return url.split("#", 1)[0]
