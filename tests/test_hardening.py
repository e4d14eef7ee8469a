"""Regressions from the attack run: inputs that used to crash a request on PostgreSQL."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client

from journal import portability
from journal.management.commands.seed_demo import JournalGenerator
from journal.models import Exercise, Workout
from recovery.models import RuleSetting
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory
from tests.journal.test_workout_views import a_set, workout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def loose_client(athlete) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(athlete.user)
    return client


def _journal_with(athlete, change) -> bytes:
    source = AthleteFactory()
    JournalGenerator(source, "strength", weeks=1).generate()
    data = portability.journal_as_dict(source)
    change(data)
    return json.dumps(data).encode()


def _import(client, content: bytes):
    upload = SimpleUploadedFile("journal.json", content, content_type="application/json")
    return client.post("/settings/data/import/", {"journal_file": upload})


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["workouts"][0].update(title="Squat\x00day"),
        lambda d: d["meals"][0].update(description="Rice \ud800"),
        lambda d: d["workouts"][0].update(started_at="9999-12-31T23:30:00-05:00"),
        lambda d: d["workouts"][0].update(started_at="0001-01-01T00:30:00+05:00"),
        lambda d: d["sleep"][0].update(bedtime="9999-12-31T23:30:00-05:00"),
        lambda d: d.update(profile={**d.get("profile", {}), "display_name": "a\x00b"}),
    ],
    ids=["nul", "surrogate", "after-9999", "before-1", "sleep-after-9999", "profile-nul"],
)
def test_import_with_unreadable_text_or_dates_is_a_400(athlete, loose_client, change):
    response = _import(loose_client, _journal_with(athlete, change))
    assert response.status_code == 400, response.content[:300]
    assert not Workout.objects.filter(athlete=athlete).exists()


def test_guidance_search_with_a_nul_byte_is_a_400(client):
    client.raise_request_exception = False
    response = client.get("/guidance/", {"q": "sleep\x00"})
    assert response.status_code == 400


def test_a_very_long_username_at_log_in_is_refused_without_a_500(client):
    client.raise_request_exception = False
    response = client.post("/accounts/login/", {"username": "u" * 300, "password": "x"})
    assert response.status_code in (200, 400)


# --- The shared catalogue ---------------------------------------------------------------------


def _strength_journal(name: str) -> bytes:
    return json.dumps(
        {
            "format": "rebound-journal",
            "format_version": 1,
            "workouts": [
                {
                    "date": (date.today() - timedelta(days=2)).isoformat(),
                    "started_at": f"{date.today() - timedelta(days=2)}T18:00:00+00:00",
                    "kind": "strength",
                    "duration_min": 45,
                    "rpe": 7,
                    "sets": [{"exercise": name, "reps": 5, "load_kg": 60}],
                }
            ],
        }
    ).encode()


def test_an_import_adds_unknown_exercises_for_the_importer_only(athlete, loose_client):
    response = _import(loose_client, _strength_journal("Zercher carry"))
    assert response.status_code == 302

    own = Exercise.objects.get(name="Zercher carry")
    assert own.owner == athlete
    assert not Exercise.objects.visible_to(None).filter(name="Zercher carry").exists()
    other = Client()
    other.force_login(AthleteFactory().user)
    assert "Zercher carry" not in other.get("/journal/workouts/new/").content.decode()
    assert "Zercher carry" in loose_client.get("/journal/workouts/new/").content.decode()


def test_another_athlete_cannot_pick_someone_elses_exercise(athlete, loose_client):
    _import(loose_client, _strength_journal("Zercher carry"))
    own = Exercise.objects.get(name="Zercher carry")
    other = Client()
    other.force_login(AthleteFactory().user)

    def post(exercise):
        return other.post("/journal/workouts/new/", workout_post(exercise.pk))

    assert post(own).status_code == 400
    assert "Select a valid choice" in post(own).content.decode()
    assert post(Exercise.objects.visible_to(None).first()).status_code == 302


def workout_post(exercise_id: int) -> dict:
    return workout_data([a_set(Exercise.objects.get(pk=exercise_id))], date=date.today())


def test_an_exercise_name_with_markup_is_refused_on_import(athlete, loose_client):
    response = _import(loose_client, _strength_journal("<img src=x onerror=alert(1)>"))
    assert response.status_code == 400
    assert "plain text" in response.content.decode()
    assert not Exercise.objects.filter(name__contains="<").exists()


def test_deleting_an_athlete_removes_their_own_exercises(athlete, loose_client):
    _import(loose_client, _strength_journal("Zercher carry"))
    athlete.user.delete()
    assert not Exercise.objects.filter(name="Zercher carry").exists()


# --- A row no page could read is refused on write ---------------------------------------------


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("journal_workout", "started_at"),
        ("journal_sleepentry", "wake_time"),
        ("journal_meal", "eaten_at"),
        ("journal_intake", "taken_at"),
    ],
)
def test_the_database_refuses_a_moment_no_page_could_read(athlete, table, column):
    """Even written around the models (raw SQL), a time past year 9999 in UTC (PostgreSQL
    takes it, Python can't read it) or before 1990 never reaches the table."""
    JournalGenerator(athlete, "strength", weeks=1).generate()
    bad = "10000-01-01 04:30:00+00" if connection.vendor == "postgresql" else "1900-01-01 00:00:00"
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s", [bad])  # noqa: S608 (fixed names)


def test_the_roster_and_admin_stay_up_after_a_refused_bad_import(athlete, loose_client):
    JournalGenerator(athlete, "strength", weeks=2).generate()
    coach = CoachLinkFactory(athlete=athlete).coach
    bad = _journal_with(
        athlete, lambda d: d["workouts"][0].update(started_at="9999-12-31T23:30:00-05:00")
    )
    assert _import(loose_client, bad).status_code == 400

    coach_client = Client(raise_request_exception=False)
    coach_client.force_login(coach)
    assert coach_client.get("/coach/").status_code == 200
    admin = Client(raise_request_exception=False)
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert admin.get("/admin/journal/workout/").status_code == 200
    assert loose_client.get("/today/").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        "[" * 50_000 + "]" * 50_000,
        '{"a": {"b": {"c": 1}}}',
        '{"x": "text"}',
        '{"n": ' + "9" * 3000 + "}",
    ],
    ids=["deeply-nested", "nested", "not-a-number", "too-long"],
)
def test_raw_rule_parameters_in_admin_are_refused_not_a_500(params):
    admin = Client(raise_request_exception=False)
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = admin.post(
        "/admin/recovery/rulesetting/add/",
        {"code": "sleep.short", "enabled": "on", "severity": "", "params": params},
    )
    assert response.status_code == 200  # the admin form again, with the error beside it
    assert response.context["adminform"].form.errors["params"]
    assert not RuleSetting.objects.filter(code="sleep.short").exists()
