"""What a Gold Card costs and how long it takes, told before the applicant starts and where
the term is chosen (not first after submitting). Amounts come from the fee schedule through
`payments.pricing`, the one place that knows them; the processing time is the workflow's
stated goal (seed 003: under 20 days from payment)."""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from goldcard.rules import TERMS


@dataclass(frozen=True)
class FeeRow:
    label: str
    amounts: tuple  # per term in TERMS: NT$ or None where the schedule lists none
    plus_surcharge: bool = False  # the nationality's reciprocity surcharge comes on top


def _situations():
    """(label, an applicant in that situation) for each situation the schedule prices."""
    from payments.pricing import Applicant
    from portal.reference.models import Nationality

    situations = [
        (_("Most applicants"), Applicant()),
        (
            _("Applying in Taiwan with a valid resident certificate (ARC)"),
            Applicant(holds_valid_arc=True),
        ),
    ]
    hk_macao = Nationality.objects.active().filter(is_hk_macao=True).first()
    if hk_macao is not None:
        situations.append((_("Hong Kong or Macao residents"), Applicant(nationality=hk_macao)))
    surcharged = Nationality.objects.active().filter(reciprocity_surcharge__gt=0).first()
    if surcharged is not None:
        situations.append(
            (_("Nationalities with a reciprocity surcharge"), Applicant(nationality=surcharged))
        )
    return situations


def fee_table(on=None) -> list[FeeRow]:
    """The new-card fee for each situation and term, as the schedule says today."""
    from goldcard.models.choices import GoldCardFee
    from payments.pricing import PricingError, one_schedule_read, price, situations_for

    rows = []
    with one_schedule_read():
        for label, applicant in _situations():
            situation = situations_for(applicant)[0]
            amounts, surcharge = [], False
            for term in TERMS:
                try:
                    quote = price(GoldCardFee.NEW, applicant=applicant, term_years=term, on=on)
                except PricingError:
                    amounts.append(None)
                    continue
                if quote.situation != situation:
                    amounts.append(None)  # priced as another situation: not this row's
                    continue
                extra = (
                    applicant.reciprocity_surcharge if quote.rate.adds_reciprocity_surcharge else 0
                )
                surcharge = surcharge or bool(extra)
                amounts.append(quote.amount - extra)
            if any(amount is not None for amount in amounts):
                rows.append(FeeRow(label, tuple(amounts), surcharge))
    return rows


def processing_days() -> int | None:
    from goldcard.models import GoldCardCase

    target = GoldCardCase.workflow.target
    return target.days if target else None


def money(amount: int) -> str:
    from portal.pages.templatetags.money import ntd

    return ntd(amount)  # as the receipt writes it, in both languages


def terms_with_fees(quotes_for, choices):
    """Term choices whose labels carry the fee of each term (`quotes_for()` -> {term: Quote
    or None}, e.g. a case's `fee_quotes`). The labels are lazy: the schedule is read once,
    when the choices are shown, not each time the answers are checked."""
    quotes = {}

    def label(term, text):
        def build():
            if "all" not in quotes:
                quotes["all"] = quotes_for()
            quote = quotes["all"].get(term)
            if quote is None:
                return str(text)
            return _("%(term)s: %(amount)s") % {"term": text, "amount": money(quote.amount)}

        return lazy(build, str)()

    return [(value, label(int(value), text)) for value, text in choices]
