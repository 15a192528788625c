"""Background work the engine queues after a commit."""

from celery import shared_task
from django.apps import apps


@shared_task(acks_late=True)
def match_watchlist(model_label: str, case_id: int) -> int:
    """Match a submitted case against the control list and store the hits for the reviewer.
    Idempotent: the case's previous matches are replaced."""
    from portal.watchlist.matching import record_matches

    case = apps.get_model(model_label).objects.filter(pk=case_id).first()
    person = case.watchlist_person() if case else None
    if person is None:
        return 0
    return len(record_matches(case, person))
