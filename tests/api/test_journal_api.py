"""The athlete's own entries over the API: written through the pages' forms (the same
limits and messages), refreshing the day states as the pages do."""

from datetime import timedelta

import pytest

from journal.forms import CheckInForm, MealForm, SleepForm, WorkoutForm
from journal.models import CheckIn, DayTags, ExerciseSet, SleepEntry, Workout
from recovery.models import DayState
from tests.api.conftest import Api, errors_of, token_for
from tests.factories import AthleteFactory, CheckInFactory, ExerciseFactory, SleepEntryFactory

pytestmark = pytest.mark.django_db

TODAY = "2025-03-12"
YESTERDAY = "2025-03-11"
CHECKIN = {"date": TODAY, "sleep_quality": 2, "fatigue": 3, "stress": 2, "soreness": 4, "energy": 4}


def workout(**changes) -> dict:
    return {"date": YESTERDAY, "time": "18:00", "kind": "strength", "title": "Lower A",
            "duration_min": 60, "rpe": 7, **changes}  # fmt: skip


def form_message(form_class, athlete, data: dict, field: str) -> str:
    form = form_class(data, athlete=athlete)
    assert not form.is_valid()
    return form.errors[field][0]


def test_a_workout_with_sets_round_trips(api, frozen):
    squat, bench = ExerciseFactory(name="Squat"), ExerciseFactory(name="Bench press")
    listed = api.get("/exercises/", {"q": "squat", "limit": 200}).json()["items"]
    assert squat.pk in [e["id"] for e in listed]
    assert all("squat" in e["name"].lower() for e in listed)
    sets = [{"exercise_id": squat.pk, "reps": 5, "load_kg": 100},
            {"exercise_id": bench.pk, "reps": 8, "load_kg": 60, "rir": 2}]  # fmt: skip
    created = api.post("/workouts/", workout(sets=sets))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["session_load_au"] == 420
    assert body["time"] == "18:00" and body["started_at"] == "2025-03-11T18:00:00Z"
    assert [(s["exercise"], s["reps"], s["load_kg"], s["rir"]) for s in body["sets"]] == [
        ("Squat", 5, 100.0, None),
        ("Bench press", 8, 60.0, 2),
    ]
    assert api.get(f"/workouts/{body['id']}/").json() == body


def test_sets_sent_replace_the_workouts_sets_and_sets_left_out_stay(api, frozen):
    squat = ExerciseFactory(name="Squat")
    three = [{"exercise_id": squat.pk, "reps": 5, "load_kg": 100 + i} for i in range(3)]
    pk = api.post("/workouts/", workout(sets=three)).json()["id"]
    kept = api.patch(f"/workouts/{pk}/", {"rpe": 8})
    assert kept.status_code == 200
    assert [s["load_kg"] for s in kept.json()["sets"]] == [100, 101, 102]
    assert kept.json()["rpe"] == 8 and kept.json()["title"] == "Lower A"
    one = api.patch(
        f"/workouts/{pk}/", {"sets": [{"exercise_id": squat.pk, "reps": 3, "load_kg": 120}]}
    )
    assert [(s["reps"], s["load_kg"]) for s in one.json()["sets"]] == [(3, 120)]
    assert ExerciseSet.objects.filter(workout_id=pk).count() == 1
    none = api.patch(f"/workouts/{pk}/", {"sets": []})
    assert none.json()["sets"] == []


def test_a_set_error_names_the_set_and_field(api, frozen):
    squat = ExerciseFactory(name="Squat")
    sets = [{"exercise_id": squat.pk, "reps": 5}, {"exercise_id": squat.pk, "reps": 101}]
    errors = errors_of(api.post("/workouts/", workout(sets=sets)))
    assert errors == {"sets.1.reps": ["Reps must be between 1 and 100."]}
    unknown = errors_of(api.post("/workouts/", workout(sets=[{"exercise_id": 10**12, "reps": 5}])))
    assert list(unknown) == ["sets.0.exercise_id"]
    assert not Workout.objects.exists()


def test_more_than_60_sets_is_refused(api, frozen):
    squat = ExerciseFactory(name="Squat")
    errors = errors_of(
        api.post("/workouts/", workout(sets=[{"exercise_id": squat.pk, "reps": 1}] * 61))
    )
    assert errors == {"sets": ["A workout holds at most 60 sets."]}


def test_the_limits_and_messages_are_the_forms(api, athlete, frozen):
    form = {"date": YESTERDAY, "time": "18:00", "kind": "strength", "duration_min": 60}
    rpe = errors_of(api.post("/workouts/", workout(rpe=11)))["rpe"]
    assert rpe == [form_message(WorkoutForm, athlete, {**form, "rpe": 11}, "rpe")]
    assert rpe == ["Session RPE must be between 0 and 10."]
    future = errors_of(api.post("/workouts/", workout(date="2025-03-14")))["date"]
    assert future == ["This date is in the future."]
    old = errors_of(api.post("/workouts/", workout(date="1989-12-31")))["date"]
    assert old == ["Enter a date from 1990 on."]
    protein = errors_of(api.post("/meals/", {"date": TODAY, "time": "12:00", "protein_g": 401}))
    meal = {"date": TODAY, "time": "12:00", "kind": "lunch", "protein_g": 401}
    assert protein["protein_g"] == [form_message(MealForm, athlete, meal, "protein_g")]
    night = {"date": TODAY, "bedtime": "12:00", "wake_time": "06:00", "quality": 3}
    long_night = errors_of(api.post("/sleep/", night))
    assert long_night["bedtime"] == [form_message(SleepForm, athlete, night, "bedtime")]
    water = errors_of(
        api.post("/intakes/", {"date": TODAY, "time": "09:00", "amount": 2, "unit": "mg"})
    )
    assert water == {"unit": ["Water is logged in ml or litres."]}
    checkin = errors_of(api.post("/checkins/", {**CHECKIN, "fatigue": 8}))
    form_data = {**CHECKIN, "fatigue": 8}
    assert checkin["fatigue"] == [form_message(CheckInForm, athlete, form_data, "fatigue")]
    assert errors_of(api.post("/checkins/", {**CHECKIN, "water_ml": 20000})) == {
        "water_ml": ["Water must be between 0 and 10000 ml."]
    }


def test_a_missing_field_and_an_unknown_field_are_named(api, frozen):
    errors = errors_of(
        api.post("/workouts/", {"date": YESTERDAY, "time": "18:00", "rpe": 5, "hrv": 3})
    )
    assert errors == {"duration_min": ["This field is required."],
                      "hrv": ["Rebound does not know this field."]}  # fmt: skip


def test_a_second_night_on_the_same_day_is_refused_as_on_the_page(api, athlete, frozen):
    SleepEntryFactory(athlete=athlete, date=athlete.today())
    night = {"date": TODAY, "bedtime": "23:00", "wake_time": "07:00", "quality": 3}
    errors = errors_of(api.post("/sleep/", night))
    assert errors["date"][0].startswith("You already logged the night that ended on 12 Mar 2025")
    assert SleepEntry.objects.count() == 1


def test_an_imported_night_without_a_rating_reads_back_with_none(api, athlete, frozen):
    """Nights from Apple Health or WHOOP come unrated (SleepEntry.quality is optional)."""
    night = SleepEntryFactory(athlete=athlete, date=athlete.today(), quality=None)
    response = api.get(f"/sleep/{night.pk}/")
    assert response.status_code == 200
    assert response.json()["quality"] is None
    assert api.get("/sleep/").json()["items"][0]["quality"] is None


def test_last_nights_hrv_reaches_the_day_state(api, athlete, frozen):
    night = {"date": TODAY, "bedtime": "23:10", "wake_time": "06:50", "quality": 4, "hrv_ms": 62,
             "resting_hr": 52}  # fmt: skip
    response = api.post("/sleep/", night)
    assert response.status_code == 201
    assert response.json()["bedtime_at"] == "2025-03-11T23:10:00Z"
    state = DayState.objects.get(athlete=athlete, date=athlete.today())
    assert state.record["sleep"][5] == 62.0
    today = api.get("/states/", {"from": TODAY}).json()["items"][0]
    assert today["metrics"]["sleep_h"] == pytest.approx(7 + 40 / 60)
    assert today["metrics"]["resting_hr"] == 52


def test_a_check_in_is_one_per_day_like_the_page(api, athlete, frozen):
    first = api.post("/checkins/", {**CHECKIN, "tags": ["travel"], "note": "Flight"})
    assert first.status_code == 201
    again = api.post("/checkins/", {**CHECKIN, "fatigue": 6})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["fatigue"] == 6
    assert again.json()["tags"] == ["travel"]  # tags left out stay the day's
    assert again.json()["note"] == "Flight"  # what a second POST leaves out stays
    assert CheckIn.objects.count() == 1
    state = api.get("/states/", {"from": TODAY}).json()["items"][0]
    assert state["metrics"]["hooper"] == 2 + 6 + 2 + 4
    assert state["tags"] == ["travel"]


def test_a_check_in_patch_changes_some_answers_and_keeps_the_rest(api, athlete, frozen):
    checkin = CheckInFactory(athlete=athlete, date=athlete.today(), note="Legs heavy")
    DayTags.objects.create(athlete=athlete, date=athlete.today(), tags=["heat"])
    response = api.patch(f"/checkins/{checkin.pk}/", {"stress": 6, "sore_areas": ["quads"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["stress"], body["fatigue"], body["note"]) == (6, 3, "Legs heavy")
    assert body["sore_areas"] == ["quads"] and body["tags"] == ["heat"]
    assert errors_of(api.patch(f"/checkins/{checkin.pk}/", {"date": YESTERDAY})) == {
        "date": ["Rebound does not know this field."]
    }


def test_the_api_speaks_kg_to_an_imperial_athlete(frozen):
    athlete = AthleteFactory(units="imperial")
    api = Api(token_for(athlete.user))
    response = api.post("/checkins/", {**CHECKIN, "body_mass_kg": 80.5})
    assert response.json()["body_mass_kg"] == 80.5
    assert errors_of(api.post("/checkins/", {**CHECKIN, "body_mass_kg": 301})) == {
        "body_mass_kg": ["Body mass must be between 25 and 300 kg."]
    }
    squat = ExerciseFactory(name="Squat")
    sets = [{"exercise_id": squat.pk, "reps": 5, "load_kg": 100}]
    created = api.post("/workouts/", workout(sets=sets)).json()
    assert created["sets"][0]["load_kg"] == 100


def test_a_meal_without_kcal_gets_them_from_the_macros(api, frozen):
    meal = api.post(
        "/meals/", {"date": TODAY, "time": "12:30", "protein_g": 40, "carbs_g": 80, "fat_g": 20}
    )
    assert meal.status_code == 201
    assert meal.json()["kcal"] == 4 * 40 + 4 * 80 + 9 * 20


def test_moving_an_entry_to_another_day_refreshes_both_days(api, athlete, frozen):
    api.post("/meals/", {"date": "2025-03-10", "time": "12:00", "protein_g": 30})
    pk = api.post("/workouts/", workout(date=YESTERDAY)).json()["id"]
    yesterday = DayState.objects.get(athlete=athlete, date=athlete.today() - timedelta(days=1))
    assert yesterday.metrics["daily_load"] == 420
    moved = api.patch(f"/workouts/{pk}/", {"date": TODAY, "time": "07:00"})
    assert moved.status_code == 200
    yesterday.refresh_from_db()
    assert yesterday.metrics["daily_load"] == 0
    assert DayState.objects.get(athlete=athlete, date=athlete.today()).metrics["daily_load"] == 420


def test_a_delete_removes_the_entry_and_its_load(api, athlete, frozen):
    pk = api.post("/workouts/", workout()).json()["id"]
    assert api.delete(f"/workouts/{pk}/").status_code == 204
    assert api.get(f"/workouts/{pk}/").status_code == 404
    assert api.delete(f"/workouts/{pk}/").status_code == 404
    state = DayState.objects.filter(athlete=athlete, date=athlete.today() - timedelta(days=1))
    assert not state.exists() or state.get().metrics["daily_load"] == 0


def test_targets_change_with_the_settings_limits(api, athlete, frozen):
    changed = api.patch("/me/targets/", {"sleep_target_h": 8.5, "kcal_target": 2600})
    assert changed.status_code == 200
    assert changed.json()["sleep_target_h"] == 8.5 and changed.json()["kcal_target"] == 2600
    athlete.refresh_from_db()
    assert athlete.sleep_target_h == 8.5 and athlete.water_target_ml_per_kg == 35
    assert errors_of(api.patch("/me/targets/", {"sleep_target_h": 10})) == {
        "sleep_target_h": ["Sleep target must be between 7 and 9 hours."]
    }
    api.patch("/me/targets/", {"protein_target_g_per_kg": 2.0})
    default = api.patch("/me/targets/", {"protein_target_g_per_kg": None}).json()
    assert default["protein_target_g_per_kg"] == 1.6 and default["protein_target_is_default"]
