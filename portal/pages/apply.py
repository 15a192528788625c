"""The "apply online" links of the signed-in home page.

Like the to-do list, the home page only asks registered providers (the case engine registers
one: portal.cases.starting), so it knows nothing about the workflows. A provider takes the
user and returns the ways they may start an application: a link, or a button that posts."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class ApplyLink:
    label: str | Promise
    url: str
    post: bool = False  # a button posting to `url` rather than a link


Provider = Callable[[object], Iterable[ApplyLink]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def links_for(user) -> list[ApplyLink]:
    return [link for provider in _providers for link in provider(user)]
