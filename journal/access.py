"""The one place that answers "may this user see or change this athlete's journal?".

Every view that shows or edits athlete data goes through a function here. They return
the object or raise: Http404 for anyone with no right to see it (so outsiders learn
nothing, not even that it exists), PermissionDenied (403) for a coach who may look
but tried to write.
"""

from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from journal.models import Athlete, CheckIn, CoachLink, ImportBatch, SleepEntry, Workout


@dataclass(frozen=True)
class AthleteAccess:
    athlete: Athlete
    is_owner: bool
    can_manage: bool
    link: CoachLink | None = None

    @property
    def is_coach(self) -> bool:
        return not self.is_owner

    def require_manage(self) -> None:
        """Raise 403 unless this user may change the athlete's targets and notes."""
        if not self.can_manage:
            raise PermissionDenied("Your access to this athlete is view-only.")

    def readable_note(self, entry: Workout | SleepEntry | CheckIn | None) -> str:
        """The free-text note of a workout, night or check-in as this user may read it: the
        athlete's own always, a coach's only when the athlete shared it; "" otherwise (and
        for no entry)."""
        if entry is None:
            return ""
        if isinstance(entry, CheckIn):
            note, shared = entry.note, entry.note_shared
        else:
            note, shared = entry.notes, entry.notes_shared
        return note if note and (self.is_owner or shared) else ""


User = AbstractBaseUser | AnonymousUser


def own_athlete(user: User) -> Athlete:
    """The signed-in user's own athlete profile, or 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return user.athlete
    except Athlete.DoesNotExist:
        raise Http404("This account has no athlete profile.") from None


def own_athlete_or_none(user: User) -> Athlete | None:
    """The signed-in user's athlete profile, or None for an account without a journal (a
    coach who does not log, say). Only for the user's own settings pages."""
    try:
        return own_athlete(user)
    except Http404:
        return None


def own_access(user: User) -> AthleteAccess:
    return AthleteAccess(athlete=own_athlete(user), is_owner=True, can_manage=True)


def active_links(user: User) -> QuerySet[CoachLink]:
    """The links through which this user coaches someone right now."""
    return CoachLink.objects.filter(coach=user, status=CoachLink.Status.ACTIVE)


def coach_links(user: User) -> QuerySet[CoachLink]:
    """This user's links as a coach that are active or still pending."""
    return CoachLink.objects.filter(
        coach=user, status__in=[CoachLink.Status.ACTIVE, CoachLink.Status.PENDING]
    )


def athlete_access(user: User, public_id: UUID | str) -> AthleteAccess:
    """Access to the athlete with this public id: as owner or as an active coach, else 404."""
    if not user.is_authenticated:
        raise Http404
    link = (
        CoachLink.objects.select_related("athlete", "athlete__user")
        .filter(Q(athlete__public_id=public_id), coach=user, status=CoachLink.Status.ACTIVE)
        .first()
    )
    if link is not None:
        return AthleteAccess(
            athlete=link.athlete,
            is_owner=False,
            can_manage=link.access == CoachLink.Access.MANAGE,
            link=link,
        )
    athlete = getattr(user, "athlete", None)
    if athlete is not None and str(athlete.public_id) == str(public_id):
        return AthleteAccess(athlete=athlete, is_owner=True, can_manage=True)
    raise Http404


def coach_access(user: User, public_id: UUID | str) -> AthleteAccess:
    """Access to the athlete with this public id as their active coach, else 404: the coach's
    pages and the coach API. The athlete themselves gets 404 too, as their own dashboards
    live at /today/ and their own API at /api/v1/."""
    acc = athlete_access(user, public_id)
    if acc.is_owner:
        raise Http404
    return acc


M = TypeVar("M", bound=Model)


def own_entry(user: User, model: type[M], pk: int, lock: bool = False) -> M:
    """One of the user's own journal entries, or 404. Only the owner edits entries.

    `lock` (inside a transaction) holds the row until it commits, so an edit and a delete
    of the same entry take turns, and the later one finds the entry as the first left it."""
    athlete = own_athlete(user)
    entries = model.objects.select_for_update() if lock else model.objects
    try:
        return entries.get(pk=pk, athlete=athlete)
    except model.DoesNotExist:
        raise Http404 from None


def own_import(user: User, pk: int, lock: bool = False) -> ImportBatch:
    """One of the user's own import batches, or 404: only the athlete who imported sees or
    undoes an import, never a coach. `lock` holds the row until the transaction commits."""
    athlete = own_athlete(user)
    batches = ImportBatch.objects.select_for_update(of=("self",)) if lock else ImportBatch.objects
    try:
        return batches.select_related("athlete").get(pk=pk, athlete=athlete)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def is_coach(user: User) -> bool:
    """Whether the navigation shows Coach: an active link or a pending invitation. Only the
    navigation uses this, never an access decision. The user of a request arrives with the
    answer (journal.auth); any other user costs a query."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "coaches_anyone", None)
    return known if known is not None else coach_links(user).exists()


def own_link(user: User, link_id: int) -> CoachLink:
    """One of the athlete's own coach links (any status), or 404."""
    athlete = own_athlete(user)
    try:
        return CoachLink.objects.select_related("coach").get(pk=link_id, athlete=athlete)
    except CoachLink.DoesNotExist:
        raise Http404 from None


def invitation_for(user: User, link_id: int) -> CoachLink:
    """A pending invitation addressed to this user as coach, or 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return CoachLink.objects.select_related("athlete").get(
            pk=link_id, coach=user, status=CoachLink.Status.PENDING
        )
    except CoachLink.DoesNotExist:
        raise Http404 from None
