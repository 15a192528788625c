"""Requests no view should see: NUL bytes, oversized bodies, TRACE (portal.web.hygiene)."""

import pytest
from django.urls import reverse

from tests.factories import SampleCaseFactory, UserFactory, sample_answers

NUL = "\x00"


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.com")


@pytest.fixture
def draft(owner):
    return SampleCaseFactory(owner=owner, answers=sample_answers())


def _section_url(case, code="person"):
    return reverse("cases:section", args=[case.workflow.slug, case.pk, code])


def test_nul_in_a_draft_field_is_refused_and_the_stored_answers_stay(client, owner, draft):
    client.force_login(owner)
    before = dict(draft.answers)
    data = {**sample_answers()["person"], "passport_number": "C12" + NUL + "34567"}
    response = client.post(_section_url(draft), data)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    draft.refresh_from_db()
    assert draft.answers == before


def test_nul_in_an_autosave_is_a_json_error(client, owner, draft):
    client.force_login(owner)
    data = {**sample_answers()["person"], "surname": "Ng" + NUL}
    response = client.post(_section_url(draft), data, headers={"X-Autosave": "1"})
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"]
    draft.refresh_from_db()
    assert draft.answers["person"]["surname"] == "Nguyen"


def test_nul_in_a_field_name_is_refused(client, owner, draft):
    client.force_login(owner)
    response = client.post(_section_url(draft), {"surname" + NUL: "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/payments/orders/%00/", "/cases/?q=%00", "/accounts/sign-in/?next=%00", "/%00"],
)
def test_nul_in_the_address_is_a_400_or_404_never_a_500(client, owner, path):
    client.force_login(owner)
    response = client.get(path)
    assert response.status_code in (400, 404)


def test_nul_in_an_admin_list_filter_is_refused(client, db):
    staff = UserFactory(email="root@example.gov.tw", is_staff=True, is_superuser=True)
    client.force_login(staff)
    for query in ("agency__exact=%00", "role__exact=%00", "q=%00"):
        response = client.get(f"/admin/accounts/user/?{query}")
        assert response.status_code == 400, query


def test_views_that_keep_raw_input_are_exempt():
    from payments.views.gateway import callback, payer_return

    assert getattr(callback, "accepts_raw_input", False)
    assert getattr(payer_return, "accepts_raw_input", False)


def test_trace_is_refused(client, db):
    response = client.generic("TRACE", "/")
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


def test_an_oversized_body_is_refused_before_it_is_read(client, owner, draft, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    client.force_login(owner)
    before = dict(draft.answers)
    response = client.post(_section_url(draft), {"surname": "x" * 2000})
    assert response.status_code == 413
    body = response.content.decode()
    assert "too large" in body and "過大" in body  # both languages: may precede locale
    draft.refresh_from_db()
    assert draft.answers == before


@pytest.mark.postgres
def test_postgres_never_sees_a_nul(client, owner, draft):
    """On PostgreSQL a NUL in JSON or text is a DataError: this is where it was a 500."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    client.force_login(owner)
    response = client.post(_section_url(draft), {"surname": NUL}, headers={"X-Autosave": "1"})
    assert response.status_code == 400
