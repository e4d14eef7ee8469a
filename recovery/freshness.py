"""Versions that tell cached pages when an athlete's journal or the rules changed.

Every save or delete of a journal row bumps its athlete's `journal_version` in the database
(signals wired in recovery.apps), so every app process and server sees the new number with
the athlete row it loads anyway. A change to a rule setting bumps a rules version kept in
the cache: shared at once through Redis, and per process otherwise (cached pages expire
after PAGE_CACHE_SECONDS). A cache key holding both versions is never stale, and nothing has
to be deleted by hand.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import F

from journal.models import Athlete

RULES_KEY = "rules-version"


def bump_athlete(athlete_id: int) -> None:
    Athlete.objects.filter(pk=athlete_id).update(journal_version=F("journal_version") + 1)


def bump_rules() -> None:
    try:
        cache.incr(RULES_KEY)
    except ValueError:
        cache.set(RULES_KEY, 1, timeout=None)


def versions(athletes: Iterable[Athlete]) -> dict[int, str]:
    """Each athlete's version as loaded with the athlete, with the rules version folded in."""
    rules = cache.get(RULES_KEY, 0)
    return {athlete.pk: f"{athlete.journal_version}.{rules}" for athlete in athletes}
