"""A case's answers, read once: every section's fields in one mapping (as `applies`,
`required_when` and the workflow's rules read them) and each section's own, parsed from the
stored `case.answers` the first time a request asks (`case.answers_view`).

A workflow whose rules derive facts from the answers (the criterion chosen, the
nationality's row, "applies from Taiwan") subclasses `Answers` and declares each fact as a
`functools.cached_property`: a fact is then worked out once per request however many
sections, slots and stages ask for it. The object is read-only, and so are the rules: a rule
never writes into the answers it is given (to remember something, declare a property here).
"""

from collections.abc import Iterator, Mapping


class Answers(Mapping):
    """The flat answers of a case: `answers["surname"]`, `answers.get("criterion")`, and
    `section(code)` for one section's own. A repeating section (a list of lines,
    portal.cases.lines) has no fields in the flat answers."""

    def __init__(self, stored: dict | None):
        stored = stored or {}
        # Copied: the stored answers are the model's and may be replaced while this is read.
        self._stored = {
            code: dict(values) if isinstance(values, dict) else values
            for code, values in stored.items()
        }
        flat: dict = {}
        for values in self._stored.values():
            if isinstance(values, dict):
                flat.update(values)
        self._flat = flat

    def __getitem__(self, name):
        return self._flat[name]

    def __iter__(self) -> Iterator:
        return iter(self._flat)

    def __len__(self) -> int:
        return len(self._flat)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self._flat)} answers>"

    def section(self, code: str) -> dict:
        """The answers of section `code` (a copy; {} for a repeating section or none)."""
        values = self._stored.get(code)
        return dict(values) if isinstance(values, dict) else {}

    def flat(self) -> dict:
        """The flat answers as a new dict, the caller's to change."""
        return dict(self._flat)

    def reads(self, stored) -> bool:
        """True while `stored` (the case's answers) holds what this was parsed from: a
        section replaced or changed in place makes the case parse its answers again. Cheap:
        the values are compared by identity first."""
        return stored == self._stored
