"""Background work the engine queues after a commit."""

from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.utils import timezone

from portal.cases import registry

# A case younger than this is still on its way through the normal path.
MATCH_GRACE = timedelta(minutes=2)


@shared_task(acks_late=True)
def match_watchlist(model_label: str, case_id: int) -> int:
    """Match a submitted case against the control list and store the hits for the reviewer.
    Idempotent: the case's previous matches are replaced."""
    from portal.watchlist.matching import record_matches

    model = apps.get_model(model_label)
    case = model.objects.filter(pk=case_id).first()
    if case is None:
        return 0
    person = case.watchlist_person()
    hits = record_matches(case, person) if person is not None else []
    # A column of its own, not a state change: set without touching the FSM.
    model.objects.filter(pk=case_id).update(watchlist_checked_at=timezone.now())
    return len(hits)


@shared_task(acks_late=True)
def match_unchecked_cases() -> int:
    """Match submitted cases that were never matched (their task was lost while the broker
    was down). Run by Celery beat."""
    cutoff = timezone.now() - MATCH_GRACE
    done = 0
    for model in registry.models():
        unchecked = model.objects.filter(
            submitted_at__lte=cutoff, watchlist_checked_at__isnull=True
        ).values_list("pk", flat=True)[:200]
        for case_id in unchecked:
            match_watchlist(model._meta.label_lower, case_id)
            done += 1
    return done
