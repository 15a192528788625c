"""Form widgets shared by the workflows' forms."""

from dataclasses import dataclass

from django import forms


class DependentSelect(forms.Select):
    """A select whose options belong to a choice made in another select (districts of a
    county, criteria of a professional field). Without JavaScript every option is shown,
    grouped; the page's script (static/js/portal.js) hides the ones of other parents.

    `parent_field` names the controlling field; `parents` maps an option's value to its
    parent's value and is filled by the form once the choices are known."""

    def __init__(self, parent_field: str, attrs=None):
        super().__init__(attrs)
        self.parent_field = parent_field
        self.parents: dict[str, str] = {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-depends-on"] = self.parent_field
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        parent = self.parents.get(str(value))
        if parent:
            option["attrs"]["data-parent"] = parent
        return option


@dataclass(frozen=True)
class Reveal:
    controller: str  # the name of the field whose answer reveals this one
    value: str  # the answer that does (e.g. "yes")


def reveal_when(field: forms.Field, controller: str, value: str) -> forms.Field:
    """Ask `field` only once `controller` is answered `value` (an explanation after "yes").

    One mechanism for every form: the field is drawn right below its question
    (templates/includes/field.html); without JavaScript it is always there and says it is
    only needed after that answer, with static/js/reveal.js it appears when the answer is
    chosen; `SectionForm` makes it required exactly then, and the review pages leave it out
    otherwise (presentation.answer_rows)."""
    field.reveal = Reveal(controller, value)
    field.required = False
    return field
