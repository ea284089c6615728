"""Counts of what one client or account did this hour, kept in the cache, for the limits the
services set on anonymous and cheap writes (consultation responses, ideas, registrations and
sign-in links). The limits themselves belong to each service; this counts, the one way.

And the API's rate limit (`ApiRateThrottle`), counted the same cheap way: two counters a client,
one a window of the rate's period, asked in one cache round trip."""

import hashlib

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

HOUR = 3600


def client_key(prefix: str, client: str) -> str:
    """The cache key of `client` (an address or an e-mail) for one kind of count: hashed, so the
    cache holds no address in the clear."""
    return f"{prefix}:{hashlib.sha256(client.encode()).hexdigest()}"


def count_so_far(key: str) -> int:
    """How many were counted under `key` in its current hour (0 when none)."""
    return cache.get(key) or 0


def count_one_more(key: str, timeout: int = HOUR) -> int:
    """Count one more under `key` and answer the count. The `timeout` (an hour) starts with the
    first count; a key that expires between the two cache calls starts again at one."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _redis(backend) -> bool:
    return isinstance(backend, RedisCache)


def _count_and_read(current: str, previous: str, timeout: int) -> tuple[int, int]:
    """Count one more under `current` and read `previous`: one round trip to Redis (a pipeline),
    a few dictionary operations in a process's own memory."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if _redis(backend):
        current_key, previous_key = backend.make_and_validate_key(current), backend.make_and_validate_key(previous)
        with backend._cache.get_client(current_key, write=True).pipeline(transaction=False) as pipe:
            pipe.incr(current_key)
            pipe.expire(current_key, timeout)
            pipe.get(previous_key)
            counted, _, before = pipe.execute()
        return int(counted), int(before or 0)  # Django keeps an int as its digits, as INCR does
    return count_one_more(current, timeout), count_so_far(previous)


def _uncount(current: str) -> None:
    backend = caches[DEFAULT_CACHE_ALIAS]
    if _redis(backend):
        key = backend.make_and_validate_key(current)
        backend._cache.get_client(key, write=True).decr(key)
        return
    try:
        backend.decr(current)
    except ValueError:  # expired meanwhile: nothing to take back
        pass


class ApiRateThrottle(SimpleRateThrottle):
    """The API's rate limit, one check a request: a signed-in client (by token or session) by
    account at the "user" rate, anyone else by address at the "anon" rate (DEFAULT_THROTTLE_RATES).

    DRF's own throttles keep the time of every request in one cache entry, read and written whole
    on each request (an anonymous client's twice, by its user and its anonymous rate). This keeps
    two counters a client, one a window of the rate's period, and asks the cache once: how many
    requests were made in the last period is this window's count plus the last window's, weighed
    by the share of it still within the period. A refused request is taken back out of the count
    (a second round trip, for refusals only), so a client over its rate is served at its rate."""

    cache_format = "throttle:%(scope)s:%(ident)s"

    def __init__(self):  # the scope, so the rate, depends on who asks
        pass

    def allow_request(self, request, view):
        user = request.user
        if user and user.is_authenticated:
            self.scope, ident = "user", user.pk
        else:
            self.scope, ident = "anon", self.get_ident(request)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        self.now = self.timer()
        key = self.cache_format % {"scope": self.scope, "ident": ident}
        window = int(self.now // self.duration)
        current = f"{key}:{window}"
        counted, self.before = _count_and_read(current, f"{key}:{window - 1}", 2 * self.duration)
        self.share = (self.now % self.duration) / self.duration  # of this window gone by
        if counted + self.before * (1 - self.share) <= self.num_requests:
            return True
        _uncount(current)
        self.counted = counted - 1
        return False

    def wait(self):
        """Seconds until one more request would be within the rate: at least one, at most the
        rate's period (past it, only a client refused in a window's first 1/rate of its period may
        be refused again, and is told again)."""
        limit, period, share = self.num_requests, self.duration, self.share
        room = limit - self.counted - 1  # what this window leaves for the last one's weighed count
        if room > 0 and self.before:
            seconds = (1 - room / self.before - share) * period
        else:  # the next window, where this one's count is the last one's, weighed down as it goes by
            later = max(0.0, 1 - (limit - 1) / self.counted) if self.counted else 0.0
            seconds = (1 - share + later) * period
        return min(float(period), max(1.0, seconds))
