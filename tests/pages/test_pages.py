import datetime

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
