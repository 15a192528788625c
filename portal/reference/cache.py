"""Reference rows as pages read them (choices, look-ups by code), built once and kept: in the
shared cache (Redis in production) for every process, and in each process's memory.

Every value is kept under the current *generation* of the reference data, a token in the
shared cache. Saving or deleting a row of a watched model (`watch`: nationalities, counties,
districts, stations, and each workflow's own reference tables) draws a new generation, so
that every process stops reading the old values at once; those expire by themselves. A
request reads the generation once and keeps it until it ends (a tab save builds its form
several times, each asking for several lists: one cache read in all, not one per list);
outside a request (Celery, commands) each look-up reads it.

A change is announced at once (this transaction's own reads see it) and again when its
transaction commits (so that a process that rebuilt a value from the rows before the commit
rebuilds it again). Bulk writes send no signals: a loader that uses them calls `forget()`.

Values are shared between requests and threads: callers must not change them.
"""

import threading
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal.bilingual import is_chinese

CACHE_SECONDS = 15 * 60
GENERATION_KEY = "reference:generation"
MEMO_SIZE = 200

_local = threading.local()
# (name, language, generation) -> (value, expires): this process's copies. Keyed by the
# generation, so a change anywhere makes them unreachable; they also expire, in case a row
# was changed without a signal (a bulk update).
_memo: dict[tuple, tuple[object, float]] = {}


def generation() -> str:
    """The current generation of the reference data (read once per request)."""
    remembered = getattr(_local, "generation", None)
    if remembered is not None:
        return remembered
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Lost (a fresh or cleared cache): start a new one; the first process to add it wins.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY) or uuid.uuid4().hex
    if getattr(_local, "in_request", False):
        _local.generation = value
    return value


def cached(name: str, build: Callable[[], object], *, per_language: bool = False):
    """The value `build()` returns, kept under `name` for the current generation (and, when
    `per_language`, for the active language: names and their order follow it)."""
    language = ("zh-hant" if is_chinese() else "en") if per_language else ""
    current = generation()
    memo_key = (name, language, current)
    now = time.monotonic()
    kept = _memo.get(memo_key)
    if kept is not None and kept[1] > now:
        return kept[0]
    key = f"reference:{current}:{name}:{language}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    _memo[memo_key] = (value, now + CACHE_SECONDS)
    return value


def forget(**kwargs) -> None:
    """A reference row changed: every cached value is rebuilt on its next read."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


def _new_generation() -> None:
    value = uuid.uuid4().hex
    cache.set(GENERATION_KEY, value, None)
    _memo.clear()
    if getattr(_local, "in_request", False):
        _local.generation = value


def watch(*models) -> None:
    """Rebuild the cached values whenever a row of one of `models` is saved or deleted."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(forget, sender=model, dispatch_uid=f"reference-cache-save-{label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"reference-cache-del-{label}")


def _request_started(**kwargs) -> None:
    _local.in_request = True
    _local.generation = None


def _request_finished(**kwargs) -> None:
    _local.in_request = False
    _local.generation = None


request_started.connect(_request_started, dispatch_uid="reference-cache-request-started")
request_finished.connect(_request_finished, dispatch_uid="reference-cache-request-finished")
