"""Hostile input to every write and every parameter: never a 500, always the one error
shape. CI runs this on PostgreSQL too, which refuses what SQLite stores (NUL bytes, lone
surrogates, far dates, numbers beyond 64 bits)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schemas import CheckInIn, IntakeIn, MealIn, SleepIn, TargetsIn, WorkoutIn
from tests.api.conftest import BASE
from tests.factories import (
    CheckInFactory,
    CoachLinkFactory,
    ExerciseFactory,
    MealFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_text = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["\x00", "a\x00b", "\ud800", "x\udfffy", "<script>", "9" * 400, "é" * 3000, "\u202e"]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 5e-324, 2**63, 2**64, -(2**63) - 1]),
    hostile_text,
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "2025-02-30", "1989-12-31", "2025-03-12", "23:59", "24:00",
         "07:30:00+05:00", "2025-03-12T07:30:00Z", "NaN", "-1", "1e3"]
    ),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)


def bodies(schema) -> st.SearchStrategy[dict]:
    """Objects with the schema's own fields (and now and then an unknown one), any values."""
    names = sorted(schema.model_fields)
    known = st.dictionaries(st.sampled_from(names), values, max_size=len(names))
    return st.one_of(known, st.dictionaries(hostile_text, values, max_size=3))


def assert_answered(response) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"errors"}, body
        assert all(isinstance(m, str) for ms in body["errors"].values() for m in ms)


@pytest.fixture
def world(api, athlete, frozen):
    day = athlete.today()
    link = CoachLinkFactory(athlete=athlete, access="manage")
    ExerciseFactory(name="Squat")
    return {
        "api": api,
        "coach": f"/coach/athletes/{athlete.public_id}",
        "workout": WorkoutFactory(athlete=athlete, date=day).pk,
        "meal": MealFactory(athlete=athlete, date=day).pk,
        "checkin": CheckInFactory(athlete=athlete, date=day).pk,
        "link": link,
    }


WRITES = [
    ("post", "/workouts/", WorkoutIn),
    ("post", "/sleep/", SleepIn),
    ("post", "/meals/", MealIn),
    ("post", "/intakes/", IntakeIn),
    ("post", "/checkins/", CheckInIn),
    ("patch", "/me/targets/", TargetsIn),
    ("patch", "/workouts/{workout}/", WorkoutIn),
    ("patch", "/meals/{meal}/", MealIn),
    ("patch", "/checkins/{checkin}/", CheckInIn),
]


@pytest.mark.parametrize("method, path, schema", WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_hostile_bodies_are_refused_in_the_error_shape(world, method, path, schema):
    url = path.format(**world)

    @fuzz
    @given(body=bodies(schema))
    def check(body):
        assert_answered(world["api"].send(method, url, body))

    check()


@fuzz
@given(
    sets=st.lists(
        st.dictionaries(st.sampled_from(["exercise_id", "reps", "load_kg", "rir"]), values),
        max_size=4,
    )
)
def test_hostile_sets(world, sets):
    body = {"date": "2025-03-11", "time": "07:00", "duration_min": 30, "rpe": 5, "sets": sets}
    assert_answered(world["api"].post("/workouts/", body))


@fuzz
@given(raw=st.one_of(st.binary(max_size=40), st.text(max_size=40).map(str.encode)))
def test_bodies_that_are_not_json_are_400(world, raw):
    response = world["api"].post("/meals/", raw)
    assert_answered(response)
    assert response.status_code in (400, 422)


@pytest.mark.parametrize(
    "raw",
    [b"{", b"NaN", b'{"amount": NaN}', b'{"amount": Infinity}', b"\xff\xfe", b"[]", b'"text"',
     b"null", b"1" * 5000, b'{"date": "2025-03-12", "amount": ' + b"9" * 5000 + b"}"],
)  # fmt: skip
def test_malformed_json(world, raw):
    response = world["api"].post("/intakes/", raw)
    assert_answered(response)
    assert response.status_code in (400, 422)


# An address is UTF-8: it can't carry a lone surrogate.
query_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    st.sampled_from(["\x00", "a\x00b", "9" * 400, "-1", "1e3", "0001-01-01", "9999-12-31"]),
)


@fuzz
@given(
    params=st.dictionaries(
        st.sampled_from(["from", "to", "limit", "offset", "q"]), query_text, max_size=4
    )
)
def test_hostile_query_parameters(world, params):
    for path in (
        "/meals/",
        "/states/",
        "/exercises/",
        f"{world['coach']}/states/",
        "/coach/athletes/",
    ):
        assert_answered(world["api"].get(path, params))


@pytest.mark.parametrize(
    "segment", ["0", "-1", "1e3", "abc", "9" * 30, str(2**63), "%00", "%ED%A0%80", "1.5", " 1"]
)
def test_hostile_ids_in_the_path(world, segment):
    api = world["api"]
    for path in (f"/workouts/{segment}/", f"/checkins/{segment}/", f"/coach/athletes/{segment}/"):
        assert_answered(api.get(path))
        assert_answered(api.patch(path, {}))
        assert_answered(api.delete(path))


def test_a_nul_in_the_query_is_400_in_the_api_shape(world):
    response = world["api"].client.get(BASE + "/meals/?from=%00", headers=world["api"].headers)
    assert response.status_code == 400
    assert "NUL" in response.json()["errors"]["from"][0]


def test_a_body_larger_than_django_reads_is_400(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"date": "2025-03-12", "time": "12:00", "description": "x" * 2000})
    response = world["api"].post("/meals/", body)
    assert response.status_code == 400
    assert response.json()["errors"]["body"]


def test_text_no_column_can_hold_gets_the_validators_message(world):
    api = world["api"]
    for text in ("a\x00b", "\ud800"):
        response = api.post("/meals/", {"date": "2025-03-12", "time": "12:00", "description": text})
        assert response.status_code == 422
        assert "Remove the" in response.json()["errors"]["description"][0]
    note = api.post(f"{world['coach']}/notes/", {"date": "2025-03-12", "text": "\udfff"})
    assert note.status_code == 422
