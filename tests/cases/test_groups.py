"""The reviewer groups: `setup_reviewer_groups` creates one reviewer and one lead group per
agency, gives them the permissions of the workflows that have a stage of that agency, puts
every reviewer in their agency's group, and can run any number of times."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AGENCIES = ["NIA", "WDA", "MOFA"]


def setup_groups():
    call_command("setup_reviewer_groups", verbosity=0)


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def snapshot():
    """Every group with its permission ids, and every user's group ids."""
    groups = {
        group.name: sorted(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.order_by("name")
    }
    memberships = sorted(Group.user_set.through.objects.values_list("user_id", "group_id"))
    return groups, memberships, Permission.objects.count()


def test_the_command_creates_a_reviewer_and_a_lead_group_per_agency():
    setup_groups()
    names = set(Group.objects.values_list("name", flat=True))
    for agency in AGENCIES:
        assert f"{agency} reviewers" in names
        assert f"{agency} leads" in names


def test_running_the_command_twice_changes_nothing():
    UserFactory(reviewer=True, agency="NIA")
    UserFactory(reviewer=True, agency="WDA")
    setup_groups()
    first = snapshot()
    setup_groups()
    assert snapshot() == first
    assert Group.objects.filter(name="NIA reviewers").count() == 1
    assert Group.objects.count() == 2 * len(AGENCIES)


def test_a_group_gets_the_workflows_that_have_a_stage_of_its_agency():
    setup_groups()
    nia = codenames("NIA reviewers")
    wda = codenames("WDA reviewers")
    mofa = codenames("MOFA reviewers")
    # The sample workflow has NIA and WDA stages, none of MOFA.
    assert {"sampleflow.view_samplecase", "sampleflow.change_samplecase"} <= nia
    assert {"sampleflow.view_samplecase", "sampleflow.change_samplecase"} <= wda
    assert not {p for p in mofa if p.startswith("sampleflow.")}
    # Nobody adds or deletes cases in the admin.
    assert "sampleflow.add_samplecase" not in nia
    assert "sampleflow.delete_samplecase" not in nia
    # Every reviewer reads the control list and the reports.
    for permissions in (nia, wda, mofa):
        assert {"watchlist.view_watchlistentry", "cases.view_case_reports"} <= permissions
        assert "cases.assign_cases" not in permissions


def test_leads_also_assign_cases():
    setup_groups()
    for agency in AGENCIES:
        reviewers = codenames(f"{agency} reviewers")
        leads = codenames(f"{agency} leads")
        assert leads == reviewers | {"cases.assign_cases"}


def test_every_reviewer_ends_up_in_their_agency_group():
    nia = UserFactory(reviewer=True, agency="NIA")
    wda = UserFactory(reviewer=True, agency="WDA")
    mofa = UserFactory(reviewer=True, agency="MOFA")
    applicant = UserFactory()
    setup_groups()
    assert list(nia.groups.values_list("name", flat=True)) == ["NIA reviewers"]
    assert list(wda.groups.values_list("name", flat=True)) == ["WDA reviewers"]
    assert list(mofa.groups.values_list("name", flat=True)) == ["MOFA reviewers"]
    assert not applicant.groups.exists()
    # Being in the group is what opens the sample workflow's cases to a reviewer.
    assert nia.has_perm("sampleflow.view_samplecase")
    assert not mofa.has_perm("sampleflow.view_samplecase")
    assert not nia.has_perm("cases.assign_cases")


def test_a_reviewer_added_later_joins_on_the_next_run():
    setup_groups()
    late = UserFactory(reviewer=True, agency="WDA")
    assert not late.groups.exists()
    setup_groups()
    assert late.groups.filter(name="WDA reviewers").exists()


def test_a_lead_keeps_the_lead_group_when_the_command_runs_again():
    lead = UserFactory(reviewer=True, agency="NIA")
    setup_groups()
    lead.groups.add(Group.objects.get(name="NIA leads"))
    setup_groups()
    assert set(lead.groups.values_list("name", flat=True)) == {"NIA reviewers", "NIA leads"}
    assert lead.has_perm("cases.assign_cases")
