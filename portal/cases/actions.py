"""Reading a workflow's transitions: what may be done to a case now, by whom.

Everything here is derived from django-fsm's metadata on the model (source, target,
conditions, permission and the `custom` dict), so a workflow declares each move once.
Keys the engine reads from `custom`: `kind` (an `ActionKind`), `label`, `style`
("primary", "danger" or "secondary"), `notify` (the e-mail event sent after it).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django_fsm import Transition

from portal.cases.workflow import ActionKind


@dataclass(frozen=True)
class Action:
    name: str
    label: str | Promise
    kind: str
    style: str
    notify: str
    transition: Transition

    @property
    def needs_reason(self) -> bool:
        return self.kind in ActionKind.NEEDS_REASON

    @property
    def is_decision(self) -> bool:
        return self.kind in ActionKind.DECISIONS


def _action(transition: Transition) -> Action:
    custom = transition.custom
    kind = custom.get("kind", ActionKind.SYSTEM)
    return Action(
        name=transition.name,
        label=custom.get("label", transition.name),
        kind=kind,
        style=custom.get(
            "style", "danger" if kind in (ActionKind.REJECT, ActionKind.WITHDRAW) else "primary"
        ),
        notify=custom.get("notify", ""),
        transition=transition,
    )


def _state_field(model):
    return model._meta.get_field("state")


def all_transitions(model) -> list[Transition]:
    return list(_state_field(model).get_all_transitions(model))


def available_actions(case, user) -> list[Action]:
    """The actions `user` may take on `case` now (user=None: what the platform may do)."""
    field = _state_field(type(case))
    state = field.get_state(case)
    actions = []
    for method in field.transitions[type(case)].values():
        meta = method._django_fsm
        if not meta.has_transition(state) or not meta.conditions_met(case, state):
            continue
        transition = meta.get_transition(state)
        if transition.has_perm(case, user):
            actions.append(_action(transition))
    return actions


def find_action(case, user, name: str) -> Action | None:
    return next((a for a in available_actions(case, user) if a.name == name), None)


def states_with_action_kind(model, kind: str) -> frozenset[str]:
    """States from which some transition of this kind leaves (e.g. withdrawable states)."""
    return frozenset(
        transition.source
        for transition in all_transitions(model)
        if transition.custom.get("kind") == kind
    )


def final_states(model) -> frozenset[str]:
    """States no transition leaves: closed cases (approved and issued, rejected, withdrawn)."""
    states = {value for value, _label in _state_field(model).flatchoices}
    sources = {transition.source for transition in all_transitions(model)}
    return frozenset(states - sources)


def can_withdraw(case, user) -> bool:
    return any(a.kind == ActionKind.WITHDRAW for a in available_actions(case, user))
