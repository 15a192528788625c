import time

import pytest
from django.urls import reverse

from portal.accounts.session import SESSION_KEY, SIGNED_IN_AT_KEY

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


# --- the absolute limit: 12 hours after signing in, whatever the activity -----------------


def set_signed_in_at(client, seconds_ago):
    session = client.session
    session[SIGNED_IN_AT_KEY] = time.time() - seconds_ago
    session.save()


def test_signing_in_stamps_the_time(client, verified_user):
    before = time.time()
    client.post(
        reverse("accounts:login"), {"username": verified_user.email, "password": "correct-horse-42"}
    )
    assert before <= client.session[SIGNED_IN_AT_KEY] <= time.time()


def test_a_busy_session_ends_12_hours_after_signing_in(signed_in_client, verified_user):
    signed_in_client.cookies["portal_language"] = "en"  # the language once signed out
    signed_in_client.get(reverse("pages:home"))
    set_signed_in_at(signed_in_client, 12 * 60 * 60 + 1)
    set_last_activity(signed_in_client, 5)  # active a moment ago
    response = signed_in_client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in signed_in_client.session
    page = signed_in_client.get(response.url).content.decode()
    assert "you signed in 12 hours ago" in page
    assert "drafts are saved" in page


def test_a_busy_session_lasts_until_then(signed_in_client, verified_user):
    signed_in_client.get(reverse("pages:home"))
    set_signed_in_at(signed_in_client, 12 * 60 * 60 - 60)
    assert signed_in_client.get(reverse("pages:home")).status_code == 200
    assert signed_in_client.session["_auth_user_id"] == str(verified_user.pk)


def test_the_countdown_shows_the_nearer_end(signed_in_client):
    signed_in_client.get(reverse("pages:home"))
    set_signed_in_at(signed_in_client, 12 * 60 * 60 - 10 * 60)  # ten minutes left
    data = signed_in_client.get(reverse("accounts:session")).json()
    assert 9 * 60 <= data["remaining"] <= 10 * 60


def test_stay_signed_in_does_not_extend_the_absolute_limit(signed_in_client):
    signed_in_client.get(reverse("pages:home"))
    set_signed_in_at(signed_in_client, 12 * 60 * 60 - 10 * 60)
    data = signed_in_client.post(reverse("accounts:session")).json()
    assert data["remaining"] <= 10 * 60


def test_a_session_from_before_the_limit_gets_the_stamp_then(signed_in_client, verified_user):
    session = signed_in_client.session
    del session[SIGNED_IN_AT_KEY]
    session.save()
    assert signed_in_client.get(reverse("pages:home")).status_code == 200
    assert time.time() - signed_in_client.session[SIGNED_IN_AT_KEY] < 5
