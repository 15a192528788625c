"""A case's `updated_at` is the version of everything its page shows: the case page is
cached under it (portal.cases.views.cases). A change saved on the case itself moves it (a
move, a draft's save); every other change a case page shows calls `touch` in the same
transaction: an upload or a removed document (portal.cases.documents), a PDF listed on the
case (portal.pdf.issuing: certificates, receipts, from Celery tasks), a recorded event
(portal.cases.services.record_event)."""

from django.utils import timezone


def touch(*cases) -> None:
    """Mark `cases` as changed now: the cached pages of them are rebuilt on their next view."""
    now = timezone.now()
    for case in cases:
        if case is None or case.pk is None:
            continue
        type(case).objects.filter(pk=case.pk).update(updated_at=now)
        case.updated_at = now
