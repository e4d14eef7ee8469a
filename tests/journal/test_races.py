"""Concurrent writes to one entry, on PostgreSQL (SQLite serialises writers, so there is no
race to test there): edits take turns on the entry's lock, and a double submit saves once."""

import threading
import uuid
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from journal.models import ExerciseSet, Meal, Workout
from tests.factories import ExerciseFactory, ExerciseSetFactory, MealFactory, WorkoutFactory
from tests.journal.conftest import login
from tests.journal.test_workout_views import TODAY, a_set, workout_data

DAY = date.fromisoformat(TODAY)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")


def at_once(count: int, request: Callable[[int], object]) -> list[int]:
    """Run `request(i)` in `count` threads released together; the status codes."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=20)
            statuses.append(request(index).status_code)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return statuses


def test_concurrent_edits_of_a_workout_end_with_the_sets_of_one_edit(athlete):
    squat = ExerciseFactory(name="Back squat")
    workout = WorkoutFactory(athlete=athlete, date=DAY)
    existing = [ExerciseSetFactory(workout=workout, exercise=squat, position=i) for i in range(3)]
    clients = [login(athlete) for _ in range(10)]

    def edit(index: int):
        # Each edit keeps the three sets and adds one of its own, as a page loaded before
        # any of them saved would.
        rows = [{"id": s.pk, **a_set(squat, "5", str(100 + index))} for s in existing]
        rows.append(a_set(squat, "3", str(200 + index)))
        data = workout_data(rows, initial_sets=3)
        return clients[index].post(f"/journal/workouts/{workout.pk}/edit/", data)

    assert at_once(10, edit) == [302] * 10
    sets = list(ExerciseSet.objects.filter(workout=workout).order_by("position"))
    assert len(sets) == 4  # not 13: exactly the sets of the last edit
    winner = int(sets[-1].load_kg) - 200
    assert [s.load_kg for s in sets[:3]] == [100 + winner] * 3


def test_a_double_submit_of_a_new_workout_saves_one(athlete):
    squat = ExerciseFactory(name="Back squat")
    token = str(uuid.uuid4())
    clients = [login(athlete) for _ in range(10)]
    data = workout_data([a_set(squat)], submission=token)

    statuses = at_once(10, lambda i: clients[i].post("/journal/workouts/new/", data))

    assert statuses == [302] * 10
    assert Workout.objects.filter(athlete=athlete).count() == 1
    assert ExerciseSet.objects.filter(workout__athlete=athlete).count() == 1


def test_a_double_submit_of_a_new_meal_saves_one(athlete):
    token = str(uuid.uuid4())
    clients = [login(athlete) for _ in range(6)]
    data = {
        "date": TODAY,
        "time": "12:30",
        "kind": "lunch",
        "description": "Rice and eggs",
        "protein_g": "30",
        "carbs_g": "80",
        "fat_g": "15",
        "kcal": "600",
        "submission": token,
    }

    statuses = at_once(6, lambda i: clients[i].post("/journal/meals/new/", data))

    assert statuses == [302] * 6
    assert Meal.objects.filter(athlete=athlete).count() == 1


@pytest.mark.parametrize("edits", [1, 5])
def test_edits_racing_a_delete_never_fail_or_bring_the_workout_back(athlete, edits):
    squat = ExerciseFactory(name="Back squat")
    workout = WorkoutFactory(athlete=athlete, date=DAY)
    ExerciseSetFactory(workout=workout, exercise=squat)
    clients = [login(athlete) for _ in range(edits + 1)]
    data = workout_data([a_set(squat)], title="Edited")

    def act(index: int):
        if index == 0:
            return clients[0].post(f"/journal/workouts/{workout.pk}/delete/")
        return clients[index].post(f"/journal/workouts/{workout.pk}/edit/", data)

    statuses = at_once(edits + 1, act)

    assert 500 not in statuses
    assert set(statuses) <= {302, 404}
    assert not Workout.objects.filter(pk=workout.pk).exists()
    assert not ExerciseSet.objects.filter(workout_id=workout.pk).exists()


def test_two_deletes_of_one_meal_delete_it_once(athlete):
    meal = MealFactory(athlete=athlete, date=DAY)
    clients = [login(athlete) for _ in range(2)]

    statuses = at_once(2, lambda i: clients[i].post(f"/journal/meals/{meal.pk}/delete/"))

    assert sorted(statuses) == [302, 404]
    assert not Meal.objects.filter(pk=meal.pk).exists()
