"""The reviewer groups: one per agency ("NIA reviewers") and one for its leads ("NIA leads").

Permissions are computed from the registered workflows (a group can open a workflow's cases
when that workflow has a stage of its agency), so a workflow added later is picked up by
running the command again; nothing is copied by hand into migrations.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from portal.accounts.models import Agency, Role
from portal.cases import registry

REVIEWERS = "{agency} reviewers"
LEADS = "{agency} leads"


def _perm(model, codename_prefix):
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    codename = f"{codename_prefix}_{model._meta.model_name}"
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return permission


def _named(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def reviewer_permissions(agency: str) -> list[Permission]:
    permissions = []
    for model in registry.models():
        if model.workflow.stages_of(agency):
            permissions += [_perm(model, "view"), _perm(model, "change")]
    permissions += [
        _named("watchlist", "view_watchlistentry"),
        _named("cases", "view_case_reports"),
    ]
    return permissions


def setup_groups() -> dict[str, Group]:
    """Create or update every agency's groups and put each reviewer in their agency's
    reviewer group. Safe to run any number of times."""
    groups = {}
    users = get_user_model().objects
    for agency in Agency.values:
        permissions = reviewer_permissions(agency)
        reviewers, _created = Group.objects.get_or_create(name=REVIEWERS.format(agency=agency))
        reviewers.permissions.set(permissions)
        leads, _created = Group.objects.get_or_create(name=LEADS.format(agency=agency))
        leads.permissions.set([*permissions, _named("cases", "assign_cases")])
        for user in users.filter(role=Role.REVIEWER, agency=agency):
            user.groups.add(reviewers)
        groups[reviewers.name] = reviewers
        groups[leads.name] = leads
    return groups
