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


def annotate_queue(queryset):
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    requests = SupplementRequest.objects.filter(case_type=content_type, case_id=OuterRef("pk"))
    open_requests = requests.filter(answered_at__isnull=True).order_by("-requested_at")
    answered = requests.filter(answered_at__isnull=False).order_by("-answered_at")
    queryset = queryset.annotate(
        supplement_deadline=Subquery(open_requests.values("deadline")[:1]),
        supplement_agency=Subquery(open_requests.values("agency")[:1]),
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
    agency = agency_of(user)
    queryset = annotate_queue(base if base is not None else model.objects.all())
    waiting = Q(state__in=supplement_states(model))
    if agency is not None:
        waiting &= Q(supplement_agency=agency)
    return queryset.filter(Q(state__in=stage_states(model, agency)) | waiting)
