"""Celery tasks of issued PDFs. They take IDs and are idempotent."""

from datetime import timedelta
from functools import partial

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from portal.cases.signals import case_moved
from portal.notify.queueing import enqueue_safely
from portal.pdf.certificates import (
    certificate_key,
    issue_certificate,
    send_certificate,
    was_moved,
)

# A move younger than this still has its own task on the way; one older than the window is
# left alone (a broker down for a week is an incident for people, not for a sweeper).
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_WINDOW = timedelta(days=7)


# A render that hangs (a pathological input, a font problem) must not hold a worker: the soft
# limit raises inside the task, the hard one kills the child process.
@shared_task(
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=60,
    soft_time_limit=60,
    time_limit=90,
)
def issue_certificate_task(self, case_type_id: int, case_id: int, code: str) -> str:
    """Issue the certificate `code` of one case and e-mail it once."""
    from portal.cases import registry

    model = registry.content_types().get(case_type_id)
    certificate = model.workflow.certificate(code) if model else None
    if certificate is None:
        return "not a declared certificate"
    case = model.objects.select_related("owner", "filer", "filer_organisation").get(pk=case_id)
    if not was_moved(case, certificate):
        return "not moved"
    if not certificate.applies_to(case):
        return "does not apply"
    issued = issue_certificate(case, certificate)
    try:
        return send_certificate(case, certificate, issued)
    except OSError as error:  # SMTP trouble: the certificate is stored; mail it again later
        if self.request.is_eager:
            raise
        raise self.retry(exc=error) from error


@shared_task(acks_late=True)
def issue_missing_certificates() -> int:
    """Queue again the certificates of recent moves that are not issued and e-mailed (their
    task never reached the broker, or failed for good). Run by Celery beat."""
    from portal.cases import registry
    from portal.cases.models import CaseEvent
    from portal.pdf.delivery import delivered_keys

    now = timezone.now()
    queued = 0
    for model in registry.models():
        certificates = model.workflow.certificates
        if not certificates:
            continue
        case_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        moves = (
            CaseEvent.objects.filter(
                case_type=case_type,
                action__in={c.on for c in certificates},
                at__gte=now - SWEEP_WINDOW,
                at__lte=now - SWEEP_GRACE,
            )
            .values_list("case_id", "action")
            .distinct()
        )
        moved = list(moves[:500])
        cases = model.objects.in_bulk({case_id for case_id, _action in moved})
        owed = [
            (cases[case_id], certificate)
            for case_id, action in moved
            if case_id in cases
            for certificate in certificates
            if certificate.on == action
        ]
        done = delivered_keys([certificate_key(case, c) for case, c in owed])
        for case, certificate in owed:
            if certificate_key(case, certificate) in done or not certificate.applies_to(case):
                continue
            if enqueue_safely(issue_certificate_task, case_type.pk, case.pk, certificate.code):
                queued += 1
    return queued


@receiver(case_moved, dispatch_uid="portal-pdf-issue-declared-certificates")
def issue_declared_certificates(sender, case, event, **kwargs):
    """Queue, after the commit, each certificate the workflow declares for this move: the
    PDF is rendered outside the move's transaction, and never for a move rolled back."""
    for certificate in case.workflow.certificates:
        if certificate.on == event.action and certificate.applies_to(case):
            case_type = ContentType.objects.get_for_model(case, for_concrete_model=False)
            transaction.on_commit(
                partial(
                    enqueue_safely, issue_certificate_task, case_type.pk, case.pk, certificate.code
                )
            )
