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
from django.db import transaction

from journal.models import Athlete

RULES_KEY = "rules-version"
RULE_SETTINGS_CACHE_KEY = "rule-settings:v1"


def bump_athlete(athlete_id: int) -> None:
    Athlete.bump_journal_version(athlete_id)


def rules_changed() -> None:
    """Drop the cached rule settings, then move the rules version, once the change commits:
    done earlier, a request could cache the old settings under the new version."""

    def forget() -> None:
        cache.delete(RULE_SETTINGS_CACHE_KEY)
        try:
            cache.incr(RULES_KEY)
        except ValueError:
            cache.set(RULES_KEY, 1, timeout=None)

    transaction.on_commit(forget)


def versions(athletes: Iterable[Athlete]) -> dict[int, str]:
    """Each athlete's version as loaded with the athlete, with the rules version folded in."""
    rules = cache.get(RULES_KEY, 0)
    return {athlete.pk: f"{athlete.journal_version}.{rules}" for athlete in athletes}
