"""The signed-in home page's "apply online" links to filing many at once (portal.pages.apply)."""

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.pages import apply

MANY_AT_ONCE = _("{name}: many at once, from a list (CSV or XLSX)")


@apply.register
def batch_links(user) -> list[apply.ApplyLink]:
    from portal.batches.services import batch_workflows

    if not user.is_authenticated:
        return []
    return [
        apply.ApplyLink(
            format_lazy(
                _("{name}: many at once, from a list (CSV or XLSX)"), name=model.workflow.name
            ),
            reverse("batches:new", args=[model.workflow.slug]),
        )
        for model in batch_workflows(user)
    ]
