"""Issuing permits and reading their services: the write path of `portal.permits`."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.permits.models import Permit, PermitService


class ServiceNotOpen(Exception):
    """The service may not be asked for on this permit today; `opens`/`closes` say when."""

    def __init__(self, opens, closes, *, expired: bool):
        super().__init__(f"open from {opens} to {closes}")
        self.opens, self.closes, self.expired = opens, closes, expired


def issue_permit(case, *, kind, number, holder_name, valid_from, valid_until, holder=None,
                 holder_email="") -> Permit:  # fmt: skip
    """Record the permit `case` issued (once: issuing again returns the same row)."""
    permit = Permit.objects.for_case(case).filter(kind=kind).first()
    if permit is not None:
        return permit
    permit = Permit(
        kind=kind,
        number=number,
        holder=holder,
        holder_name=holder_name[:200],
        holder_email=(holder_email or "")[:254],
        valid_from=valid_from,
        valid_until=valid_until,
    )
    permit.link_to(case)
    permit.save()
    return permit


CACHE_KEY = "permits:services:v1"


def service_terms(kind: str, service: str) -> PermitService | None:
    """The terms of a service (read once, cached until a row changes: transition conditions
    read them whenever actions are listed)."""
    terms = cache.get(CACHE_KEY)
    if terms is None:
        terms = {(row.kind, row.service): row for row in PermitService.objects.all()}
        cache.set(CACHE_KEY, terms, 3600)
    return terms.get((kind, str(service)))


@receiver([post_save, post_delete], sender=PermitService, dispatch_uid="permit-services-changed")
def _forget(**kwargs):
    cache.delete(CACHE_KEY)


def check_service_open(permit, terms: PermitService, today) -> None:
    opens, closes = terms.window(permit)
    if not opens <= today <= closes:
        raise ServiceNotOpen(opens, closes, expired=today > closes)


def extend(permit, valid_until) -> None:
    """Move the end of `permit`'s validity (an extension approved)."""
    with transaction.atomic():
        locked = Permit.objects.select_for_update().get(pk=permit.pk)
        locked.valid_until = valid_until
        locked.save(update_fields=["valid_until"])
    permit.valid_until = valid_until
