"""The engine's items for the to-do list (待辦事項): drafts, supplement requests with their
deadline, payments due and cards ready, for every registered workflow.

Which states wait for the applicant is read from the transitions: a state from which an
"answer supplement" transition leaves waits for a supplement; one from which a transition
marked `custom={"awaits": "payment"}` (or "pickup") leaves waits for that."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.cases import registry, starting  # noqa: F401  (starting registers the apply links)
from portal.cases.actions import all_transitions, states_with_action_kind
from portal.cases.selectors import with_open_supplement_deadline
from portal.cases.workflow import ActionKind
from portal.pages import todo


def _awaiting(model, what: str) -> set[str]:
    return {t.source for t in all_transitions(model) if t.custom.get("awaits") == what}


@todo.register
def case_items(user):
    items = []
    for model in registry.models():
        supplement_states = states_with_action_kind(model, ActionKind.ANSWER_SUPPLEMENT)
        payment_states = _awaiting(model, "payment")
        pickup_states = _awaiting(model, "pickup")
        waiting = supplement_states | payment_states | pickup_states
        cases = with_open_supplement_deadline(
            model.objects.visible_to(user).filter(Q(number__isnull=True) | Q(state__in=waiting))
        )
        for case in cases:
            slug = model.workflow.slug
            name = case.applicant_name
            if case.is_draft:
                items.append(
                    todo.TodoItem(
                        _("Continue your draft: %(workflow)s") % {"workflow": model.workflow.name},
                        # The draft's page continues where the person stopped.
                        reverse("cases:detail", args=[slug, case.pk]),
                        "draft",
                        detail=name,
                    )
                )
            elif case.state in supplement_states:
                items.append(
                    todo.TodoItem(
                        _("Supplement requested: %(number)s") % {"number": case.number},
                        reverse("cases:supplement", args=[slug, case.pk]),
                        "supplement",
                        due=case.supplement_deadline,
                        detail=name,
                    )
                )
            elif case.state in payment_states:
                items.append(
                    todo.TodoItem(
                        _("Payment due: %(number)s") % {"number": case.number},
                        reverse("payments:list"),
                        "payment",
                        detail=name,
                    )
                )
            elif case.state in pickup_states:
                items.append(
                    todo.TodoItem(
                        _("Ready for pickup: %(number)s") % {"number": case.number},
                        reverse("cases:detail", args=[slug, case.pk]),
                        "pickup",
                        detail=name,
                    )
                )
    return items
