"""Headers of every dynamic response (portal.web.headers)."""

import pytest
from django.urls import reverse

from tests.factories import SampleCaseFactory, UserFactory, sample_answers


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.com")


def _no_store(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"no-store", "private"} <= directives


def test_pages_with_personal_data_are_never_stored(client, owner):
    draft = SampleCaseFactory(owner=owner, answers=sample_answers())
    submitted = SampleCaseFactory(owner=owner, submitted=True)
    client.force_login(owner)
    slug = draft.workflow.slug
    urls = [
        reverse("cases:section", args=[slug, draft.pk, "person"]),
        reverse("cases:review", args=[slug, draft.pk]),
        reverse("cases:detail", args=[slug, submitted.pk]),
        reverse("cases:list"),
        reverse("payments:list"),
        reverse("pdf:downloads"),
        reverse("accounts:account"),
        reverse("pages:home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_a_view_that_chose_its_caching_keeps_it(client, db):
    response = client.get("/static/css/portal.css")
    if response.status_code == 200:  # WhiteNoise serves it before the middleware
        assert "no-store" not in response.get("Cache-Control", "")


def test_permissions_policy_on_every_page(client, db):
    response = client.get(reverse("pages:landing"))
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_responses_carry_their_request_reference(client, db):
    first = client.get(reverse("pages:landing"))["X-Request-ID"]
    second = client.get(reverse("pages:landing"))["X-Request-ID"]
    assert len(first) == 8 and first != second


def test_signed_in_responses_say_how_long_the_session_has_left(client, owner):
    client.force_login(owner)
    response = client.get(reverse("pages:home"))
    assert 1700 <= int(response["X-Session-Remaining"]) <= 1800


def test_anonymous_responses_do_not(client, db):
    assert "X-Session-Remaining" not in client.get(reverse("pages:landing"))
