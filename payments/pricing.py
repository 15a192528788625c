"""The price of a case, from the fee schedule (`FeeRate` rows valid on the day).

An unknown combination (a service without a rate, a term the schedule does not list, a
per-year fee without a term) is a `PricingError`, never a silent zero: a wrong price on a
government receipt cannot be refunded away.
"""

import contextvars
import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from payments import catalogue
from payments.models import FeeRate, Situation, describe_service


class PricingError(Exception):
    pass


# Inside `one_schedule_read()`, the schedule and the nationalities are read once, however
# many cases are priced (the payment list prices every payable case of an employer).
_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("fee_cache", default=None)


@contextmanager
def one_schedule_read():
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def _rates_valid_on(service: str, on: datetime.date) -> list[FeeRate]:
    valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    cache = _cache.get()
    if cache is None:
        return list(FeeRate.objects.filter(valid, service=service))
    if ("rates", on) not in cache:
        cache[("rates", on)] = list(FeeRate.objects.filter(valid))
    return [rate for rate in cache[("rates", on)] if rate.service == service]


def nationality_by_code(code: str):
    """The Nationality row for an ISO code, or None (cached inside `one_schedule_read`)."""
    from portal.reference.models import Nationality

    if not code:
        return None
    cache = _cache.get()
    if cache is None:
        return Nationality.objects.filter(code=code).first()
    if "nationalities" not in cache:
        cache["nationalities"] = {n.code: n for n in Nationality.objects.all()}
    return cache["nationalities"].get(code)


@dataclass(frozen=True)
class Applicant:
    """What about the applicant changes the fee."""

    nationality: object = None  # portal.reference.models.Nationality, or None
    holds_valid_arc: bool = False
    overseas_chinese_fc: bool = False

    @property
    def is_hk_macao(self) -> bool:
        return bool(self.nationality and self.nationality.is_hk_macao)

    @property
    def reciprocity_surcharge(self) -> int:
        return (self.nationality.reciprocity_surcharge or 0) if self.nationality else 0


@dataclass(frozen=True)
class Quote:
    service: str
    term_years: int | None
    situation: str
    rate: FeeRate
    amount: int

    @property
    def description(self):
        return describe_service(self.service, self.term_years)


def situations_for(applicant: Applicant) -> list[str]:
    """The situations that may price this applicant, most specific first. The order is the
    rules': Hong Kong and Macao residents have their own amounts; a reciprocity nationality
    pays its surcharge whether or not it holds a resident certificate; holding one lowers
    the Gold Card fee; everyone else pays the standard amount."""
    situations = []
    if applicant.is_hk_macao:
        situations.append(Situation.HK_MACAO)
    if applicant.reciprocity_surcharge:
        situations.append(Situation.RECIPROCITY)
    if applicant.holds_valid_arc:
        situations.append(Situation.HOLDS_ARC)
    if applicant.overseas_chinese_fc:
        situations.append(Situation.OVERSEAS_CHINESE_FC)
    situations.append(Situation.STANDARD)
    return situations


def price(
    service: str,
    *,
    applicant: Applicant | None = None,
    term_years: int | None = None,
    on: datetime.date | None = None,
) -> Quote:
    if service not in catalogue.fee_services():
        raise PricingError(f"unknown service {service!r}")
    applicant = applicant or Applicant()
    on = on or timezone.localdate()
    rates = _rates_valid_on(service, on)
    for situation in situations_for(applicant):
        candidates = [rate for rate in rates if rate.situation == situation]
        if candidates:
            # The first situation with any rate decides; its rates must cover the term.
            return _quote(service, situation, candidates, term_years, applicant, on)
    raise PricingError(f"no rate for {service} on {on}")


def _quote(service, situation, candidates, term_years, applicant, on) -> Quote:
    exact = [rate for rate in candidates if rate.term_years == term_years]
    any_term = [rate for rate in candidates if rate.term_years is None]
    matching = exact or any_term
    if len(matching) != 1:
        problem = "no rate" if not matching else "more than one rate"
        raise PricingError(f"{problem} for {service}/{situation}, term {term_years}, on {on}")
    rate = matching[0]
    amount = rate.amount
    if rate.per_year:
        if not term_years or term_years < 1:
            raise PricingError(f"{service} is charged per year: the term is needed")
        amount *= term_years
    if rate.adds_reciprocity_surcharge:
        amount += applicant.reciprocity_surcharge
    return Quote(
        service=service, term_years=term_years, situation=situation, rate=rate, amount=amount
    )
