import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.pages import todo
from tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


def test_landing_lists_services_and_visible_announcements(client):
    today = timezone.localdate()
    AnnouncementFactory(title_en="Routine", title_zh="例行公告", published_on=today)
    AnnouncementFactory(
        title_en="Urgent",
        title_zh="緊急公告",
        important=True,
        published_on=today - datetime.timedelta(days=3),
    )
    AnnouncementFactory(title_en="Hidden", title_zh="未發布", is_published=False)
    AnnouncementFactory(
        title_en="Future", title_zh="未來公告", published_on=today + datetime.timedelta(days=1)
    )
    AnnouncementFactory(
        title_en="Expired", title_zh="已過期", visible_until=today - datetime.timedelta(days=1)
    )
    client.cookies["portal_language"] = "en"
    html = client.get("/").content.decode()
    assert "Employment Gold Card" in html
    assert html.index("Urgent") < html.index("Routine")  # important first
    for hidden in ["Hidden", "Future", "Expired"]:
        assert hidden not in html


def test_announcements_in_chinese(client):
    AnnouncementFactory(title_en="Routine", title_zh="例行公告")
    html = client.get("/").content.decode()
    assert "例行公告" in html and "Routine" not in html


def test_faq_page(client):
    assert client.get(reverse("pages:faq")).status_code == 200


def test_home_needs_sign_in(client):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response.url == "/accounts/sign-in/?next=/home/"


def test_home_shows_an_empty_todo_list(signed_in_client):
    response = signed_in_client.get(reverse("pages:home"))
    assert response.status_code == 200
    assert response.context["todo_items"] == []
    assert "Nothing needs you right now" in response.content.decode()


def test_todo_providers_feed_the_home_page(signed_in_client, monkeypatch):
    monkeypatch.setattr(todo, "_providers", [])
    due = timezone.localdate() + datetime.timedelta(days=5)

    @todo.register
    def sample(user):
        return [
            todo.TodoItem("Undated draft", "/a/", "draft"),
            todo.TodoItem("Answer the request", "/b/", "supplement", due=due),
        ]

    html = signed_in_client.get(reverse("pages:home")).content.decode()
    assert html.index("Answer the request") < html.index("Undated draft")
    assert f">{date_format(due)}</time>" in html


# --- finding the services ----------------------------------------------------------------------


def test_landing_cards_link_to_built_services_and_say_which_are_not_online_yet(client):
    client.cookies["portal_language"] = "en"

    html = client.get("/").content.decode()

    cards = html.split('<ul class="cards">')[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", cards, re.S)
    assert len(items) == 6
    gold_card = items[0]
    assert '<a class="card-link" href="/goldcard/">Employment Gold Card</a>' in gold_card
    assert "Not available online yet." not in gold_card
    for item in items[1:]:
        assert "<a " not in item
        assert "Not available online yet." in item
    # A visitor who follows the card signs in first, then lands on the Gold Card's menu.
    response = client.get("/goldcard/")
    assert response["Location"] == "/accounts/sign-in/?next=/goldcard/"


def test_home_offers_to_apply_straight_to_each_service_start(client):
    from tests.factories import UserFactory

    applicant = UserFactory(language="en")
    client.force_login(applicant)

    response = client.get(reverse("pages:home"))

    html = response.content.decode()
    apply = html.split('id="apply-title"')[1].split("</section>")[0]
    assert '<a class="button" href="/goldcard/new/">Employment Gold Card</a>' in apply
    assert '<a class="button" href="/goldcard/">Gold Card extension, change or reissue</a>' in apply
    # A workflow without a page of questions first is started by a button that posts.
    assert '<form method="post" action="/cases/sample/new/">' in apply
    assert client.get("/goldcard/new/").status_code == 200  # the link leads somewhere


def test_staff_are_offered_no_applications(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(reviewer=True, language="en"))

    response = client.get(reverse("pages:home"))

    assert response.context["start_links"] == []
    assert 'id="apply-title"' not in response.content.decode()
