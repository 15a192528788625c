"""Long choice lists (nationalities, districts, criteria) handed to forms as they are.

Django checks and copies every entry of a list assigned to a field's `choices`, and again
for its widget (`django.utils.choices.normalize_choices`), each time a form is built: for a
tab with three nationality lists that was most of the cost of an autosave, which builds its
form twice. An iterator of choices (`BaseChoiceIterator`) is taken as it is, so the
reference lists, already in their final shape, are wrapped in one."""

from django.utils.choices import BaseChoiceIterator

BLANK = ("", "---------")


class SharedChoices(BaseChoiceIterator):
    """Choices (pairs, or groups of pairs) fixed when made: read-only, cheap to hand over."""

    def __init__(self, choices, *, blank: bool = False):
        self._choices = (BLANK, *choices) if blank else tuple(choices)

    def __iter__(self):
        return iter(self._choices)

    def __len__(self) -> int:
        return len(self._choices)

    def __getitem__(self, index):
        return self._choices[index]

    def __deepcopy__(self, memo):
        return self  # never changed: a copied form may share it
