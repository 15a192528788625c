"""The reviewer's queue as a query: only the stages of the reviewer's agency, plus the cases
that agency sent back for a supplement, annotated with what the queue shows per row (one
query per page whatever the number of rows)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from portal.cases.actions import states_with_action_kind
from portal.cases.models import SupplementRequest
from portal.cases.workflow import ActionKind


def agency_of(user) -> str | None:
    """The agency whose stages `user` works; None for a superuser (every stage)."""
    return None if user.is_superuser else (user.agency or "")


def stage_states(model, agency) -> list[str]:
    stages = model.workflow.stages if agency is None else model.workflow.stages_of(agency)
    return [stage.state for stage in stages]


def supplement_states(model) -> frozenset[str]:
    return states_with_action_kind(model, ActionKind.ANSWER_SUPPLEMENT)


def _requests(model):
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return SupplementRequest.objects.filter(case_type=content_type, case_id=OuterRef("pk"))


def _open_request(model, column):
    open_requests = (
        _requests(model)
        .filter(answered_at__isnull=True, closed_at__isnull=True)
        .order_by("-requested_at")
    )
    return Subquery(open_requests.values(column)[:1])


def with_filter_columns(queryset):
    """What the queue filters on, as aliases: usable in WHERE without being computed for
    every row of the SELECT (the page's rows get them from `annotate_queue`)."""
    model = queryset.model
    return queryset.alias(
        open_supplement_agency=_open_request(model, "agency"),
        open_supplement_deadline=_open_request(model, "deadline"),
    )


def annotate_queue(queryset):
    """What each row of the queue shows; apply to one page of rows, not to the table."""
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    answered = _requests(model).filter(answered_at__isnull=False).order_by("-answered_at")
    queryset = queryset.annotate(
        supplement_deadline=_open_request(model, "deadline"),
        supplement_answered_at=Subquery(answered.values("answered_at")[:1]),
    )
    try:
        from portal.watchlist.models import WatchlistMatch
    except ImportError:  # pragma: no cover - the watchlist app is part of the portal
        return queryset
    matches = (
        WatchlistMatch.objects.filter(case_type=content_type, case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        watchlist_hits=Coalesce(Subquery(matches, output_field=IntegerField()), Value(0))
    )


def queue_for(model, user, base=None):
    """The cases in `user`'s queues (filterable; rows not yet annotated for display)."""
    agency = agency_of(user)
    queryset = with_filter_columns(base if base is not None else model.objects.all())
    waiting = Q(state__in=supplement_states(model))
    if agency is not None:
        waiting &= Q(open_supplement_agency=agency)
    return queryset.filter(Q(state__in=stage_states(model, agency)) | waiting)
