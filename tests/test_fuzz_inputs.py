"""Arbitrary text, numbers and dates posted to the forms beyond the journal's own
(tests/journal/test_forms_hypothesis.py) and to the import: never a 500. CI runs it on
PostgreSQL, which refuses what SQLite stores (NUL bytes, lone surrogates, far dates)."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from journal import portability
from journal.management.commands.seed_demo import JournalGenerator
from journal.models import Athlete, Workout
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "<script>", "=1+1", "é" * 300]),
)
# A form post is UTF-8: a lone surrogate can't be sent in one (the import's JSON can hold it).
posted_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(["\x00", "a\x00b", "<script>", "=1+1", "é" * 300, "\u202e", "9" * 400]),
)
hostile = st.one_of(
    posted_text,
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
# JSON values, nested a little, for the import.
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_text,
        st.sampled_from(
            ["9999-12-31T23:30:00-05:00", "0001-01-01T00:30:00+05:00", "2025-02-30", "1989-12-31"]
        ),
    ),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=6,
)


TEXT_KEYS = {"title", "notes", "description", "name", "note"}


def no_server_error(response) -> None:
    event(f"status {response.status_code}")
    assert response.status_code < 500, response.content[:500]


@pytest.fixture(scope="module")
def export(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        source = AthleteFactory()
        JournalGenerator(source, "strength", weeks=1).generate()
        data = portability.journal_as_dict(source)
        source.user.delete()
    return data


@fuzz
@given(data=st.data())
def test_an_import_of_any_values_is_saved_whole_or_refused(athlete, export, data):
    journal = json.loads(json.dumps(export))
    for _ in range(data.draw(st.integers(1, 4))):
        section = data.draw(st.sampled_from(["workouts", "sleep", "meals", "intakes", "checkins"]))
        if not journal[section]:
            continue
        record = data.draw(st.sampled_from(journal[section]))
        free_text = sorted(TEXT_KEYS & set(record))
        if free_text and data.draw(st.booleans()):
            # Half the time a free-text field, where a NUL or a surrogate is most at home.
            record[data.draw(st.sampled_from(free_text))] = data.draw(hostile_text)
        else:
            record[data.draw(st.sampled_from(sorted(record)))] = data.draw(json_values)
    content = json.dumps(journal).encode()
    upload = SimpleUploadedFile("journal.json", content, content_type="application/json")
    response = client_for(athlete.user, raise_request_exception=False).post(
        "/settings/data/import/", {"journal_file": upload}
    )
    no_server_error(response)
    saved = Workout.objects.filter(athlete=athlete).count()
    assert saved == (len(journal["workouts"]) if response.status_code == 302 else 0)
    Workout.objects.filter(athlete=athlete).delete()
    for model in (Workout,):
        model.objects.filter(athlete=athlete).delete()
    athlete.sleepentry_set.all().delete()
    athlete.meal_set.all().delete()
    athlete.intake_set.all().delete()
    athlete.checkin_set.all().delete()
    athlete.daytags_set.all().delete()


PROFILE = ["display_name", "focus", "goal", "sleep_target_h", "protein_target_g_per_kg"]
PROFILE += ["water_target_ml_per_kg", "kcal_target", "timezone", "units", "body_mass"]
PROFILE += ["cycle_day_one"]


@fuzz
@given(fields=st.dictionaries(st.sampled_from(PROFILE), hostile, min_size=1))
def test_the_profile_form_never_fails(athlete, fields):
    before = Athlete.objects.values().get(pk=athlete.pk)
    response = client_for(athlete.user, raise_request_exception=False).post("/settings/", fields)
    no_server_error(response)
    if response.status_code == 400:
        assert Athlete.objects.values().get(pk=athlete.pk) == before


@fuzz
@given(
    note=st.dictionaries(st.sampled_from(["date", "text"]), hostile, min_size=1),
    targets=st.dictionaries(st.sampled_from(PROFILE[3:7]), hostile, min_size=1),
)
def test_a_coachs_note_and_targets_never_fail(athlete, note, targets):
    link = CoachLinkFactory(athlete=athlete, access="manage")
    coach = client_for(link.coach, raise_request_exception=False)
    base = f"/coach/athletes/{athlete.public_id}"
    no_server_error(coach.post(f"{base}/notes/", note))
    no_server_error(coach.post(f"{base}/targets/", {"action": "targets", **targets}))
    link.delete()


@fuzz
@given(
    path=st.sampled_from(["/guidance/", "/glossary/", "/rules/", "/journal/", "/week/"]),
    params=st.dictionaries(st.sampled_from(["q", "rule", "date", "page", "next"]), hostile),
)
def test_query_strings_never_fail(athlete, path, params):
    no_server_error(client_for(athlete.user, raise_request_exception=False).get(path, params))


@fuzz
@given(
    fields=st.dictionaries(
        st.sampled_from(["username", "password", "email", "coach", "code"]), hostile, min_size=1
    ),
    path=st.sampled_from(
        ["/accounts/login/", "/accounts/signup/", "/accounts/password_reset/", "/coach/code/"]
    ),
)
def test_sign_in_forms_never_fail(athlete, fields, path):
    client = Client(raise_request_exception=False)
    if path == "/coach/code/":
        client.force_login(athlete.user)
    no_server_error(client.post(path, fields))


def test_far_dates_in_the_fuzz_are_a_400_not_a_500(athlete, export):
    """One example of what the fuzz looks for, run every time whatever hypothesis draws."""
    journal = json.loads(json.dumps(export))
    journal["meals"][0]["eaten_at"] = (date.today() + timedelta(days=400)).isoformat() + "T10:00Z"
    upload = SimpleUploadedFile("journal.json", json.dumps(journal).encode())
    response = client_for(athlete.user, raise_request_exception=False).post(
        "/settings/data/import/", {"journal_file": upload}
    )
    assert response.status_code == 400
