"""Where a person starts each workflow they may file: the case list's buttons and the signed-in
home page's "apply online" links read this one place.

A workflow says who may start it with `extra["may_start"](user) -> bool` (default: anyone
signed in who is not staff) and where starting begins with `extra["start_url"]` (a URL name:
a page of questions comes first, reached by a link); without it, "new" creates the draft at
once, so the start is a button that posts."""

from django.urls import reverse

from portal.cases import registry
from portal.cases.workflow import Workflow
from portal.pages import apply


def may_start(workflow: Workflow, user) -> bool:
    if not user.is_authenticated:
        return False
    rule = workflow.extra.get("may_start")
    return rule(user) if rule else not user.is_staff


@apply.register
def start_links(user) -> list[apply.ApplyLink]:
    links = []
    for model in registry.models():
        workflow = model.workflow
        if not may_start(workflow, user):
            continue
        start_url = workflow.extra.get("start_url")
        if start_url:
            links.append(apply.ApplyLink(workflow.name, reverse(start_url)))
        else:
            url = reverse("cases:new", args=[workflow.slug])
            links.append(apply.ApplyLink(workflow.name, url, post=True))
    return links
