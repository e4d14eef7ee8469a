from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from journal.models import Athlete, Meal, one_version_bump
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    ExerciseSetFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 12)


def refused(factory, **fields) -> bool:
    try:
        with transaction.atomic():
            factory(**fields)
    except IntegrityError:
        return True
    return False


def test_one_check_in_per_athlete_and_day(athlete):
    CheckInFactory(athlete=athlete, date=DAY)
    assert refused(CheckInFactory, athlete=athlete, date=DAY)
    assert not refused(CheckInFactory, athlete=athlete, date=DAY - timedelta(days=1))
    assert not refused(CheckInFactory, athlete=AthleteFactory(), date=DAY)


def test_one_night_per_wake_day(athlete):
    SleepEntryFactory(athlete=athlete, date=DAY)
    assert refused(SleepEntryFactory, athlete=athlete, date=DAY)
    assert not refused(SleepEntryFactory, athlete=AthleteFactory(), date=DAY)


def test_a_night_must_end_after_it_starts(athlete):
    bedtime = datetime(2025, 3, 11, 23, tzinfo=UTC)
    assert refused(SleepEntryFactory, athlete=athlete, bedtime=bedtime, wake_time=bedtime)
    assert refused(
        SleepEntryFactory, athlete=athlete, bedtime=bedtime, wake_time=bedtime - timedelta(hours=1)
    )


@pytest.mark.parametrize(("rpe", "ok"), [(0, True), (10, True), (-1, False), (10.5, False)])
def test_workout_rpe_check(athlete, rpe, ok):
    assert refused(WorkoutFactory, athlete=athlete, rpe=rpe) is not ok


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"reps": 1}, True),
        ({"reps": 100}, True),
        ({"reps": 0}, False),
        ({"reps": 101}, False),
        ({"load_kg": 1000}, True),
        ({"load_kg": 1000.1}, False),
        ({"load_kg": -0.1}, False),
    ],
)
def test_set_checks(fields, ok):
    workout = WorkoutFactory()
    assert refused(ExerciseSetFactory, workout=workout, **fields) is not ok


def test_session_load_is_rpe_times_minutes():
    assert WorkoutFactory.build(rpe=7.5, duration_min=40).session_load == 300


def test_kcal_from_macros_uses_4_4_9():
    assert Meal.kcal_from_macros(30, 50, 10) == 4 * 30 + 4 * 50 + 9 * 10


def test_sleep_duration_is_real_time_across_a_clock_change():
    night = SleepEntryFactory.build(
        bedtime=datetime(2025, 3, 29, 23, tzinfo=UTC),  # 23:00 GMT in London
        wake_time=datetime(2025, 3, 30, 6, tzinfo=UTC),  # 07:00 BST
    )
    assert night.duration_h == 7


def test_hooper_is_the_sum_of_the_four_items():
    checkin = CheckInFactory.build(sleep_quality=1, fatigue=2, stress=3, soreness=7)
    assert checkin.hooper == 13


def test_an_entry_links_to_its_day():
    assert CheckInFactory.build(date=DAY).day_url() == "/journal/2025-03-12/"


def test_one_version_bump_moves_each_athlete_once_and_not_at_all_on_an_error(db):
    first, second = AthleteFactory(), AthleteFactory()

    def version(athlete) -> int:
        return Athlete.objects.get(pk=athlete.pk).journal_version

    before = version(first), version(second)
    with transaction.atomic(), one_version_bump():
        for _ in range(3):
            Athlete.bump_journal_version(first.pk)
        with one_version_bump():  # nested: the outer block bumps
            Athlete.bump_journal_version(second.pk)
        assert (version(first), version(second)) == before  # nothing moved yet
    assert (version(first), version(second)) == (before[0] + 1, before[1] + 1)

    with pytest.raises(RuntimeError), transaction.atomic(), one_version_bump():
        Athlete.bump_journal_version(first.pk)
        raise RuntimeError("refused")
    assert version(first) == before[0] + 1
