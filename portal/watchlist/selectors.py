"""Read-side helpers for templates."""

from .models import WatchlistMatch


def matches_for(case):
    """The case's control-list matches, best first, with entry and nationality in one query."""
    return (
        WatchlistMatch.objects.for_case(case)
        .select_related("entry", "entry__nationality")
        .order_by("-score", "entry__surname", "entry__given_name")
    )
