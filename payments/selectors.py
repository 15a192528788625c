"""Read queries of the payment pages."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from payments.models import OrderLine, PaymentOrder
from payments.pricing import PricingError, Quote, one_schedule_read
from portal.cases import registry
from portal.cases.actions import all_transitions


def payment_states(model) -> frozenset[str]:
    """States of a workflow in which a case waits for its fee (read from the transitions
    marked `awaits: payment`)."""
    return frozenset(
        t.source for t in all_transitions(model) if t.custom.get("awaits") == "payment"
    )


@dataclass
class PayableCase:
    case: object
    quote: Quote | None
    problem: str = ""
    open_order: PaymentOrder | None = None

    @property
    def key(self) -> str:
        """How the selection form names the case: `<workflow slug>:<id>`."""
        return f"{self.case.workflow.slug}:{self.case.pk}"

    @property
    def selectable(self) -> bool:
        return self.quote is not None and self.open_order is None


def payable_cases(user) -> list[PayableCase]:
    """Every case this user may pay for now, priced, with the unpaid order it already sits
    in, if any. A few queries per workflow, whatever the number of cases."""
    with one_schedule_read():
        return _payable_cases(user)


def _payable_cases(user) -> list[PayableCase]:
    result = []
    for model in registry.models():
        states = payment_states(model)
        if not states:
            continue
        cases = list(
            model.objects.visible_to(user).filter(state__in=states).order_by("submitted_at", "pk")
        )
        if not cases:
            continue
        case_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        open_lines = {
            line.case_id: line.order
            for line in OrderLine.objects.filter(
                case_type=case_type, case_id__in=[c.pk for c in cases], open=True
            ).select_related("order")
        }
        for case in cases:
            try:
                quote, problem = case.payment_quote(), ""
            except PricingError:
                quote, problem = None, "pricing"
            result.append(PayableCase(case, quote, problem, open_lines.get(case.pk)))
    return result


def orders_of(user):
    return PaymentOrder.objects.visible_to(user).order_by("-created_at")
