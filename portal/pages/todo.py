"""The to-do list (待辦事項) of the signed-in home page.

Each workflow registers a provider: a function that takes the user and returns the items
that need them (drafts, supplement requests, payments due, cards ready). The home page
only asks the registered providers; it knows nothing about the workflows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class TodoItem:
    title: str | Promise
    url: str
    kind: str  # draft, supplement, payment, pickup, ...
    due: date | None = None
    detail: str | Promise = ""


Provider = Callable[[object], Iterable[TodoItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Decorator for a workflow's provider; registering twice is harmless."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user) -> list[TodoItem]:
    items = [item for provider in _providers for item in provider(user)]
    # Dated items first, soonest first; undated ones after, in provider order.
    return sorted(items, key=lambda item: (item.due is None, item.due or date.max))
