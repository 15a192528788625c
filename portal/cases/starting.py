"""Starting a workflow: who may, where it begins, the new draft and the steps before its tabs.
The case list's buttons, the signed-in home page's "apply online" links and every workflow's
start page read this one place.

A workflow says who may file it with `Workflow.filer_roles` (default: anyone signed in who is
not staff) and where starting begins with `Workflow.start_url` (a page of questions comes
first, reached by a link); without it, "new" creates the draft at once, so the start is a
button that posts. `Workflow.gates` are the steps a draft must pass before its tabs."""

from django.urls import reverse

from portal.accounts.models import Role
from portal.cases import registry
from portal.cases.workflow import Workflow
from portal.pages import apply

# An organisation's user files for someone else: the case records them and their
# organisation as the filer, so that colleagues can follow it.
ORGANISATION_ROLES = frozenset({Role.EMPLOYER, Role.AGENCY, Role.SCHOOL})


def may_start(workflow: Workflow, user) -> bool:
    if not user.is_authenticated or user.is_staff:
        return False
    return workflow.filer_roles is None or user.role in workflow.filer_roles


def new_draft(model, user, **fields):
    """A new draft of `model` for `user`, who files for someone else when they act for an
    organisation."""
    case = model(owner=user, language=user.language, **fields)
    if user.role in ORGANISATION_ROLES:
        membership = user.memberships.select_related("organisation").first()
        case.filer = user
        case.filer_organisation = membership.organisation if membership else None
    case.save()
    return case


def open_gate_url(case) -> str | None:
    """The page of the first step before the tabs the draft has not passed, or None."""
    for gate in case.workflow.gates:
        if not gate.done(case):
            return gate_url(case, gate)
    return None


def gate_url(case, gate) -> str:
    if gate.url_name:
        return reverse(gate.url_name, args=[case.pk])
    return reverse("cases:gate", args=[case.workflow.slug, case.pk, gate.code])


def start_url(workflow) -> str:
    """Where filing begins: the workflow's start page, or the engine's first gate."""
    if workflow.start_url:
        return reverse(workflow.start_url)
    return reverse("cases:start", args=[workflow.slug])


@apply.register
def start_links(user) -> list[apply.ApplyLink]:
    links = []
    for model in registry.models():
        workflow = model.workflow
        if not may_start(workflow, user):
            continue
        if workflow.start_url or workflow.gates:
            links.append(apply.ApplyLink(workflow.name, start_url(workflow)))
        else:
            url = reverse("cases:new", args=[workflow.slug])
            links.append(apply.ApplyLink(workflow.name, url, post=True))
    return links
