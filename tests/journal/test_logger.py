"""The workout logger: pre-fill from the last session, sets saved by client id, bad input."""

import uuid
from datetime import UTC, date, datetime

import pytest

from journal import logger
from journal.models import ExerciseSet, FormSubmission, Workout
from recovery.models import DayState
from tests.factories import (
    AthleteFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    WorkoutFactory,
)
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = date(2025, 3, 12)
LAST_WEEK = date(2025, 3, 5)


@pytest.fixture
def squat(db):
    return ExerciseFactory(name="Back squat", muscle_groups=["quads", "glutes"])


def last_session(athlete, exercise, loads=(100, 105, 110), day=LAST_WEEK):
    workout = WorkoutFactory(athlete=athlete, date=day, title="Lower A")
    for position, load in enumerate(loads):
        ExerciseSetFactory(
            workout=workout, exercise=exercise, reps=5, load_kg=load, rir=2, position=position
        )
    return workout


def started(athlete) -> Workout:
    return logger.start_workout(athlete, TODAY)


def set_data(lift, client_id=None, **fields) -> dict:
    return {
        "client_id": str(client_id or uuid.uuid4()),
        "exercise": str(lift.pk),
        "load": "100",
        "reps": "5",
        "rir": "2",
    } | fields


def test_the_grid_is_pre_filled_from_the_last_session_with_its_values_beside(
    athlete, athlete_client, squat
):
    last_session(athlete, squat, day=date(2025, 2, 1), loads=(60,))  # an older session
    last_session(athlete, squat)
    workout = started(athlete)
    block = logger.planned_block(athlete, squat, workout)
    assert [(row.load, row.reps, row.rir) for row in block.rows] == [
        (100, 5, 2),
        (105, 5, 2),
        (110, 5, 2),
    ]
    assert [row.last.load for row in block.rows] == [100, 105, 110]
    assert block.last_day == LAST_WEEK
    assert block.last_best_e1rm == pytest.approx(round(110 * (1 + 5 / 30), 1))
    response = athlete_client.get(
        f"/journal/workouts/{workout.pk}/log/exercise/", {"exercise": squat.pk}
    )
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="set-row"') == 3
    assert "last 110.0×5 @2" in response.content.decode()


def test_pre_fill_and_e1rm_follow_the_athletes_units(imperial_athlete, squat):
    last_session(imperial_athlete, squat, loads=(100,))
    block = logger.planned_block(imperial_athlete, squat, started(imperial_athlete))
    assert block.rows[0].load == 220.5  # 100 kg in lb
    assert block.last_best_e1rm == pytest.approx(round(220.5 * (1 + 5 / 30), 1))


def test_a_first_time_exercise_gets_three_rows_to_fill(athlete, squat):
    block = logger.planned_block(athlete, squat, started(athlete))
    assert [(row.load, row.reps) for row in block.rows] == [(None, 5)] * 3
    assert block.last_day is None


def test_a_ticked_set_is_saved_and_refreshes_the_day(athlete, athlete_client, squat):
    workout = started(athlete)
    response = athlete_client.post(
        f"/journal/workouts/{workout.pk}/log/set/",
        set_data(squat, load="120"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "set-done" in response.content.decode()
    saved = ExerciseSet.objects.get(workout=workout)
    assert (saved.load_kg, saved.reps, saved.rir) == (120, 5, 2)
    state = DayState.objects.get(athlete=athlete, date=TODAY)
    assert state.record["e1rm"]["Back squat"] == pytest.approx(140.0)


def test_a_resend_of_the_same_client_id_changes_the_row_never_adds_one(
    athlete, athlete_client, squat
):
    workout = started(athlete)
    client_id = uuid.uuid4()
    url = f"/journal/workouts/{workout.pk}/log/set/"
    for _ in range(3):
        assert athlete_client.post(url, set_data(squat, client_id)).status_code == 200
    athlete_client.post(url, set_data(squat, client_id, reps="6"))
    assert ExerciseSet.objects.filter(workout=workout).count() == 1
    assert ExerciseSet.objects.get(workout=workout).reps == 6
    athlete_client.post(url, set_data(squat, uuid.uuid4()))
    assert ExerciseSet.objects.filter(workout=workout).count() == 2


def test_untick_removes_the_set(athlete, athlete_client, squat):
    workout = started(athlete)
    client_id = uuid.uuid4()
    url = f"/journal/workouts/{workout.pk}/log/set/"
    athlete_client.post(url, set_data(squat, client_id))
    response = athlete_client.post(url, set_data(squat, client_id, undo="1"))
    assert response.status_code == 200
    assert not ExerciseSet.objects.filter(workout=workout).exists()
    athlete_client.post(url, set_data(squat, client_id))  # ticked again
    assert ExerciseSet.objects.filter(workout=workout).count() == 1


def test_imperial_loads_are_stored_in_kg(imperial_athlete, squat):
    workout = started(imperial_athlete)
    login(imperial_athlete).post(
        f"/journal/workouts/{workout.pk}/log/set/", set_data(squat, load="225")
    )
    assert ExerciseSet.objects.get(workout=workout).load_kg == pytest.approx(
        225 / 2.2046226218, 0.01
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"reps": "0"}, "reps", "Reps must be between 1 and 100."),
        ({"reps": "101"}, "reps", "Reps must be between 1 and 100."),
        ({"reps": "5\x00"}, "reps", "Reps are a whole number."),
        ({"load": "-5"}, "load", "Load can't be negative."),
        ({"load": "1001"}, "load", "Load must be between 0 and 1000 kg."),
        ({"load": "1e400"}, "load", "Load is a number."),
        ({"rir": "11"}, "rir", "RIR must be between 0 and 10."),
        ({"exercise": "999999"}, "exercise", "Choose an exercise from the list."),
        ({"client_id": "not-an-id\x00"}, "client_id", "Enter a valid UUID."),
    ],
)
def test_bad_set_input_is_a_400_with_the_message_beside_the_field(
    athlete, athlete_client, squat, fields, field, message
):
    workout = started(athlete)
    response = athlete_client.post(
        f"/journal/workouts/{workout.pk}/log/set/", set_data(squat, **fields)
    )
    assert response.status_code == 400
    assert f'data-field="{field}">{message}' in response.content.decode().replace("&#x27;", "'")
    assert not ExerciseSet.objects.filter(workout=workout).exists()


def test_another_athletes_client_id_is_refused(athlete, athlete_client, squat):
    taken = uuid.uuid4()
    FormSubmission.objects.create(token=taken, athlete=AthleteFactory())
    workout = started(athlete)
    response = athlete_client.post(
        f"/journal/workouts/{workout.pk}/log/set/", set_data(squat, taken)
    )
    assert response.status_code == 400
    assert not ExerciseSet.objects.exists()


def test_finish_asks_for_the_session_rpe(athlete, athlete_client):
    workout = started(athlete)
    assert workout.rpe_estimated
    url = f"/journal/workouts/{workout.pk}/log/finish/"
    response = athlete_client.post(url, {"duration_min": "45", "rpe": ""})
    assert response.status_code == 400
    assert "How hard was the whole session?" in response.content.decode()
    response = athlete_client.post(url, {"duration_min": "45", "rpe": "7"})
    assert response.status_code == 302
    workout.refresh_from_db()
    assert (workout.duration_min, float(workout.rpe), workout.rpe_estimated) == (45, 7.0, False)
    assert workout.session_load == 315


def test_the_picker_finds_by_name_or_muscle_with_recent_first(athlete, athlete_client, squat):
    lunge = ExerciseFactory(name="Walking lunge", muscle_groups=["quads"])
    ExerciseFactory(name="Bench press", muscle_groups=["chest"])
    last_session(athlete, lunge)
    found = [e.name for e in logger.search_exercises(athlete, "quads", limit=50)]
    assert found[0] == "Walking lunge"  # lifted last week: first
    assert "Back squat" in found and "Bench press" not in found
    benches = [e.name for e in logger.search_exercises(athlete, "BENCH")]
    assert "Bench press" in benches and all("bench" in name.lower() for name in benches)
    workout = started(athlete)
    url = f"/journal/workouts/{workout.pk}/log/pick/"
    assert "Back squat" in athlete_client.get(url, {"q": "squat"}).content.decode()
    assert athlete_client.get(url, {"q": "squa\x00t"}).status_code == 400  # never a 500


def test_start_from_the_page_and_the_logger_shows_done_and_planned_rows(
    athlete, athlete_client, squat
):
    last_session(athlete, squat)
    response = athlete_client.post("/journal/workouts/log/")
    workout = Workout.objects.get(athlete=athlete, date=TODAY)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/journal/workouts/{workout.pk}/log/"
    )
    assert workout.started_at == datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
    athlete_client.post(f"/journal/workouts/{workout.pk}/log/set/", set_data(squat, load="102.5"))
    page = athlete_client.get(f"/journal/workouts/{workout.pk}/log/").content.decode()
    assert page.count('data-testid="set-row"') == 3  # one done, two still to do
    assert page.count("set-row set-done") == 1
    assert 'value="102.5"' in page


def test_a_past_date_comes_from_the_page(athlete, athlete_client):
    athlete_client.post("/journal/workouts/log/?date=2025-03-10")
    assert Workout.objects.get(athlete=athlete).date == date(2025, 3, 10)
    athlete_client.post("/journal/workouts/log/?date=2025-03-20")  # future: today
    assert Workout.objects.filter(athlete=athlete, date=TODAY).exists()
    response = athlete_client.post("/journal/workouts/log/?date=99999-01-01")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/journal/workouts/{pk}/log/",
        "/journal/workouts/{pk}/log/pick/",
        "/journal/workouts/{pk}/log/exercise/",
    ],
)
def test_an_outsider_and_a_coach_get_404_for_the_athletes_logger(
    athlete, outsider_client, coach_client, path
):
    workout = started(athlete)
    assert outsider_client.get(path.format(pk=workout.pk)).status_code == 404
    assert coach_client.get(path.format(pk=workout.pk)).status_code == 404


def test_an_outsider_cannot_add_a_set(athlete, outsider_client, coach_client, squat):
    workout = started(athlete)
    url = f"/journal/workouts/{workout.pk}/log/set/"
    assert outsider_client.post(url, set_data(squat)).status_code == 404
    assert coach_client.post(url, set_data(squat)).status_code == 404
    assert not ExerciseSet.objects.exists()


def test_a_set_saved_another_way_is_changed_in_place_not_copied(athlete, athlete_client, squat):
    workout = started(athlete)
    saved = ExerciseSetFactory(workout=workout, exercise=squat, reps=5, load_kg=90)
    page = athlete_client.get(f"/journal/workouts/{workout.pk}/log/").content.decode()
    assert f'name="set" value="{saved.pk}"' in page
    url = f"/journal/workouts/{workout.pk}/log/set/"
    athlete_client.post(url, set_data(squat, load="95", set=str(saved.pk)))
    assert list(ExerciseSet.objects.filter(workout=workout).values_list("load_kg", flat=True)) == [
        95
    ]
    athlete_client.post(url, set_data(squat, undo="1", set=str(saved.pk)))
    assert not ExerciseSet.objects.filter(workout=workout).exists()


def test_a_set_of_another_workout_is_never_changed(athlete, athlete_client, squat):
    other = ExerciseSetFactory(workout=WorkoutFactory(athlete=athlete), exercise=squat, reps=3)
    workout = started(athlete)
    url = f"/journal/workouts/{workout.pk}/log/set/"
    athlete_client.post(url, set_data(squat, set=str(other.pk), undo="1"))
    athlete_client.post(url, set_data(squat, set=str(other.pk)))
    other.refresh_from_db()
    assert other.reps == 3 and ExerciseSet.objects.filter(workout=workout).count() == 1
