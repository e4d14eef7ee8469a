"""The one cache Rebound keeps, and its key format.

Pages read day states (recovery.states) and need no page cache. What is left is derived
HTML that costs more to make than to fetch: a guidance article rendered from its markdown.
Every key carries SCHEMA: raise it when a cached value changes shape, so that a deploy never
hands new code a value cached by the old (a shared Redis outlives the app processes).
"""

from collections.abc import Callable

from django.core.cache import cache

SCHEMA = 1


def key(kind: str, *parts: object) -> str:
    """`rebound:<schema>:<kind>:<part>:<part>…`, e.g. rebound:1:guidance-html:12:1733050000.0"""
    return ":".join(["rebound", str(SCHEMA), kind, *map(str, parts)])


def get_or_make(kind: str, parts: tuple, make: Callable[[], str], timeout: int | None) -> str:
    """The cached value under this kind and these parts, made and stored when missing."""
    cache_key = key(kind, *parts)
    value = cache.get(cache_key)
    if value is None:
        value = make()
        cache.set(cache_key, value, timeout=timeout)
    return value
