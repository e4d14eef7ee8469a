"""Random input posted through each journal view: never a 500, and an invalid post saves nothing.

Each example starts from a valid post and spoils up to three of its fields, so valid and
invalid posts both come up often.
"""

from datetime import date, timedelta

import pytest
from django import forms
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
anything = st.one_of(
    st.integers(-2000, 12000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.dates().map(date.isoformat),
    st.sampled_from(["", "1e400", "9" * 30, "-0", "1,5", "0x10", "2025-02-30", "24:00", "\x00"]),
    garbage,
)
zones = st.sampled_from(
    ["UTC", "Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"]
)
units = st.sampled_from(["metric", "imperial"])
recent_days = st.integers(-400, 1).map(lambda n: (TODAY + timedelta(days=n)).isoformat())
clock = st.times().map(lambda t: t.strftime("%H:%M"))


def amount(low: float, high: float, places: int = 1):
    """A value from low to high, just outside it now and then."""
    return st.one_of(
        st.integers(int(low), int(high)).map(str),
        st.floats(low - 0.5, high + 0.5).map(lambda x: f"{x:.{places}f}"),
    )


@st.composite
def spoiled(draw, valid: dict) -> dict:
    """A draw from `valid` with up to three fields replaced by anything at all."""
    data = draw(st.fixed_dictionaries(valid))
    for key in draw(st.lists(st.sampled_from(sorted(valid)), max_size=3, unique=True)):
        data[key] = draw(anything)
    return data


def set_zone(athlete, zone: str, unit: str) -> None:
    athlete.timezone, athlete.units = zone, unit
    athlete.save(update_fields=["timezone", "units"])


def check(response, model, before: int) -> None:
    event(f"status {response.status_code}")
    assert response.status_code in (302, 400), response.status_code
    assert model.objects.count() == (before + 1 if response.status_code == 302 else before)


WORKOUT = {
    "date": recent_days,
    "time": clock,
    "kind": st.sampled_from(["strength", "cardio", "sport", "mobility", "active_recovery"]),
    "title": garbage,
    "duration_min": amount(1, 600, 0),
    "rpe": amount(0, 10),
    "notes": garbage,
}
SET = {
    "reps": amount(1, 100, 0),
    "load": amount(0, 1000),
    "rir": st.one_of(st.just(""), amount(0, 10, 0)),
    "DELETE": st.sampled_from(["", "", "on"]),
}


@fuzz
@given(
    zone=zones,
    unit=units,
    fields=spoiled(WORKOUT),
    rows=st.lists(spoiled(SET), max_size=3),
    total=st.one_of(st.none(), st.none(), st.sampled_from(["", "-1", "x", "5000"])),
    exercise_ok=st.sampled_from([True, True, False]),
)
def test_workout_form(athlete, athlete_client, zone, unit, fields, rows, total, exercise_ok):
    set_zone(athlete, zone, unit)
    exercise = ExerciseFactory(name="Fuzz lift")
    data = fields | {
        "sets-TOTAL_FORMS": str(len(rows)) if total is None else total,
        "sets-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        row["exercise"] = str(exercise.pk) if exercise_ok else "0"
        data |= {f"sets-{index}-{key}": value for key, value in row.items()}
    sets_before = ExerciseSet.objects.count()
    before = Workout.objects.count()
    response = athlete_client.post("/journal/workouts/new/", data)
    check(response, Workout, before)
    if response.status_code == 400:
        assert ExerciseSet.objects.count() == sets_before


SLEEP = {
    "date": recent_days,
    "bedtime": clock,
    "wake_time": clock,
    "quality": amount(1, 5, 0),
    "awakenings": amount(0, 30, 0),
    "resting_hr": st.one_of(st.just(""), amount(25, 150, 0)),
    "hrv_ms": st.one_of(st.just(""), amount(5, 300)),
    "notes": garbage,
}


@fuzz
@given(zone=zones, fields=spoiled(SLEEP))
def test_sleep_form(athlete, athlete_client, zone, fields):
    set_zone(athlete, zone, "metric")
    before = SleepEntry.objects.count()
    check(athlete_client.post("/journal/sleep/new/", fields), SleepEntry, before)
    for night in SleepEntry.objects.all():
        assert 0 < night.duration_h <= 16


MEAL = {
    "date": recent_days,
    "time": clock,
    "kind": st.sampled_from(["breakfast", "lunch", "dinner", "snack", "post_workout"]),
    "description": garbage,
    "protein_g": amount(0, 400),
    "carbs_g": amount(0, 1000),
    "fat_g": amount(0, 500),
    "kcal": st.one_of(st.just(""), amount(0, 10000, 0)),
}


@fuzz
@given(zone=zones, fields=spoiled(MEAL))
def test_meal_form(athlete, athlete_client, zone, fields):
    set_zone(athlete, zone, "metric")
    before = Meal.objects.count()
    check(athlete_client.post("/journal/meals/new/", fields), Meal, before)


INTAKE = {
    "date": recent_days,
    "time": clock,
    "category": st.sampled_from(["water", "caffeine", "alcohol", "supplement", "other"]),
    "name": garbage,
    "amount": amount(0, 10000),
    "unit": st.sampled_from(["ml", "l", "mg", "g", "serving"]),
}


@fuzz
@given(zone=zones, fields=spoiled(INTAKE))
def test_intake_form(athlete, athlete_client, zone, fields):
    set_zone(athlete, zone, "metric")
    before = Intake.objects.count()
    check(athlete_client.post("/journal/intake/new/", fields), Intake, before)


CHECKIN = {
    "date": recent_days,
    "sleep_quality": amount(1, 7, 0),
    "fatigue": amount(1, 7, 0),
    "stress": amount(1, 7, 0),
    "soreness": amount(1, 7, 0),
    "energy": amount(1, 5, 0),
    "sore_areas": st.lists(st.sampled_from(["quads", "back", "neck", "elbows"]), max_size=3),
    "body_mass": st.one_of(st.just(""), amount(25, 661)),
    "water_ml": st.one_of(st.just(""), amount(0, 10000, 0)),
    "note": garbage,
    "next": st.sampled_from(["/journal/", "https://evil.example.com/", ""]),
}


@fuzz
@given(zone=zones, unit=units, htmx=st.booleans(), fields=spoiled(CHECKIN))
def test_checkin_form(athlete, athlete_client, zone, unit, htmx, fields):
    set_zone(athlete, zone, unit)
    saved_before = list(CheckIn.objects.values())
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = athlete_client.post("/checkin/", fields, **headers)
    assert response.status_code in ((200, 400) if htmx else (302, 400))
    saved = response.status_code == 302 or response.has_header("HX-Trigger")
    event("saved" if saved else "refused")
    if saved:
        day = forms.DateField().clean(fields["date"])
        days = {row["date"] for row in saved_before} | {day}
        assert sorted(CheckIn.objects.values_list("date", flat=True)) == sorted(days)
        if not htmx:
            assert response["Location"] in ("/journal/", "/today/")
    else:
        assert list(CheckIn.objects.values()) == saved_before
