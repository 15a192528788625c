"""State diagrams drawn from the workflows' own django-fsm metadata (Mermaid syntax, which
GitHub and most Markdown viewers render), so the documentation cannot drift from the code."""

from portal.cases import registry
from portal.cases.actions import all_transitions, final_states
from portal.cases.workflow import ActionKind


def _mermaid_id(state: str) -> str:
    return state.replace("-", "_")


def mermaid(model) -> str:
    field = model._meta.get_field("state")
    lines = ["stateDiagram-v2", f"    [*] --> {_mermaid_id(field.default)}"]
    labels = dict(field.flatchoices)
    for state, label in labels.items():
        stage = model.workflow.stage_for(state)
        suffix = f" [{stage.agency}]" if stage else ""
        lines.append(f"    {_mermaid_id(state)} : {label}{suffix}")
    for transition in sorted(all_transitions(model), key=lambda t: (str(t.source), t.name)):
        targets = getattr(transition.target, "allowed_states", None) or [transition.target]
        kind = transition.custom.get("kind", ActionKind.SYSTEM)
        for target in targets:
            lines.append(
                f"    {_mermaid_id(transition.source)} --> {_mermaid_id(target)} : "
                f"{transition.name} ({kind})"
            )
    for state in sorted(final_states(model)):
        lines.append(f"    {_mermaid_id(state)} --> [*]")
    return "\n".join(lines)


def product_workflows():
    """Registered workflows of the product (the test suite's sample workflow is left out)."""
    return [m for m in registry.models() if not m.__module__.startswith("tests.")]


def generated_markdown() -> str:
    blocks = []
    for model in sorted(product_workflows(), key=lambda m: m.workflow.code):
        workflow = model.workflow
        blocks.append(
            f"### {workflow.name} (code {workflow.code}, `{model._meta.label}`)\n\n"
            f"```mermaid\n{mermaid(model)}\n```\n"
        )
    if not blocks:
        return "_No workflow is built yet; the diagrams above are as specified._\n"
    return "\n".join(blocks)
