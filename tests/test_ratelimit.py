"""portal.ratelimit on the cache the portal really uses: local memory (the embedded default)
and Redis (CI and production; run when REDIS_URL is set)."""

import os
import threading
import time

import pytest
from django.core.cache import cache

from portal import ratelimit
from portal.ratelimit import Rate, RateLimited

BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        "KEY_PREFIX": "ratelimit-test",
    },
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    if request.param == "redis" and not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    settings.CACHES = {"default": BACKENDS[request.param]}  # Django resets its cache handlers
    cache.clear()
    yield request.param
    cache.clear()


def test_the_limit_is_counted_and_then_refused(backend):
    rate = Rate(3, 60)

    counts = [ratelimit.hit("test", 7, rate) for _ in range(3)]
    with pytest.raises(RateLimited) as refused:
        ratelimit.hit("test", 7, rate)

    assert counts == [1, 2, 3]
    window_end = (int(time.time() // 60) + 1) * 60
    assert refused.value.retry_at.timestamp() == window_end
    assert 0 < refused.value.retry_after <= 60


def test_keys_and_scopes_are_counted_apart(backend):
    rate = Rate(1, 60)
    ratelimit.hit("test", 1, rate)

    assert ratelimit.hit("test", 2, rate) == 1  # another user
    assert ratelimit.hit("other", 1, rate) == 1  # another purpose
    with pytest.raises(RateLimited):
        ratelimit.hit("test", 1, rate)


def test_a_new_window_starts_afresh(backend):
    rate = Rate(1, 1)
    time.sleep(1 - time.time() % 1)  # the start of a window, so the next hit lands in it
    ratelimit.hit("test", 1, rate)
    with pytest.raises(RateLimited):
        ratelimit.hit("test", 1, rate)

    time.sleep(1 - time.time() % 1 + 0.01)

    assert ratelimit.hit("test", 1, rate) == 1


def test_concurrent_hits_are_counted_exactly(backend):
    rate = Rate(10, 60)
    allowed, refused = [], []
    start = threading.Barrier(25)

    def hit():
        start.wait()
        try:
            allowed.append(ratelimit.hit("test", 1, rate))
        except RateLimited:
            refused.append(1)

    threads = [threading.Thread(target=hit) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(allowed) == list(range(1, 11))  # each count handed out once
    assert len(refused) == 15


def test_the_setting_reads_as_a_rate(settings):
    assert Rate.from_setting(settings.CASE_UPLOAD_RATE) == Rate(20, 600)


def test_a_hit_can_weigh_what_it_costs(backend):
    rate = Rate(1_000_000, 60)

    assert ratelimit.hit("work", 7, rate, cost=600_000) == 600_000
    with pytest.raises(RateLimited):
        ratelimit.hit("work", 7, rate, cost=600_000)
    assert ratelimit.hit("work", 8, rate, cost=999_999) == 999_999  # another user's budget
