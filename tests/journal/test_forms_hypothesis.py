"""Random input posted through each journal view: never a 500, and an invalid post saves nothing."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from journal.models import CheckIn, ExerciseSet, Intake, Meal, SleepEntry, Workout
from tests.factories import ExerciseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = date(2025, 3, 12)

fuzz = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

garbage = st.text(max_size=12)
numbers = st.one_of(
    st.integers(-2000, 12000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.sampled_from(["", "1e400", "9" * 30, "-0", "1,5", "0x10"]),
    garbage,
)
days = st.one_of(
    st.integers(-400, 3).map(lambda offset: (TODAY + timedelta(days=offset)).isoformat()),
    st.dates().map(date.isoformat),
    st.sampled_from(["", "2025-02-30", "12/03/2025"]),
    garbage,
)
clock = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")), st.sampled_from(["24:00", "7", ""]), garbage
)
zones = st.sampled_from(
    ["UTC", "Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"]
)
units = st.sampled_from(["metric", "imperial"])


def choice_or(values: list[str]):
    return st.one_of(st.sampled_from(values), garbage)


def set_zone(athlete, zone: str, unit: str) -> None:
    athlete.timezone, athlete.units = zone, unit
    athlete.save(update_fields=["timezone", "units"])


def check(response, model, before: int) -> None:
    event(f"status {response.status_code}")
    assert response.status_code in (302, 400), response.status_code
    after = model.objects.count()
    assert after == (before + 1 if response.status_code == 302 else before)


@fuzz
@given(
    zone=zones,
    unit=units,
    fields=st.fixed_dictionaries(
        {
            "date": days,
            "time": clock,
            "kind": choice_or(["strength", "cardio", "sport", "mobility", "active_recovery"]),
            "title": garbage,
            "duration_min": numbers,
            "rpe": numbers,
            "notes": garbage,
        }
    ),
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "exercise": st.sampled_from(["", "0", "x"]),
                "reps": numbers,
                "load": numbers,
                "rir": numbers,
                "DELETE": st.sampled_from(["", "on"]),
            }
        ),
        max_size=3,
    ),
    total=st.one_of(st.none(), st.sampled_from(["", "-1", "x", "5000"])),
    use_real_exercise=st.booleans(),
)
def test_workout_form(athlete, athlete_client, zone, unit, fields, rows, total, use_real_exercise):
    set_zone(athlete, zone, unit)
    exercise = ExerciseFactory(name="Fuzz lift")
    data = dict(fields)
    data.update(
        {"sets-TOTAL_FORMS": str(len(rows)) if total is None else total, "sets-INITIAL_FORMS": "0"}
    )
    for index, row in enumerate(rows):
        for key, value in row.items():
            if key == "exercise" and use_real_exercise:
                value = str(exercise.pk)
            data[f"sets-{index}-{key}"] = value
    before, sets_before = Workout.objects.count(), ExerciseSet.objects.count()
    response = athlete_client.post("/journal/workouts/new/", data)
    check(response, Workout, before)
    if response.status_code == 400:
        assert ExerciseSet.objects.count() == sets_before


@fuzz
@given(
    zone=zones,
    fields=st.fixed_dictionaries(
        {
            "date": days,
            "bedtime": clock,
            "wake_time": clock,
            "quality": numbers,
            "awakenings": numbers,
            "resting_hr": numbers,
            "hrv_ms": numbers,
            "notes": garbage,
        }
    ),
)
def test_sleep_form(athlete, athlete_client, zone, fields):
    set_zone(athlete, zone, "metric")
    before = SleepEntry.objects.count()
    check(athlete_client.post("/journal/sleep/new/", fields), SleepEntry, before)
    for night in SleepEntry.objects.all():
        assert 0 < night.duration_h <= 16


@fuzz
@given(
    zone=zones,
    fields=st.fixed_dictionaries(
        {
            "date": days,
            "time": clock,
            "kind": choice_or(["breakfast", "lunch", "dinner", "snack", "pre_workout"]),
            "description": garbage,
            "protein_g": numbers,
            "carbs_g": numbers,
            "fat_g": numbers,
            "kcal": numbers,
        }
    ),
)
def test_meal_form(athlete, athlete_client, zone, fields):
    set_zone(athlete, zone, "metric")
    before = Meal.objects.count()
    check(athlete_client.post("/journal/meals/new/", fields), Meal, before)


@fuzz
@given(
    zone=zones,
    fields=st.fixed_dictionaries(
        {
            "date": days,
            "time": clock,
            "category": choice_or(["water", "caffeine", "alcohol", "supplement", "other"]),
            "name": garbage,
            "amount": numbers,
            "unit": choice_or(["ml", "l", "mg", "g", "serving"]),
        }
    ),
)
def test_intake_form(athlete, athlete_client, zone, fields):
    set_zone(athlete, zone, "metric")
    before = Intake.objects.count()
    check(athlete_client.post("/journal/intake/new/", fields), Intake, before)


scale = st.one_of(st.integers(-1, 9).map(str), garbage)


@fuzz
@given(
    zone=zones,
    unit=units,
    htmx=st.booleans(),
    fields=st.fixed_dictionaries(
        {
            "date": days,
            "sleep_quality": scale,
            "fatigue": scale,
            "stress": scale,
            "soreness": scale,
            "energy": scale,
            "sore_areas": st.lists(choice_or(["quads", "back", "neck"]), max_size=3),
            "body_mass": numbers,
            "water_ml": numbers,
            "note": garbage,
            "next": st.sampled_from(["/journal/", "https://evil.example.com/", ""]),
        }
    ),
)
def test_checkin_form(athlete, athlete_client, zone, unit, htmx, fields):
    set_zone(athlete, zone, unit)
    saved_before = list(CheckIn.objects.values())
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = athlete_client.post("/checkin/", fields, **headers)
    assert response.status_code in ((200,) if htmx else (302, 400))
    saved = response.status_code == 302 or response.has_header("HX-Trigger")
    if saved:
        assert CheckIn.objects.filter(athlete=athlete).count() == len(
            {row["date"] for row in saved_before} | {CheckIn.objects.latest("updated_at").date}
        )
        if not htmx:
            assert response["Location"] in ("/journal/", "/today/")
    else:
        assert list(CheckIn.objects.values()) == saved_before
