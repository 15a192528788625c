"""No code writes a case's `state` behind the engine's back.

Every state change must go through `perform_action` (transition, optimistic lock, audit row,
decision, e-mails). A bulk `.update(state=...)`, a `.bulk_update(..., ["state"])` or an
`update_or_create(defaults={"state": ...})` would skip all of that, so this test reads every
module of the product apps (and the sample workflow) with `ast` and fails on any such call,
listing file:line. A self-test proves the scanner catches the forms it claims to catch and
leaves harmless updates (`.update(assigned_reviewer=...)`) alone.
"""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCANNED = ["portal", "onestop", "residence", "goldcard", "payments", "tests/sampleflow"]
FIELD = "state"
DEFAULTS_METHODS = {"update_or_create", "get_or_create"}
DEFAULTS_KEYWORDS = {"defaults", "create_defaults"}


def _dict_keys(node) -> set[str]:
    """The string keys of a `{...}` literal or a `dict(...)` call; empty for anything else."""
    if isinstance(node, ast.Dict):
        return {key.value for key in node.keys if isinstance(key, ast.Constant)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return _keywords(node)
    return set()


def _keywords(call: ast.Call) -> set[str]:
    """Keyword names of a call, `**{"state": ...}` unpacking included."""
    names = set()
    for keyword in call.keywords:
        if keyword.arg is not None:
            names.add(keyword.arg)
        else:
            names |= _dict_keys(keyword.value)
    return names


def _strings(node) -> set[str]:
    """The string constants in a list/tuple/set literal (a `fields` argument)."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return {e.value for e in node.elts if isinstance(e, ast.Constant)}
    return set()


def offending_calls(source: str, filename: str = "<string>") -> list[int]:
    """Line numbers of calls in `source` that write the `state` field directly."""
    lines = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        if method == "update":
            # QuerySet.update(state=...) — a positional dict is dict.update(), not a query.
            offends = FIELD in _keywords(node)
        elif method == "bulk_update":
            fields = node.args[1] if len(node.args) > 1 else None
            fields = next((k.value for k in node.keywords if k.arg == "fields"), fields)
            offends = FIELD in _strings(fields)
        elif method in DEFAULTS_METHODS:
            offends = any(
                FIELD in _dict_keys(k.value) for k in node.keywords if k.arg in DEFAULTS_KEYWORDS
            )
        else:
            offends = False
        if offends:
            lines.append(node.lineno)
    return lines


def scan(paths) -> list[str]:
    found = []
    for top in paths:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            for line in offending_calls(source, str(path)):
                found.append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_no_code_writes_state_directly():
    assert all((ROOT / top).is_dir() for top in SCANNED)
    offenders = scan(SCANNED)
    assert not offenders, (
        "These calls write `state` directly; use portal.cases.services.perform_action:\n"
        + "\n".join(offenders)
    )


def test_scanner_catches_direct_state_writes():
    source = """
SampleCase.objects.filter(pk=1).update(state="issued")
qs.update(assigned_reviewer=None, state=F("state"))
qs.update(**{"state": "rejected"})
SampleCase.objects.bulk_update(cases, ["state"])
SampleCase.objects.bulk_update(cases, fields=("state", "closed_at"))
SampleCase.objects.update_or_create(pk=1, defaults={"state": "ready"})
SampleCase.objects.get_or_create(pk=1, defaults=dict(state="ready"))
SampleCase.objects.update_or_create(pk=1, create_defaults={"state": "ready"})
"""
    assert offending_calls(source) == [2, 3, 4, 5, 6, 7, 8, 9]


def test_scanner_ignores_harmless_updates():
    source = """
SampleCase.objects.filter(pk=1, state="draft").update(assigned_reviewer=reviewer)
SampleCase.objects.filter(Q(pk=1), Q(state=case.state)).update(assigned_reviewer=None)
Document.objects.filter(slot="photo").update(replaced_at=now)
context.update({"state": "draft"})
SampleCase.objects.bulk_update(cases, ["assigned_reviewer"])
SampleCase.objects.update_or_create(state="draft", defaults={"answers": {}})
case.save(update_fields=["answers"])
"""
    assert offending_calls(source) == []
