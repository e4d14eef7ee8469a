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


def test_rule_changes_move_every_athletes_key_once_committed(django_capture_on_commit_callbacks):
    first, second = AthleteFactory(), AthleteFactory()
    cache.clear()
    before = freshness.versions([first, second])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        RuleSetting.objects.create(code="sleep.debt", params={"debt_h": 4})
        assert freshness.versions([first, second]) == before  # not before the commit
    assert len(callbacks) == 1
    after = freshness.versions([first, second])
    assert before[first.pk] != after[first.pk] and before[second.pk] != after[second.pk]


def test_deleting_a_workout_moves_the_version_once_not_per_set(
    athlete, django_assert_max_num_queries
):
    workout = WorkoutFactory(athlete=athlete)
    for _ in range(10):
        ExerciseSetFactory(workout=workout)
    before = version_of(athlete)
    with django_assert_max_num_queries(8):
        workout.delete()
    assert version_of(athlete) == before + 1


def test_the_window_starts_from_the_latest_body_mass_before_it(athlete):
    from datetime import timedelta

    from recovery.window import load_input

    CheckInFactory(athlete=athlete, date=athlete.today() - timedelta(days=200), body_mass_kg=70)
    CheckInFactory(athlete=athlete, date=athlete.today() - timedelta(days=100), body_mass_kg=72)
    inp = load_input(athlete)
    assert inp.days[0].body_mass_kg == 72
    assert not any(record.checkin for record in inp.days)
