"""Versions that tell cached evaluations when an athlete's journal or the rules changed.

Every save or delete of a journal row bumps its athlete's version (signals wired in
recovery.apps); a change to a rule setting bumps the rules version. A cache key that holds
both versions is never stale, and nothing has to be deleted by hand.
"""

from collections.abc import Iterable

from django.core.cache import cache

RULES_KEY = "rules-version"


def athlete_key(athlete_id: int) -> str:
    return f"journal-version:{athlete_id}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def bump_athlete(athlete_id: int) -> None:
    _bump(athlete_key(athlete_id))


def bump_rules() -> None:
    _bump(RULES_KEY)


def versions(athlete_ids: Iterable[int]) -> dict[int, int]:
    """Each athlete's version, with the rules version folded in: one cache round trip."""
    ids = list(athlete_ids)
    found = cache.get_many([athlete_key(i) for i in ids] + [RULES_KEY])
    rules = found.get(RULES_KEY, 0)
    return {i: found.get(athlete_key(i), 0) * 100_000 + rules for i in ids}
