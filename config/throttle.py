"""Attempt limits kept in the cache: share-code guesses and password-reset e-mails.

Each limit counts attempts per identity (a user, an e-mail address, a client address from
`config.middleware.client_ip`) in a fixed window that starts with the first counted attempt.
`cache.add` starts a count and `cache.incr` adds to it; both are atomic in Redis, so the app
hosts that share REDIS_URL count together. Without REDIS_URL each process counts on its own
(docs/deploy.md, "Throttling and proxies"). Log-ins are limited by django-axes instead.
"""

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most `attempts` per identity within `window`."""

    name: str
    attempts: int
    window: timedelta

    @property
    def window_seconds(self) -> int:
        return int(self.window.total_seconds())

    def key(self, identity: str) -> str:
        # Hashed: identities include e-mail addresses, and a cache key must be short and plain.
        digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
        return f"throttle:{self.name}:{digest}"


SHARE_CODE_FAILURES_PER_USER = Limit("share-code-user", 10, timedelta(minutes=15))
SHARE_CODE_FAILURES_PER_ADDRESS = Limit("share-code-address", 20, timedelta(minutes=15))
PASSWORD_RESETS_PER_EMAIL = Limit("password-reset-email", 3, timedelta(hours=1))
PASSWORD_RESETS_PER_ADDRESS = Limit("password-reset-address", 10, timedelta(hours=1))

Count = tuple[Limit, str]  # a limit and the identity it counts for


def count_attempt(*counts: Count) -> Limit | None:
    """Counts one attempt against each (limit, identity). Gives None when every count is
    within its limit; otherwise the first limit the attempt went over, and then it counts
    against none of them (a refused attempt uses nothing up).

    Counting before the attempt is made, rather than checking and counting after, means
    concurrent attempts on several hosts cannot all slip under the limit together.
    """
    counted: list[Count] = []
    for limit, identity in counts:
        counted.append((limit, identity))
        if _add_one(limit, identity) > limit.attempts:
            refund(*counted)
            return limit
    return None


def refund(*counts: Count) -> None:
    """Takes back one attempt from each (limit, identity): it turned out not to count (a
    share code that worked)."""
    for limit, identity in counts:
        # ValueError: the window ended meanwhile, so there is nothing left to take back.
        with contextlib.suppress(ValueError):
            cache.decr(limit.key(identity))


def _add_one(limit: Limit, identity: str) -> int:
    key = limit.key(identity)
    if cache.add(key, 1, limit.window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: this attempt opens the next
        cache.add(key, 1, limit.window_seconds)
        return 1
