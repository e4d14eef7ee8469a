"""Idempotency-Key: a write sent twice is written once."""

import json
from datetime import timedelta

import pytest

from api.models import IdempotentRequest
from journal.models import CheckIn, Meal, Workout
from tests.api.conftest import Api, errors_of, token_for
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db

MEAL = {"date": "2025-03-12", "time": "12:30", "protein_g": 35, "description": "Rice bowl"}


def test_the_same_key_and_body_answer_the_first_answer_and_write_nothing(api, frozen):
    first = api.post("/meals/", MEAL, **{"Idempotency-Key": "meal-1"})
    assert first.status_code == 201
    # The same JSON in another key order and spacing is the same request.
    again = api.post(
        "/meals/", json.dumps(MEAL, indent=2, sort_keys=True), **{"Idempotency-Key": "meal-1"}
    )
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Meal.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api, frozen):
    api.post("/meals/", MEAL, **{"Idempotency-Key": "meal-1"})
    other = api.post("/meals/", {**MEAL, "protein_g": 50}, **{"Idempotency-Key": "meal-1"})
    assert other.status_code == 422
    assert "different request" in errors_of(other)["Idempotency-Key"][0]
    elsewhere = api.post("/intakes/", {"date": "2025-03-12", "time": "09:00", "amount": 300},
                         **{"Idempotency-Key": "meal-1"})  # fmt: skip
    assert elsewhere.status_code == 422
    assert Meal.objects.count() == 1


def test_without_a_key_each_post_writes(api, frozen):
    api.post("/meals/", MEAL)
    api.post("/meals/", MEAL)
    assert Meal.objects.count() == 2


def test_a_key_lasts_24_hours(api, frozen):
    api.post("/meals/", MEAL, **{"Idempotency-Key": "daily"})
    frozen.shift(timedelta(hours=23, minutes=59))
    assert api.post("/meals/", MEAL, **{"Idempotency-Key": "daily"})["Idempotent-Replayed"]
    frozen.shift(timedelta(minutes=2))
    fresh = api.post("/meals/", MEAL, **{"Idempotency-Key": "daily"})
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh
    assert Meal.objects.count() == 2
    assert IdempotentRequest.objects.count() == 1


def test_a_refused_write_keeps_no_answer_so_the_fixed_request_may_reuse_its_key(api, frozen):
    bad = api.post("/meals/", {**MEAL, "protein_g": 900}, **{"Idempotency-Key": "k"})
    assert bad.status_code == 422
    assert not IdempotentRequest.objects.exists()
    good = api.post("/meals/", MEAL, **{"Idempotency-Key": "k"})
    assert good.status_code == 201


def test_keys_belong_to_the_account(api, frozen):
    api.post("/meals/", MEAL, **{"Idempotency-Key": "shared"})
    other = Api(token_for(AthleteFactory().user))
    assert other.post("/meals/", MEAL, **{"Idempotency-Key": "shared"}).status_code == 201
    assert Meal.objects.count() == 2


def test_every_write_takes_a_key(api, athlete, frozen):
    checkin = {"date": "2025-03-12", "sleep_quality": 2, "fatigue": 2, "stress": 2,
               "soreness": 2, "energy": 4}  # fmt: skip
    assert api.post("/checkins/", checkin, **{"Idempotency-Key": "c"}).status_code == 201
    replay = api.post("/checkins/", checkin, **{"Idempotency-Key": "c"})
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    pk = CheckIn.objects.get().pk
    patch = api.patch(f"/checkins/{pk}/", {"stress": 5}, **{"Idempotency-Key": "p"})
    assert patch.status_code == 200
    api.patch(f"/checkins/{pk}/", {"stress": 6})
    replayed = api.patch(f"/checkins/{pk}/", {"stress": 5}, **{"Idempotency-Key": "p"})
    assert replayed.json()["stress"] == 5
    assert CheckIn.objects.get().stress == 6  # the replay wrote nothing
    workout = api.post("/workouts/", {"date": "2025-03-11", "time": "07:00", "duration_min": 30,
                                      "rpe": 4}).json()  # fmt: skip
    assert api.delete(f"/workouts/{workout['id']}/", **{"Idempotency-Key": "d"}).status_code == 204
    assert api.delete(f"/workouts/{workout['id']}/", **{"Idempotency-Key": "d"}).status_code == 204
    assert not Workout.objects.exists()
    targets = api.patch("/me/targets/", {"kcal_target": 2400}, **{"Idempotency-Key": "t"})
    assert targets.status_code == 200


@pytest.mark.parametrize("key", ["", " ", "a b", "é", "x" * 256])
def test_a_key_must_be_visible_ascii(api, key, frozen):
    response = api.post("/meals/", MEAL, **{"Idempotency-Key": key})
    assert response.status_code == 422
    assert "Idempotency-Key" in errors_of(response)
    assert not Meal.objects.exists()
