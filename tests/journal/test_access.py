"""journal.access: the coach's access to an athlete and the notes it may read."""

import pytest
from django.http import Http404

from journal import access
from journal.models import CheckIn, SleepEntry, Workout
from tests.factories import CoachLinkFactory

pytestmark = pytest.mark.django_db


def test_coach_access_is_for_an_active_coach_only(athlete):
    link = CoachLinkFactory(athlete=athlete, access="view")
    acc = access.coach_access(link.coach, athlete.public_id)
    assert acc.athlete == athlete and acc.is_coach and not acc.can_manage
    with pytest.raises(Http404):  # the athlete's own dashboards are elsewhere
        access.coach_access(athlete.user, athlete.public_id)
    with pytest.raises(Http404):
        access.coach_access(CoachLinkFactory().coach, athlete.public_id)


@pytest.mark.parametrize(
    "entry",
    [
        Workout(notes="felt heavy", notes_shared=False),
        SleepEntry(notes="woke at 3", notes_shared=False),
        CheckIn(note="stressed", note_shared=False),
    ],
    ids=["workout", "sleep", "checkin"],
)
def test_a_note_is_the_athletes_unless_shared(athlete, entry):
    owner = access.own_access(athlete.user)
    coach = access.coach_access(CoachLinkFactory(athlete=athlete).coach, athlete.public_id)
    text = entry.note if isinstance(entry, CheckIn) else entry.notes
    assert owner.readable_note(entry) == text
    assert coach.readable_note(entry) == ""
    if isinstance(entry, CheckIn):
        entry.note_shared = True
    else:
        entry.notes_shared = True
    assert coach.readable_note(entry) == text
    assert coach.readable_note(None) == owner.readable_note(None) == ""
