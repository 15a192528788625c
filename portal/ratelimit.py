"""How often one user (or address, or any key) may do something costly: a fixed-window
counter in Django's cache, so every web server shares it (Redis in production and CI; the
embedded default's local memory serves a single process).

    rate = Rate.from_setting(settings.CASE_UPLOAD_RATE)
    try:
        hit("upload", request.user.pk, rate)
    except RateLimited as limited:
        ...  # tell the user limited.retry_at; answer 429 with Retry-After: limited.retry_after

A fixed window may let through up to twice the limit across one window's end; for bounding
cost that is enough, and it needs one counter and two atomic cache calls per hit.
"""

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache


@dataclass(frozen=True)
class Rate:
    limit: int  # hits allowed ...
    seconds: int  # ... per window of this many seconds

    @classmethod
    def from_setting(cls, value) -> "Rate":
        limit, seconds = value
        return cls(int(limit), int(seconds))


class RateLimited(Exception):
    def __init__(self, retry_at: float):
        super().__init__(f"rate limited until {retry_at}")
        self.retry_at_timestamp = retry_at

    @property
    def retry_at(self) -> datetime:
        return datetime.fromtimestamp(self.retry_at_timestamp, tz=UTC)

    @property
    def retry_after(self) -> int:
        """Whole seconds to wait (for a Retry-After header), at least 1."""
        return max(1, math.ceil(self.retry_at_timestamp - time.time()))


def hit(scope: str, key, rate: Rate, cost: int = 1) -> int:
    """Count one hit of `key` in `scope`, weighing `cost` (1: a hit is a hit; more: what it
    costs, say the pixels an upload makes the server decode); return the count in this
    window, or raise RateLimited when it is over the limit (the refused hit is counted too,
    so hammering does not shorten the wait)."""
    window = int(time.time() // rate.seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    # The key names its window and lives for two, so it cannot expire while its window is
    # being counted (Django's Redis incr checks that the key exists, then increments: a key
    # expiring in between would come back without an expiry).
    timeout = 2 * rate.seconds
    if cache.add(cache_key, cost, timeout=timeout):  # atomic: SET NX on Redis
        count = cost
    else:
        try:
            count = cache.incr(cache_key, cost)  # atomic: INCRBY on Redis
        except ValueError:  # evicted under memory pressure between add and incr
            cache.add(cache_key, cost, timeout=timeout)
            count = cost
    if count > rate.limit:
        raise RateLimited((window + 1) * rate.seconds)
    return count
