"""The journal's one hook: `journal_changed`, sent once per athlete for the writes of a
transaction, and the queryset that announces a bulk delete once."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import models, transaction
from django.dispatch import Signal

from journal.models.people import Athlete

# Sent once per athlete for the journal writes of a transaction: `athlete_id`, and
# `from_day`, the earliest day whose records changed (None: every day, as after a change to
# the profile). The journal owns the hook; recovery refreshes its day states from it.
journal_changed = Signal()

_pending_changes: ContextVar[dict[int, date | None] | None] = ContextVar(
    "pending_changes", default=None
)


def _earliest(a: date | None, b: date | None, first: bool) -> date | None:
    if first:
        return b
    if a is None or b is None:
        return None
    return min(a, b)


def note_change(athlete_id: int, from_day: date | None) -> None:
    """Announce that the athlete's journal changed from `from_day` on (None: every day):
    now, or at the end of the enclosing `one_refresh` block."""
    pending = _pending_changes.get()
    if pending is not None:
        pending[athlete_id] = _earliest(
            pending.get(athlete_id), from_day, first=athlete_id not in pending
        )
        return
    journal_changed.send(sender=Athlete, athlete_id=athlete_id, from_day=from_day)


@contextmanager
def one_refresh() -> Iterator[None]:
    """Announce each athlete's changes once, from the earliest day changed, for all the
    writes inside: a workout saved with twelve sets is one refresh, not thirteen.

    Use it inside `transaction.atomic()`, so that the refresh commits with the writes. When
    the block raises, nothing is announced: the transaction rolls back with it.
    """
    if _pending_changes.get() is not None:  # nested: the outer block announces
        yield
        return
    pending: dict[int, date | None] = {}
    token = _pending_changes.set(pending)
    try:
        yield
    finally:
        _pending_changes.reset(token)
    for athlete_id in sorted(pending):
        journal_changed.send(sender=Athlete, athlete_id=athlete_id, from_day=pending[athlete_id])


class JournalQuerySet(models.QuerySet):
    """Journal rows. A queryset delete announces each athlete's change once, not once per
    row deleted (admin actions, resets)."""

    def delete(self):
        with transaction.atomic(using=self.db), one_refresh():
            return super().delete()
