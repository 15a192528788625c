"""Pages reflow at phone widths (WCAG 1.4.10): the announcements table was wider than a
320-390 px screen."""

import pytest

from tests.browser.checks import axe_violations, describe, horizontal_overflow
from tests.factories import AnnouncementFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_landing_page_with_announcements_reflows(browser, live_server, width, language):
    AnnouncementFactory(
        title_en="Gold Card holders: the online platform closes for maintenance on Saturday",
        title_zh="就業金卡線上申辦平台將於週六進行系統維護，暫停服務",
        agency="MOFA",
        important=True,
    )
    AnnouncementFactory(agency="WDA")
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=language)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.click(f".language-switch button[value='{language}']")
    assert horizontal_overflow(page) == 0
    violations = axe_violations(page)
    assert not violations, describe(violations)
    context.close()
