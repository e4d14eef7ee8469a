from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from journal.models import Meal, journal_changed, note_change, one_refresh
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


def test_one_refresh_announces_each_athlete_once_from_the_earliest_day(db):
    first, second = AthleteFactory(), AthleteFactory()
    heard: list[tuple[int, date | None]] = []

    def listen(sender, athlete_id, from_day, **kwargs):
        heard.append((athlete_id, from_day))

    journal_changed.connect(listen, dispatch_uid="test-listen")
    try:
        with transaction.atomic(), one_refresh():
            note_change(first.pk, DAY)
            note_change(first.pk, DAY - timedelta(days=3))
            with one_refresh():  # nested: the outer block announces
                note_change(second.pk, DAY)
                note_change(second.pk, None)  # every day wins over any one day
            assert heard == []  # nothing announced yet
        assert heard == [(first.pk, DAY - timedelta(days=3)), (second.pk, None)]

        heard.clear()
        with pytest.raises(RuntimeError), transaction.atomic(), one_refresh():
            note_change(first.pk, DAY)
            raise RuntimeError("refused")
        assert heard == []
    finally:
        journal_changed.disconnect(dispatch_uid="test-listen")


def test_moving_an_entry_announces_the_earlier_of_its_two_days(db):
    workout = WorkoutFactory(date=DAY)
    heard = []
    journal_changed.connect(
        lambda sender, athlete_id, from_day, **kw: heard.append(from_day),
        dispatch_uid="move",
        weak=False,
    )
    try:
        loaded = type(workout).objects.get(pk=workout.pk)
        loaded.date = DAY + timedelta(days=5)
        loaded.save()
        loaded.date = DAY - timedelta(days=5)
        loaded.save()
    finally:
        journal_changed.disconnect(dispatch_uid="move")
    assert heard == [DAY, DAY - timedelta(days=5)]
