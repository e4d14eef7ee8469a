from datetime import UTC, date, datetime
from html import escape

import pytest
from django.test import Client

from journal.models import ExerciseSet, Workout
from recovery.models import DayState
from tests.factories import (
    AthleteFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    WorkoutFactory,
)
from tests.journal.conftest import login
from tests.recovery.conftest import fill_journal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = "2025-03-12"


def workout_data(sets: list[dict] | None = None, initial_sets: int = 0, **fields) -> dict:
    data = {
        "date": TODAY,
        "time": "07:30",
        "kind": "strength",
        "title": "Lower A",
        "duration_min": "60",
        "rpe": "7",
        "notes": "",
        "sets-TOTAL_FORMS": str(len(sets or [])),
        "sets-INITIAL_FORMS": str(initial_sets),
        "sets-MIN_NUM_FORMS": "0",
        "sets-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(sets or []):
        for key, value in row.items():
            data[f"sets-{index}-{key}"] = value
    return data | fields


@pytest.fixture
def squat(db):
    return ExerciseFactory(name="Back squat")


def a_set(exercise, reps="5", load="100", rir="") -> dict:
    return {"exercise": str(exercise.pk), "reps": reps, "load": load, "rir": rir}


def test_new_form_starts_today_with_one_set_row(athlete_client):
    response = athlete_client.get("/journal/workouts/new/")
    assert response.status_code == 200
    assert response.context["form"]["date"].value() == date(2025, 3, 12)
    assert response.context["formset"].total_form_count() == 1
    assert b'hx-get="/journal/workouts/set-row/"' in response.content


def test_new_form_takes_the_day_from_the_query(athlete_client):
    response = athlete_client.get("/journal/workouts/new/?date=2025-03-01")
    assert response.context["form"]["date"].value() == date(2025, 3, 1)


@pytest.mark.parametrize("bad", ["2025-03-13", "nonsense", "2025-02-30"])
def test_new_form_ignores_a_future_or_malformed_query_date(athlete_client, bad):
    response = athlete_client.get(f"/journal/workouts/new/?date={bad}")
    assert response.context["form"]["date"].value() == date(2025, 3, 12)


def test_saves_a_workout_with_its_sets_and_goes_to_the_day(athlete, athlete_client, squat):
    data = workout_data([a_set(squat, "5", "100", "2"), a_set(squat, "3", "110")])
    response = athlete_client.post("/journal/workouts/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/journal/2025-03-12/"
    workout = Workout.objects.get(athlete=athlete)
    assert workout.started_at == datetime(2025, 3, 12, 7, 30, tzinfo=UTC)
    assert workout.session_load == 420
    sets = list(workout.sets.all())
    assert [(s.reps, s.load_kg, s.rir, s.position) for s in sets] == [
        (5, 100, 2, 0),
        (3, 110, None, 1),
    ]


def test_a_workout_with_sets_refreshes_the_day_states_once(athlete, athlete_client, squat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = workout_data([a_set(squat, "5", "100"), a_set(squat, "5", "105"), a_set(squat, "3")])
    with CaptureQueriesContext(connection) as queries:
        assert athlete_client.post("/journal/workouts/new/", data).status_code == 302
    upserts = [q["sql"] for q in queries.captured_queries if 'INTO "recovery_daystate"' in q["sql"]]
    assert len(upserts) == 1, upserts
    state = DayState.objects.get(athlete=athlete, date=athlete.today())
    assert state.record["e1rm"] == {squat.name: pytest.approx(105 * (1 + 5 / 30))}
    assert state.entries["workouts"][0]["sets"] == 3


@pytest.mark.parametrize("history_weeks", [0, 52])
def test_a_workout_with_twelve_sets_is_a_fixed_number_of_queries(
    athlete, athlete_client, squat, history_weeks, django_assert_max_num_queries
):
    """Cold: the save, then the refresh of today's state; not one query per set, and not
    more with a year of history behind it."""
    if history_weeks:
        fill_journal(athlete, weeks=history_weeks)
    sets = [a_set(squat, "5", str(100 + i)) for i in range(12)]
    with django_assert_max_num_queries(28):  # the refresh reads weigh-ins too
        response = athlete_client.post("/journal/workouts/new/", workout_data(sets))
    assert response.status_code == 302
    assert ExerciseSet.objects.filter(workout__athlete=athlete).count() >= 12


def test_a_refused_workout_leaves_no_state(athlete, athlete_client, squat):
    data = workout_data([a_set(squat, "5", "100")], rpe="11")
    assert athlete_client.post("/journal/workouts/new/", data).status_code == 400
    assert not DayState.objects.filter(athlete=athlete).exists()


def test_the_start_time_is_read_in_the_athletes_zone(squat):
    athlete = AthleteFactory(timezone="Pacific/Auckland")
    response = login(athlete).post("/journal/workouts/new/", workout_data(date="2025-03-13"))
    assert response.status_code == 302
    workout = Workout.objects.get(athlete=athlete)
    assert workout.date == date(2025, 3, 13)
    assert workout.started_at == datetime(2025, 3, 12, 18, 30, tzinfo=UTC)  # 07:30 NZDT


@pytest.mark.parametrize(
    ("zone", "day", "ok"),
    [
        ("UTC", "2025-03-12", True),
        ("UTC", "2025-03-13", False),
        ("Pacific/Auckland", "2025-03-13", True),
        ("Pacific/Auckland", "2025-03-14", False),
    ],
)
def test_a_date_in_the_future_in_the_athletes_zone_is_refused(zone, day, ok):
    athlete = AthleteFactory(timezone=zone)
    response = login(athlete).post("/journal/workouts/new/", workout_data(date=day))
    if ok:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert response.context["form"].errors["date"] == ["This date is in the future."]
        assert not Workout.objects.exists()


@pytest.mark.parametrize(
    ("rpe", "ok"), [("0", True), ("10", True), ("-0.1", False), ("10.1", False)]
)
def test_session_rpe_bounds(athlete_client, rpe, ok):
    response = athlete_client.post("/journal/workouts/new/", workout_data(rpe=rpe))
    assert response.status_code == (302 if ok else 400)
    if not ok:
        assert "Session RPE must be between 0 and 10." in response.context["form"].errors["rpe"]
        assert b"Session RPE must be between 0 and 10." in response.content
    assert Workout.objects.count() == (1 if ok else 0)


@pytest.mark.parametrize(
    ("minutes", "ok"), [("1", True), ("600", True), ("0", False), ("601", False)]
)
def test_duration_bounds(athlete_client, minutes, ok):
    response = athlete_client.post("/journal/workouts/new/", workout_data(duration_min=minutes))
    assert response.status_code == (302 if ok else 400)
    if not ok:
        assert response.context["form"].errors["duration_min"] == [
            "Duration must be between 1 and 600 minutes."
        ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reps", "100", None),
        ("reps", "101", "Reps must be between 1 and 100."),
        ("reps", "0", "Reps must be between 1 and 100."),
        ("load", "1000", None),
        ("load", "1000.1", "Load must be between 0 and 1000 kg."),
        ("load", "-0.5", "Load can't be negative."),
        ("load", "0", None),
        ("rir", "10", None),
        ("rir", "11", "Reps in reserve must be between 0 and 10."),
        ("exercise", "999999", "Select a valid choice"),
    ],
)
def test_set_bounds(athlete_client, squat, field, value, message):
    row = a_set(squat) | {field: value}
    response = athlete_client.post("/journal/workouts/new/", workout_data([row]))
    if message is None:
        assert response.status_code == 302
        assert ExerciseSet.objects.count() == 1
    else:
        assert response.status_code == 400
        assert message in " ".join(response.context["formset"].forms[0].errors[field])
        assert escape(message) in response.content.decode()
        assert not Workout.objects.exists()  # the valid workout is not saved without its sets


def test_imperial_loads_are_entered_in_pounds_and_bounded_in_kg(squat):
    athlete = AthleteFactory(units="imperial")
    client = login(athlete)
    response = client.post("/journal/workouts/new/", workout_data([a_set(squat, load="2204.6")]))
    assert response.status_code == 302
    assert ExerciseSet.objects.get().load_kg == pytest.approx(1000, abs=0.01)
    response = client.post("/journal/workouts/new/", workout_data([a_set(squat, load="2205")]))
    assert response.status_code == 400
    assert "Load must be between 0 and 2204.6 lb." in str(
        response.context["formset"].forms[0].errors["load"]
    )


def test_imperial_athlete_sees_pounds_on_the_form_and_an_unchanged_load_keeps_its_kg(squat):
    athlete = AthleteFactory(units="imperial")
    client = login(athlete)
    workout = WorkoutFactory(athlete=athlete, date=date(2025, 3, 12))
    exercise_set = ExerciseSetFactory(workout=workout, exercise=squat, load_kg=100)
    response = client.get(f"/journal/workouts/{workout.pk}/edit/")
    assert b"Load (lb)" in response.content
    assert response.context["formset"].forms[0]["load"].value() == 220.5
    row = a_set(squat, load="220.5") | {"id": str(exercise_set.pk), "workout": str(workout.pk)}
    response = client.post(
        f"/journal/workouts/{workout.pk}/edit/", workout_data([row], initial_sets=1, rpe="8")
    )
    assert response.status_code == 302
    exercise_set.refresh_from_db()
    assert exercise_set.load_kg == 100
    assert "lb" in client.get("/journal/2025-03-12/").content.decode()


def test_edit_changes_fields_removes_and_adds_sets(athlete, athlete_client, squat):
    workout = WorkoutFactory(athlete=athlete, date=date(2025, 3, 10), rpe=5)
    first = ExerciseSetFactory(workout=workout, exercise=squat, reps=5, position=0)
    second = ExerciseSetFactory(workout=workout, exercise=squat, reps=4, position=1)
    rows = [
        a_set(squat, "5") | {"id": str(first.pk), "DELETE": "on"},
        a_set(squat, "6") | {"id": str(second.pk)},
        a_set(squat, "8", "60"),
    ]
    data = workout_data(rows, initial_sets=2, date="2025-03-10", rpe="6.5")
    response = athlete_client.post(f"/journal/workouts/{workout.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == "/journal/2025-03-10/"
    workout.refresh_from_db()
    assert float(workout.rpe) == 6.5
    assert [(s.reps, s.load_kg) for s in workout.sets.all()] == [(6, 100), (8, 60)]


def test_an_invalid_edit_keeps_what_was_saved(athlete, athlete_client, squat):
    workout = WorkoutFactory(athlete=athlete, date=date(2025, 3, 10), title="Before")
    ExerciseSetFactory(workout=workout, exercise=squat)
    response = athlete_client.post(
        f"/journal/workouts/{workout.pk}/edit/",
        workout_data([], title="After", rpe="11", date="2025-03-10"),
    )
    assert response.status_code == 400
    workout.refresh_from_db()
    assert workout.title == "Before"
    assert workout.sets.count() == 1


def test_an_empty_extra_set_row_is_ignored(athlete_client):
    blank = {"exercise": "", "reps": "", "load": "", "rir": ""}
    response = athlete_client.post("/journal/workouts/new/", workout_data([blank]))
    assert response.status_code == 302
    assert Workout.objects.get().sets.count() == 0


def test_session_load_is_shown_on_the_form(athlete, athlete_client):
    workout = WorkoutFactory(athlete=athlete, rpe=7, duration_min=50)
    response = athlete_client.get(f"/journal/workouts/{workout.pk}/edit/")
    assert response.context["session_load"] == 350
    assert b"data-session-load>350</output>" in response.content


def test_repeat_prefills_the_last_workout_of_that_kind(athlete, athlete_client, squat):
    old = WorkoutFactory(athlete=athlete, date=date(2025, 3, 1), title="Old", kind="strength")
    last = WorkoutFactory(
        athlete=athlete, date=date(2025, 3, 8), title="Lower B", duration_min=75, rpe=8
    )
    WorkoutFactory(athlete=athlete, date=date(2025, 3, 9), kind="cardio", title="Run")
    ExerciseSetFactory(workout=old, exercise=squat, reps=1)
    ExerciseSetFactory(workout=last, exercise=squat, reps=5, load_kg=120, rir=2, position=0)
    ExerciseSetFactory(workout=last, exercise=squat, reps=3, load_kg=130, position=1)
    response = athlete_client.get("/journal/workouts/new/?repeat=strength")
    form, formset = response.context["form"], response.context["formset"]
    assert form["title"].value() == "Lower B"
    assert form["duration_min"].value() == 75
    assert form["kind"].value() == "strength"
    assert form["date"].value() == date(2025, 3, 12)
    assert [(f["reps"].value(), f["load"].value(), f["rir"].value()) for f in formset] == [
        (5, 120, 2),
        (3, 130, None),
    ]
    assert b"Repeat last cardio" in response.content


def test_repeat_with_nothing_to_repeat_says_so(athlete_client):
    response = athlete_client.get("/journal/workouts/new/?repeat=sport")
    assert response.status_code == 200
    assert b"no earlier workout of that kind" in response.content
    assert response.context["form"]["kind"].value() == "sport"


def test_set_row_is_numbered_after_the_rows_on_the_page(athlete_client, squat):
    response = athlete_client.get(
        "/journal/workouts/set-row/?sets-TOTAL_FORMS=3", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="sets-3-exercise"' in html
    assert 'name="sets-3-reps"' in html
    assert "Set 4" in html
    assert 'id="id_sets-TOTAL_FORMS" hx-swap-oob="true"' in html
    assert 'name="sets-TOTAL_FORMS" value="4"' in html
    assert "<html" not in html
    assert squat.name in html


def test_delete_asks_first_then_deletes_and_goes_to_the_day(athlete, athlete_client, squat):
    workout = WorkoutFactory(athlete=athlete, date=date(2025, 3, 11))
    ExerciseSetFactory(workout=workout, exercise=squat)
    url = f"/journal/workouts/{workout.pk}/delete/"
    response = athlete_client.get(url)
    assert response.status_code == 200
    assert b"Delete this workout?" in response.content
    assert Workout.objects.filter(pk=workout.pk).exists()
    response = athlete_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/journal/2025-03-11/"
    assert not Workout.objects.exists()
    assert not ExerciseSet.objects.exists()


# --- Access -----------------------------------------------------------------------------------


@pytest.fixture
def owned_workout(athlete):
    return WorkoutFactory(athlete=athlete, date=date(2025, 3, 12))


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_athlete_gets_404(outsider_client, owned_workout, action, method):
    url = f"/journal/workouts/{owned_workout.pk}/{action}/"
    response = getattr(outsider_client, method)(url, workout_data())
    assert response.status_code == 404
    owned_workout.refresh_from_db()
    assert owned_workout.title == "Session"


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_coach_gets_404_on_entry_edit_and_delete(coach_client, owned_workout, action, method):
    url = f"/journal/workouts/{owned_workout.pk}/{action}/"
    response = getattr(coach_client, method)(url, workout_data())
    assert response.status_code == 404
    assert Workout.objects.filter(pk=owned_workout.pk, title="Session").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/journal/workouts/new/",
        "/journal/workouts/1/edit/",
        "/journal/workouts/1/delete/",
        "/journal/workouts/set-row/",
    ],
)
def test_anonymous_is_sent_to_log_in(client: Client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_owner_can_open_edit_and_delete(athlete_client, owned_workout):
    for action in ("edit", "delete"):
        assert (
            athlete_client.get(f"/journal/workouts/{owned_workout.pk}/{action}/").status_code == 200
        )
