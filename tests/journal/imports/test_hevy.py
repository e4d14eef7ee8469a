"""Hevy's CSV export, written from the column list Hevy documents for "Export workouts"
(title, start_time, end_time, description, exercise_title, superset_id, exercise_notes,
set_index, set_type, weight_kg, reps, distance_km, duration_seconds, rpe; times such as
"15 Sep 2025, 07:48")."""

import pytest

from journal.models import Exercise, ExerciseSet, Workout
from tests.factories import WorkoutFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

COLUMNS = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe"
)
PUSH = ('"Push A"', '"15 Feb 2025, 07:48"', '"15 Feb 2025, 08:53"')
LEGS = ('"Legs"', '"18 Feb 2025, 18:02"', '"18 Feb 2025, 19:10"')


def row(workout, exercise, index, set_type, weight, reps, rpe="", seconds="") -> str:
    return ",".join(
        [*workout, '""', f'"{exercise}"', "", '""', str(index), set_type, weight, reps, "",
         seconds, rpe]
    )  # fmt: skip


ROWS = [
    row(PUSH, "Bench Press (Barbell)", 0, "warmup", "40", "10"),
    row(PUSH, "Bench Press (Barbell)", 1, "normal", "80", "5", "8"),
    row(PUSH, "Bench Press (Barbell)", 2, "failure", "80", "4", "10"),
    row(PUSH, "Bench Press (Barbell)", 3, "dropset", "60", "8", "9"),
    row(PUSH, "Plank", 0, "normal", "", "", seconds="60"),
    row(PUSH, "Zercher Carry (Barbell)", 0, "normal", "60", "20"),
    row(LEGS, "Squat (Barbell)", 0, "normal", "100", "5", "7.5"),
]
EXPORT = "\n".join([COLUMNS, *ROWS]) + "\n"


def test_workouts_with_every_set_type_kept(athlete, athlete_client):
    batch = import_file(athlete_client, EXPORT.encode(), "workouts.csv")
    assert batch.source == "hevy"
    assert (batch.counts["workouts"], batch.counts["sets"], batch.counts["warmup_sets"]) == (
        2,
        5,
        1,
    )
    push = Workout.objects.get(import_batch=batch, title="Push A")
    assert push.duration_min == 65
    sets = list(push.sets.order_by("position"))
    assert [s.set_type for s in sets] == ["warmup", "normal", "failure", "drop", "normal"]
    assert [s.rir for s in sets] == [None, 2, 0, 1, None]
    assert sets[1].exercise.name == "Bench press"
    assert sets[4].exercise.name == "Zercher Carry (Barbell)" and sets[4].exercise.owner == athlete
    assert float(push.rpe) == 9.0 and push.rpe_estimated  # mean RPE of the rated working sets
    problems = batch.preview["summary"]["problems"]
    assert problems[0]["where"] == "line 6" and "Plank" in problems[0]["message"]


def test_a_second_import_adds_nothing_and_undo_removes_the_batch(athlete, athlete_client):
    mine = WorkoutFactory(athlete=athlete, title="mine")
    batch = import_file(athlete_client, EXPORT.encode(), "workouts.csv")
    again = batch_of(upload(athlete_client, EXPORT.encode(), "workouts.csv"))
    assert again.preview["summary"]["counts"]["workouts"] == 0
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(Workout.objects.filter(athlete=athlete)) == [mine]
    assert not Exercise.objects.filter(owner=athlete).exists()
    assert not ExerciseSet.objects.exclude(workout=mine).filter(workout__athlete=athlete).exists()


def test_pounds_are_converted(athlete, athlete_client):
    export = EXPORT.replace("weight_kg", "weight_lbs")
    batch = import_file(athlete_client, export.encode(), "workouts.csv")
    squat = ExerciseSet.objects.get(workout__import_batch=batch, exercise__name="Back squat")
    assert squat.load_kg == pytest.approx(45.36, abs=0.01)
    assert "converted from lb" in " ".join(batch.preview["summary"]["notes"])


def test_a_nul_byte_in_a_name_is_a_problem_with_its_line_not_a_500(athlete_client):
    export = EXPORT.replace("Zercher Carry", "Zercher\x00Carry")
    batch = batch_of(upload(athlete_client, export.encode(), "workouts.csv"))
    problems = batch.preview["summary"]["problems"]
    assert any(p["where"] == "line 7" and "NUL" in p["message"] for p in problems)


def test_a_far_date_is_a_problem_not_a_500(athlete_client):
    export = EXPORT.replace("18 Feb 2025, 18:02", "18 Feb 9999, 18:02").replace(
        "18 Feb 2025, 19:10", "18 Feb 9999, 19:10"
    )
    batch = batch_of(upload(athlete_client, export.encode(), "workouts.csv"))
    summary = batch.preview["summary"]
    assert summary["counts"]["workouts"] == 1
    assert any("in the future" in p["message"] for p in summary["problems"])


def test_text_that_is_not_utf8_is_refused(athlete_client):
    latin = EXPORT.replace("Push A", "Poussée").encode("latin-1")
    assert "not UTF-8" in error_of(upload(athlete_client, latin, "workouts.csv"))


def test_a_nul_byte_in_a_title_drops_that_workout_with_its_line(athlete, athlete_client):
    export = EXPORT.replace('"Legs"', '"Le\x00gs"')
    batch = batch_of(upload(athlete_client, export.encode(), "workouts.csv"))
    summary = batch.preview["summary"]
    assert summary["counts"]["workouts"] == 1
    assert {
        "where": "line 8",
        "message": "Remove the NUL character (\\0): text can't hold it.",
    } in (summary["problems"])
    assert "\x00" not in str(batch.preview)
