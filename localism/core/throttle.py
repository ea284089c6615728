"""Counts of what one client or account did this hour, kept in the cache, for the limits the
services set on anonymous and cheap writes (consultation responses, ideas, registrations and
sign-in links). The limits themselves belong to each service; this counts, the one way."""

import hashlib

from django.core.cache import cache

HOUR = 3600


def client_key(prefix: str, client: str) -> str:
    """The cache key of `client` (an address or an e-mail) for one kind of count: hashed, so the
    cache holds no address in the clear."""
    return f"{prefix}:{hashlib.sha256(client.encode()).hexdigest()}"


def count_so_far(key: str) -> int:
    """How many were counted under `key` in its current hour (0 when none)."""
    return cache.get(key) or 0


def count_one_more(key: str) -> int:
    """Count one more under `key` and answer the count. The hour starts with the first count; a
    key that expires between the two cache calls starts again at one."""
    cache.add(key, 0, timeout=HOUR)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=HOUR)
        return 1
