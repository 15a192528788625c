"""The Gold Card's answers as its rules read them: the flat answers plus the facts derived
from them, each worked out once per request (`case.answers_view`; portal.cases.answers)."""

from functools import cached_property

from goldcard import rules
from portal.cases.answers import Answers


class GoldCardAnswers(Answers):
    @cached_property
    def hk_macao(self) -> bool:
        return rules.is_hk_macao(self)

    @cached_property
    def mainland_born(self) -> bool:
        return rules.is_mainland_born(self)

    @cached_property
    def in_taiwan(self) -> bool:
        return rules.in_taiwan(self)

    @cached_property
    def overseas(self) -> bool:
        return rules.overseas(self)

    @cached_property
    def holds_arc(self) -> bool:
        return rules.holds_arc(self)

    @cached_property
    def verifies_passport(self) -> bool:
        return rules.verifies_passport(self)

    @cached_property
    def criterion(self):
        """The qualification criterion chosen (a shared reference row), or None."""
        from goldcard import lookups

        return lookups.criterion(self.get("criterion"))

    @cached_property
    def nationality(self):
        """The nationality chosen on the basic-data tab (a shared reference row), or None."""
        from portal.reference import choices

        return choices.nationality(self.get("nationality"))
