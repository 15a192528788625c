"""The moves every workflow shares, declared once: ask for a supplement, answer it, reject,
reject when the supplement deadline passed, withdraw, confirm the payment, and the card's
production and pickup.

A workflow says which of its states play which part (`SharedMoves`) and takes the moves as a
base class of its case model:

    class SampleCase(shared_moves(WORKFLOW), CaseBase):
        workflow = WORKFLOW

`shared_moves` builds a fresh class for each workflow: django-fsm keeps a transition's
sources on the decorated function itself, so two workflows must never share one function.
The review states are the workflow's stages marked `review=True`; the system check
(`portal.cases.checks`) verifies every declaration against the state field.
"""

from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from portal.cases import conditions, permissions
from portal.cases.workflow import ActionKind, SharedMoves


def shared_moves(workflow) -> type:
    """A mixin with the shared transitions, configured by `workflow.moves`."""
    moves: SharedMoves = workflow.moves
    review = list(workflow.review_states)

    class Moves:
        @transition(
            field="state",
            source=review,
            target=moves.supplement,
            permission=permissions.stage_reviewer,
            custom={
                "kind": ActionKind.REQUEST_SUPPLEMENT,
                "label": _("Request a supplement"),
                "style": "secondary",
                "notify": "supplement_requested",
            },
        )
        def request_supplement(self):
            pass

        @transition(
            field="state",
            source=moves.supplement,
            target=RETURN_VALUE(*review),
            permission=permissions.applicant_side,
            custom={"kind": ActionKind.ANSWER_SUPPLEMENT, "label": _("Send the supplement")},
        )
        def answer_supplement(self):
            return conditions.return_state_after_supplement(self)

        @transition(
            field="state",
            source=review,
            target=moves.rejected,
            permission=permissions.stage_reviewer,
            custom={"kind": ActionKind.REJECT, "label": _("Reject"), "notify": "rejected"},
        )
        def reject(self):
            pass

        @transition(
            field="state",
            source=moves.supplement,
            target=moves.rejected,
            conditions=[conditions.supplement_overdue],
            permission=conditions.supplement_reviewer,
            custom={
                "kind": ActionKind.REJECT,
                "label": _("Reject (supplement deadline passed)"),
                "notify": "rejected",
            },
        )
        def reject_unanswered(self):
            pass

        @transition(
            field="state",
            source=list(moves.withdraw_from),
            target=moves.withdrawn,
            permission=permissions.applicant_side,
            custom={"kind": ActionKind.WITHDRAW, "label": _("Withdraw"), "notify": "withdrawn"},
        )
        def withdraw(self):
            pass

        if moves.payment_due:

            @transition(
                field="state",
                source=moves.payment_due,
                target=moves.paid,
                permission=permissions.platform,
                custom={
                    "kind": ActionKind.SYSTEM,
                    "label": _("Payment confirmed"),
                    "notify": "paid",
                    "awaits": "payment",
                },
            )
            def confirm_payment(self):
                pass

        if moves.production:

            @transition(
                field="state",
                source=moves.production,
                target=moves.ready,
                permission=permissions.stage_reviewer,
                custom={
                    "kind": ActionKind.ADVANCE,
                    "label": _("Card produced: ready for pickup"),
                    "notify": "ready_for_pickup",
                },
            )
            def card_ready(self):
                pass

            @transition(
                field="state",
                source=moves.ready,
                target=moves.handed_over,
                permission=permissions.stage_reviewer,
                custom={
                    "kind": ActionKind.ADVANCE,
                    "label": _("Card handed over"),
                    "awaits": "pickup",
                },
            )
            def hand_over(self):
                pass

    Moves.__name__ = Moves.__qualname__ = f"{type(workflow).__name__}Moves_{workflow.slug}"
    return Moves
