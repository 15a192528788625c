import time

import pytest
from django.urls import reverse

from portal.accounts.session import SESSION_KEY

pytestmark = pytest.mark.django_db


def set_last_activity(client, seconds_ago):
    session = client.session
    session[SESSION_KEY] = time.time() - seconds_ago
    session.save()


def test_idle_session_ends_at_30_minutes(signed_in_client):
    signed_in_client.get(reverse("pages:home"))
    set_last_activity(signed_in_client, 30 * 60 + 1)
    response = signed_in_client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in signed_in_client.session


def test_session_survives_29_idle_minutes_and_activity_restarts_the_clock(signed_in_client):
    signed_in_client.get(reverse("pages:home"))
    set_last_activity(signed_in_client, 29 * 60)
    assert signed_in_client.get(reverse("pages:home")).status_code == 200
    remaining = signed_in_client.get(reverse("accounts:session")).json()["remaining"]
    assert remaining > 29 * 60  # the page view counted as activity


def test_the_countdowns_status_check_is_not_activity(signed_in_client):
    signed_in_client.get(reverse("pages:home"))
    set_last_activity(signed_in_client, 20 * 60)
    data = signed_in_client.get(reverse("accounts:session")).json()
    assert data["authenticated"] is True
    assert 9 * 60 <= data["remaining"] <= 10 * 60
    again = signed_in_client.get(reverse("accounts:session")).json()
    assert again["remaining"] <= data["remaining"]


def test_stay_signed_in_restarts_the_clock(signed_in_client):
    signed_in_client.get(reverse("pages:home"))
    set_last_activity(signed_in_client, 27 * 60)
    data = signed_in_client.post(reverse("accounts:session")).json()
    assert data["remaining"] >= 30 * 60 - 2


def test_page_shows_the_countdown_and_warning_settings(signed_in_client):
    html = signed_in_client.get(reverse("pages:home")).content.decode()
    assert "data-session-timer" in html
    assert 'data-warning="300"' in html
    assert 'data-remaining="1800"' in html or 'data-remaining="1799"' in html


def test_anonymous_status(client):
    assert client.get(reverse("accounts:session")).json() == {
        "authenticated": False,
        "remaining": 0,
    }
