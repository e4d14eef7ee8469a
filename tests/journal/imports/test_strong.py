"""Strong's CSV export: the real sample, and fixtures written from Strong's two layouts."""

from datetime import timedelta

import pytest

from journal.models import Exercise, ExerciseSet, ImportBatch, Workout
from tests.factories import ExerciseSetFactory, WorkoutFactory
from tests.journal.imports.conftest import batch_of, confirm, error_of, import_file, sample, upload

pytestmark = pytest.mark.django_db

# The older layout (semicolons, unit columns, no duration), as Strong wrote it until 2021.
LEGACY = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes\n"
    '2025-01-11 12:31:54;"Leg";"Deadlift (Barbell)";W;135;lbs;5;;;;0;"";""\n'
    '2025-01-11 12:31:54;"Leg";"Deadlift (Barbell)";1;225;lbs;5;8;;;0;"";""\n'
    '2025-01-11 12:31:54;"Leg";"Deadlift (Barbell)";2;225;lbs;4;9.5;;;0;"";""\n'
    '2025-01-11 12:31:54;"Leg";"Plank";1;0;lbs;0;;;;60;"";""\n'
)


def test_the_real_export_becomes_workouts_with_every_set(athlete, athlete_client):
    content = sample("csv/strong.csv")
    batch = import_file(athlete_client, content, "strong.csv")
    assert batch.source == "strong"
    assert batch.counts["workouts"] == 15
    assert batch.counts["sets"] == 250
    assert Workout.objects.filter(athlete=athlete, import_batch=batch).count() == 15
    assert ExerciseSet.objects.filter(workout__athlete=athlete).count() == 250
    first = Workout.objects.get(athlete=athlete, title="B")
    assert first.kind == "strength"
    assert first.duration_min == 35
    assert first.started_at.astimezone(athlete.tz).strftime("%Y-%m-%d %H:%M") == "2024-11-28 17:36"
    assert first.rpe_estimated  # Strong rates no session: the athlete's value, marked


def test_exercises_match_the_catalogue_by_name_and_equipment(athlete, athlete_client):
    import_file(athlete_client, sample("csv/strong.csv"), "strong.csv")
    lifted = set(
        ExerciseSet.objects.filter(workout__athlete=athlete).values_list(
            "exercise__name", "exercise__owner"
        )
    )
    assert ("Back squat", None) in lifted  # Squat (Barbell)
    assert ("Leg press", None) in lifted  # Leg Press, the same name
    assert ("Seated cable row", None) in lifted  # Seated Row (Cable)
    assert ("Squat (Dumbbell)", athlete.pk) in lifted  # other equipment: another lift
    assert not Exercise.objects.filter(owner=None, name="Squat (Dumbbell)").exists()


def test_a_second_import_of_the_same_file_adds_nothing(athlete, athlete_client):
    content = sample("csv/strong.csv")
    import_file(athlete_client, content, "strong.csv")
    again = batch_of(upload(athlete_client, content, "strong.csv"))
    summary = again.preview["summary"]
    assert summary["counts"]["workouts"] == 0
    assert summary["duplicate_count"] == 15
    assert any("same file" in note for note in summary["notes"])
    page = athlete_client.get(f"/settings/data/import/{again.pk}/")
    assert b"Duplicates, skipped" in page.content
    assert Workout.objects.filter(athlete=athlete).count() == 15


def test_undo_removes_exactly_the_batch(athlete, athlete_client):
    mine = WorkoutFactory(athlete=athlete, date=athlete.today() - timedelta(days=3), title="mine")
    ExerciseSetFactory(workout=mine)
    batch = import_file(athlete_client, sample("csv/strong.csv"), "strong.csv")
    own = set(Exercise.objects.filter(owner=athlete).values_list("pk", flat=True))
    assert own
    response = athlete_client.post(f"/settings/data/import/{batch.pk}/undo/", follow=True)
    assert "removed 15 workouts (250 sets)" in response.content.decode()
    assert list(Workout.objects.filter(athlete=athlete)) == [mine]
    assert ExerciseSet.objects.filter(workout__athlete=athlete).count() == 1
    assert not Exercise.objects.filter(pk__in=own).exists()
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def test_undo_keeps_an_own_exercise_still_lifted_by_hand(athlete, athlete_client):
    batch = import_file(athlete_client, sample("csv/strong.csv"), "strong.csv")
    own = Exercise.objects.get(owner=athlete, name="Squat (Dumbbell)")
    ExerciseSetFactory(workout=WorkoutFactory(athlete=athlete, title="by hand"), exercise=own)
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    own.refresh_from_db()
    assert own.import_batch is None
    assert Workout.objects.get(athlete=athlete).title == "by hand"


def test_the_older_layout_converts_pounds_keeps_warm_ups_and_turns_rpe_into_rir(
    athlete, athlete_client
):
    batch = import_file(athlete_client, LEGACY.encode(), "strong.csv")
    workout = Workout.objects.get(import_batch=batch)
    sets = list(workout.sets.order_by("position"))
    assert [s.set_type for s in sets] == ["warmup", "normal", "normal"]
    assert sets[1].load_kg == pytest.approx(102.06, abs=0.01)  # 225 lb
    assert [s.rir for s in sets] == [None, 2, 0]  # RIR = 10 − RPE (9.5 rounds to 0)
    assert float(workout.rpe) == pytest.approx(8.8)  # the sets' mean RPE, as an estimate
    assert workout.rpe_estimated
    assert batch.counts == batch.counts | {"sets": 2, "warmup_sets": 1}
    problems = batch.preview["summary"]["problems"]
    assert any(p["where"] == "line 5" and "Plank" in p["message"] for p in problems)


def test_the_athlete_may_change_a_match_and_rate_unrated_sessions(athlete, athlete_client):
    batch = batch_of(upload(athlete_client, sample("csv/strong.csv"), "strong.csv"))
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/")
    form = page.context["form"]
    field = next(f for f in form.exercise_fields() if f.label == "Squat (Dumbbell)")
    goblet = Exercise.objects.get(owner=None, name="Goblet squat")
    data = {f.html_name: f.value() for f in form.exercise_fields()}
    data[field.html_name] = str(goblet.pk)
    confirm(athlete_client, batch, default_rpe="7.5", **data)
    assert ExerciseSet.objects.filter(workout__athlete=athlete, exercise=goblet).count() == 8
    assert not Exercise.objects.filter(owner=athlete, name="Squat (Dumbbell)").exists()
    rpes = Workout.objects.filter(athlete=athlete).values_list("rpe", flat=True)
    assert {float(rpe) for rpe in rpes} == {7.5}


def test_a_csv_from_another_app_is_refused_beside_the_field(athlete_client):
    content = b"date,steps,calories\n2025-01-01,9000,2100\n"
    assert "not an export Rebound reads" in error_of(upload(athlete_client, content, "steps.csv"))


def test_an_empty_csv_is_refused(athlete_client):
    assert "empty" in error_of(upload(athlete_client, b"", "strong.csv"))
    header_only = LEGACY.split("\n")[0].encode() + b"\n"
    assert "no rows" in error_of(upload(athlete_client, header_only, "strong.csv"))


def test_a_row_that_is_not_a_date_is_reported_with_its_line(athlete_client):
    content = LEGACY.replace(
        '2025-01-11 12:31:54;"Leg";"Deadlift (Barbell)";2', 'soon;"Leg";"Deadlift (Barbell)";2'
    )
    batch = batch_of(upload(athlete_client, content.encode(), "strong.csv"))
    problems = batch.preview["summary"]["problems"]
    assert {
        "where": "line 4",
        "message": "“soon” is not a date and time Rebound reads.",
    } in problems


@pytest.mark.parametrize("cut", ["first-bytes", "short-row"])
def test_a_cut_off_file_or_a_short_row_is_a_problem_line_not_a_500(athlete_client, cut):
    if cut == "first-bytes":
        content = LEGACY.encode()[: len(LEGACY.split("\n")[0]) + 40]  # the header, part of a row
    else:
        lines = LEGACY.split("\n")
        content = "\n".join([*lines[:2], '2025-01-12 09:00:00;"Legs"', *lines[2:]]).encode()
    athlete_client.raise_request_exception = False
    response = upload(athlete_client, content, "strong.csv")
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        problems = batch_of(response).preview["summary"]["problems"]
        assert any(problem["where"].startswith("line ") for problem in problems)


def test_a_row_longer_than_the_header_is_refused_with_its_line_not_a_500(athlete_client):
    lines = LEGACY.split("\n")
    long_row = lines[2] + ';"surplus"'
    content = "\n".join([*lines[:2], long_row, *lines[3:]]).encode()
    athlete_client.raise_request_exception = False
    response = upload(athlete_client, content, "strong.csv")
    assert response.status_code == 400
    assert "Line 3 has 14 values but the header has 13 columns" in error_of(response)


def test_empty_values_past_the_header_are_ignored(athlete_client):
    content = "\n".join(line + ";;" if line else line for line in LEGACY.split("\n")[1:])
    content = LEGACY.split("\n")[0] + "\n" + content
    batch = batch_of(upload(athlete_client, content.encode(), "strong.csv"))
    plain = batch_of(upload(athlete_client, LEGACY.encode(), "strong.csv"))
    assert batch.preview["summary"] == plain.preview["summary"]
