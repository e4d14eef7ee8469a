import pytest
from django.core.cache import cache

from journal.models import Athlete
from recovery import freshness
from recovery.models import CoachNote, RuleSetting
from tests.factories import AthleteFactory, CheckInFactory, ExerciseSetFactory, WorkoutFactory

pytestmark = pytest.mark.django_db


def version_of(athlete) -> int:
    return Athlete.objects.get(pk=athlete.pk).journal_version


def test_every_journal_write_moves_the_athletes_version_in_the_database(athlete):
    seen = [version_of(athlete)]
    workout = WorkoutFactory(athlete=athlete)
    seen.append(version_of(athlete))
    ExerciseSetFactory(workout=workout)
    seen.append(version_of(athlete))
    checkin = CheckInFactory(athlete=athlete)
    seen.append(version_of(athlete))
    checkin.delete()
    seen.append(version_of(athlete))
    CoachNote.objects.create(athlete=athlete, author=athlete.user, date=athlete.today(), text="x")
    seen.append(version_of(athlete))
    assert seen == sorted(set(seen)), seen  # strictly rising


def test_a_stale_instance_never_writes_an_old_version_back(athlete):
    stale = Athlete.objects.get(pk=athlete.pk)
    WorkoutFactory(athlete=athlete)
    WorkoutFactory(athlete=athlete)
    current = version_of(athlete)
    stale.display_name = "Renamed"
    stale.save()  # the profile save itself is a change, so the version moves on
    assert version_of(athlete) == current + 1
    assert Athlete.objects.get(pk=athlete.pk).display_name == "Renamed"


def test_rule_changes_move_every_athletes_key():
    first, second = AthleteFactory(), AthleteFactory()
    cache.clear()
    before = freshness.versions([first, second])
    RuleSetting.objects.create(code="sleep.debt", params={"debt_h": 4})
    after = freshness.versions([first, second])
    assert before[first.pk] != after[first.pk] and before[second.pk] != after[second.pk]
