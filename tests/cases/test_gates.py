"""The engine serves every workflow's steps before the tabs (Workflow.gates): the first one
before a draft exists, the others on the draft; only a party reaches a draft's gate."""

import pytest
from django.urls import reverse

from goldcard.models import GoldCardCase
from portal.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_first_gate_comes_before_the_draft(client, reference_data):
    person = UserFactory(language="en")
    client.force_login(person)

    page = client.get(reverse("cases:start", args=["goldcard"]))

    assert page.status_code == 200 and "Your nationality or status" in page.content.decode()
    assert not GoldCardCase.objects.exists()  # nothing is made before the answers are kept


def test_a_drafts_gate_is_served_to_its_parties_only(client, reference_data):
    owner = UserFactory(language="en")
    case = GoldCardCase.objects.create(owner=owner)
    url = reverse("cases:gate", args=["goldcard", case.pk, "eligibility"])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    assert client.get(reverse("cases:gate", args=["goldcard", case.pk, "nope"])).status_code == 404


def test_a_role_that_cannot_file_is_told_so(client, reference_data):
    client.force_login(UserFactory(role=Role.SCHOOL, language="en"))

    page = client.get(reverse("cases:start", args=["goldcard"]))

    assert page.status_code == 403
    assert "cannot file a Gold Card application" in page.content.decode()


def test_a_workflow_without_gates_has_no_start_gate(client):
    client.force_login(UserFactory())

    assert client.get(reverse("cases:start", args=["sample"])).status_code == 404
