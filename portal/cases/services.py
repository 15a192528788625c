"""The write path of the engine: performing an action on a case.

Both the applicant pages and the admin call `perform_action`. In one transaction it runs the
workflow's transition, saves the case (optimistic lock on the state: a concurrent change
makes it fail, never overwrite), writes the audit row, the reviewer's decision and any
supplement request, and queues the e-mails in the outbox; the e-mails and other side
effects are handed to Celery only after the commit.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from portal.cases import actions as case_actions
from portal.cases import assignment, drafts, registry, signals
from portal.cases.freshness import touch
from portal.cases.models import CaseEvent, Decision, SupplementItem, SupplementRequest
from portal.cases.numbers import application_number
from portal.cases.workflow import ActionKind
from portal.notify import outbox
from portal.reference.workdays import add_working_days


class ActionError(Exception):
    """The action cannot be done as asked; the message is for the user."""

    def __init__(self, message, *, errors=None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or []


class CaseChanged(ActionError):
    """Someone else changed the case first (another reviewer, or the applicant)."""


@dataclass
class SupplementAsk:
    """What a reviewer asks for: (kind, target, reason) items and a deadline."""

    items: list[tuple[str, str, str]]
    message: str = ""
    working_days: int | None = None
    deadline: datetime.date | None = None


@dataclass
class Outcome:
    event: CaseEvent
    notices: list = field(default_factory=list)


DECISION_OUTCOMES = {
    ActionKind.ADVANCE: Decision.Outcome.APPROVED,
    ActionKind.REQUEST_SUPPLEMENT: Decision.Outcome.SUPPLEMENT,
    ActionKind.REJECT: Decision.Outcome.REJECTED,
}


def open_supplement(case) -> SupplementRequest | None:
    return (
        SupplementRequest.objects.for_case(case)
        .filter(answered_at__isnull=True, closed_at__isnull=True)
        .order_by("-requested_at", "-id")
        .first()
    )


def perform_action(
    case,
    user,
    name: str,
    *,
    reason: str = "",
    note: str = "",
    supplement: SupplementAsk | None = None,
    data: dict | None = None,
) -> CaseEvent:
    """Perform action `name` on `case` as `user` (None: the platform itself).

    Raises PermissionDenied when the action is not open to this user now, ActionError when
    its inputs are wrong, CaseChanged when another change won the race.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        action = case_actions.find_action(case, user, name)
        if action is None:
            raise PermissionDenied(f"{name} is not available")
        _check_inputs(case, action, reason, supplement)
        from_state, from_stage = case.state, case.stage
        # Only a case waiting for a supplement can have one open (asking moves it there,
        # answering or leaving closes it): other moves need not look.
        waiting = from_state in _supplement_states(type(case))
        pending = open_supplement(case) if waiting else None
        answered = pending if action.kind == ActionKind.ANSWER_SUPPLEMENT else None

        getattr(case, name)()  # the workflow's transition: sets the new state
        now = timezone.now()
        case.state_entered_at = now
        if action.kind == ActionKind.SUBMIT:
            case.submitted_at = now
            case.applicant_name = case.describe_applicant()[:200]
            if not case.number:
                case.number = application_number(case.workflow.code)
        if case.state in case_actions.final_states(type(case)):
            case.closed_at = now
        _reassign(case, from_stage, answered)
        try:
            case.save()
        except ConcurrentTransition as error:
            raise CaseChanged(
                _("Someone else changed this case a moment ago. Here is its current state.")
            ) from error

        event = CaseEvent(
            action=name,
            actor=user,
            at=now,
            from_state=from_state,
            to_state=case.state,
            agency=(from_stage.agency if from_stage else ""),
            reason=reason,
            data=data or {},
        )
        event.link_to(case)
        event.save()
        _record_decision(case, user, action, event, from_stage, reason)
        if action.kind == ActionKind.REQUEST_SUPPLEMENT:
            _record_supplement(case, user, event, from_state, from_stage, supplement)
        if answered is not None:
            answered.answered_at = now
            answered.answered_by = user
            answered.answer_note = note
            answered.save(update_fields=["answered_at", "answered_by", "answer_note"])
        elif pending is not None and case.state not in _supplement_states(type(case)):
            pending.closed_at = now  # left unanswered: withdrawn or rejected
            pending.save(update_fields=["closed_at"])
        case.after_transition(event)
        signals.case_moved.send(sender=type(case), case=case, event=event)
        _fire_triggers(case, name, event)
        if action.notify:
            outbox.queue_case_notice(case, event, action.notify)
        if action.kind == ActionKind.SUBMIT:
            transaction.on_commit(lambda: _after_submit(case))
    return event


def _fire_triggers(case, name: str, event: CaseEvent) -> None:
    """Move the cases of other workflows that wait on this move (`Workflow.triggers`)."""
    source = case.workflow.slug
    for model in registry.models():
        for trigger in model.workflow.triggers:
            if trigger.source != source or trigger.action != name:
                continue
            waiting = trigger.waiting(case).select_for_update().order_by("pk")
            for other in waiting:
                perform_action(
                    other,
                    None,
                    trigger.move,
                    data={
                        "triggered_by": {
                            "workflow": source,
                            "case": case.pk,
                            "number": case.number,
                            "action": name,
                            "event": event.pk,
                        }
                    },
                )


def record_event(
    case, user, name: str, *, reason: str = "", data: dict | None = None, notify: str = ""
) -> CaseEvent:
    """Record something that happened to `case` without moving it (a roster line voided, an
    automatic extension): one audit row on its timeline, written like a move's (the case is
    locked and its `updated_at` touched, so cached pages of it are rebuilt), and optionally
    a notice. `name` must be declared by the workflow (`Workflow.events`) or the engine."""
    if case.workflow.event_label(name) is None:
        raise ValueError(f"{case.workflow.slug}: event {name!r} is not declared")
    with transaction.atomic():
        type(case).objects.select_for_update().only("pk").get(pk=case.pk)
        touch(case)
        now = case.updated_at
        stage = case.stage
        event = CaseEvent(
            action=name,
            actor=user,
            at=now,
            from_state=case.state,
            to_state=case.state,
            agency=stage.agency if stage else "",
            reason=(reason or "").strip(),
            data={"recorded": True, **(data or {})},
        )
        event.link_to(case)
        event.save()
        if notify:
            outbox.queue_case_notice(case, event, notify)
    return event


def _supplement_states(model):
    return case_actions.states_with_action_kind(model, ActionKind.ANSWER_SUPPLEMENT)


def _check_inputs(case, action, reason, supplement):
    if action.kind == ActionKind.SUBMIT:
        report = drafts.completeness(case)
        if not report.complete:
            raise ActionError(_("The application is not complete yet."), errors=report.problems)
    if action.kind == ActionKind.REJECT and not reason:
        raise ActionError(_("Give the reason for the rejection; the applicant will read it."))
    if action.kind == ActionKind.REQUEST_SUPPLEMENT:
        if supplement is None or not supplement.items:
            raise ActionError(_("List at least one thing the applicant must supplement."))
        if any(not item_reason.strip() for _kind, _target, item_reason in supplement.items):
            raise ActionError(_("Each item needs a reason the applicant can act on."))


def _reassign(case, from_stage, answered):
    """A case entering a new review stage goes to a reviewer of that stage: back to the one
    who asked for the supplement, or evenly to the agency's reviewers. Leaving a stage for
    a non-review state keeps the last reviewer on record."""
    stage = case.stage
    if stage is None or stage == from_stage:
        return
    requester = answered.requested_by if answered else None
    if requester is not None and requester.is_active and requester.agency == stage.agency:
        case.assigned_reviewer = requester
    else:
        case.assigned_reviewer = assignment.pick_reviewer(stage.agency)


def _record_decision(case, user, action, event, from_stage, reason):
    if action.kind not in ActionKind.DECISIONS or user is None:
        return
    decision = Decision(
        event=event,
        stage=event.from_state,
        agency=from_stage.agency if from_stage else (user.agency or ""),
        outcome=DECISION_OUTCOMES[action.kind],
        reason=reason,
        author=user,
        decided_at=event.at,
    )
    decision.link_to(case)
    decision.save()


def _record_supplement(case, user, event, from_state, from_stage, ask):
    if ask.deadline:
        deadline = ask.deadline
    else:
        days = ask.working_days or case.workflow.supplement_days
        deadline = add_working_days(timezone.localdate(), days)
    request = SupplementRequest(
        requested_by=user,
        requested_at=event.at,
        return_state=from_state,
        agency=from_stage.agency if from_stage else "",
        deadline=deadline,
        message=ask.message or event.reason,
    )
    request.link_to(case)
    request.save()
    SupplementItem.objects.bulk_create(
        SupplementItem(request=request, target_kind=kind, target=target, reason=item_reason.strip())
        for kind, target, item_reason in ask.items
    )
    event.data = {**event.data, "supplement_id": request.pk, "deadline": deadline.isoformat()}
    event.save(update_fields=["data"])
    return request


def _after_submit(case):
    from portal.cases.tasks import match_watchlist

    outbox.enqueue_safely(match_watchlist, case._meta.label_lower, case.pk)
