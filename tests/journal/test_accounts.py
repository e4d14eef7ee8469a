"""Deleting an account (journal/accounts.py, through "Delete my account"): nothing of the user
is left in any table, whatever their rows hold."""

from contextlib import contextmanager

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, models
from django.db.models.functions import Cast
from django.test import Client
from django_tasks_db.models import DBTaskResult

from journal import accounts
from journal.accounts import DELETED_REPR
from journal.management.commands.seed_demo import JournalGenerator
from journal.models import Athlete, Workout
from recovery.models import CoachNote
from recovery.states import refresh
from recovery.tasks import send_weekly_digest
from tests.factories import PASSWORD, AthleteFactory, CoachLinkFactory, UserFactory, WorkoutFactory

pytestmark = pytest.mark.django_db

USERNAME = "quentin-deletes-everything"
DISPLAY_NAME = "Quentin Leaves-No-Trace"


def log_in(username: str, password: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return client


def delete_account(client: Client, username: str = USERNAME):
    return client.post("/settings/data/delete/", {"username": username, "password": PASSWORD})


def leftovers(user_id: int, athlete_id: int, needles: list[str]) -> list[str]:
    """Every row in every table (M2M through tables too) that points at the user or the
    athlete, or holds one of `needles` in a text or JSON column."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        rows = model._base_manager.all()
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if field.is_relation and field.related_model in (User, Athlete):
                owner_id = user_id if field.related_model is User else athlete_id
                if rows.filter(**{field.attname: owner_id}).exists():
                    found.append(f"{label} = {owner_id}")
            elif isinstance(field, models.CharField | models.TextField | models.JSONField):
                # JSON as text too, so the search reads every key and value.
                column = rows.annotate(as_text=Cast(field.attname, models.TextField()))
                for needle in needles:
                    if column.filter(as_text__contains=needle).exists():
                        found.append(f"{label} contains {needle!r}")
    return found


@pytest.fixture
def full_user(settings):
    """An athlete with two weeks of journal and day states, a coach (and an athlete they
    coach), a staff member's admin log entries about them and a queued digest."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    athlete = AthleteFactory(user__username=USERNAME, display_name=DISPLAY_NAME, weekly_digest=True)
    JournalGenerator(athlete, "strength", weeks=2).generate()
    refresh(athlete.pk, None)
    link = CoachLinkFactory(athlete=athlete, access="manage")
    CoachNote.objects.create(athlete=athlete, author=link.coach, date=athlete.today(), text="ok")
    coached = CoachLinkFactory(coach=athlete.user, access="manage").athlete  # they coach too
    CoachNote.objects.create(athlete=coached, author=athlete.user, date=coached.today(), text="hi")
    staff = UserFactory(is_staff=True, is_superuser=True)
    LogEntry.objects.log_actions(
        staff.pk, [athlete.user], CHANGE, change_message=f"Reset {USERNAME}'s e-mail"
    )
    LogEntry.objects.log_actions(
        staff.pk, [athlete], CHANGE, change_message=f"Renamed {athlete.public_id}"
    )
    LogEntry.objects.log_actions(staff.pk, [link], CHANGE, change_message="Made it manage")
    send_weekly_digest.enqueue(athlete.pk, "2025-03-03")
    send_weekly_digest.enqueue(coached.pk, "2025-03-03")  # someone else's: stays
    return athlete


def test_deleting_an_account_leaves_nothing_of_the_user_in_any_table(full_user):
    athlete, user = full_user, full_user.user
    coach_user = athlete.coach_links.get().coach
    coached = Athlete.objects.get(coach_links__coach=user)
    needles = [USERNAME, DISPLAY_NAME, str(athlete.public_id), athlete.public_id.hex]
    client = log_in(USERNAME, PASSWORD)
    phone = log_in(USERNAME, PASSWORD)  # a second session, which logging out does not end
    log_in(USERNAME, "wrong-password")  # after: a successful log-in resets the failures
    coach = Client()
    coach.force_login(coach_user)
    assert Workout.objects.filter(athlete=athlete).count() > 5
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        assert model.objects.filter(username=USERNAME).exists()
    assert DBTaskResult.objects.filter(args_kwargs__args__0=athlete.pk).exists()
    assert leftovers(user.pk, athlete.pk, needles)  # the walk finds them before
    assert Session.objects.count() == 3

    response = delete_account(client)

    assert response.status_code == 302
    assert leftovers(user.pk, athlete.pk, needles) == []
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user.pk) not in sessions
    assert str(coach_user.pk) in sessions
    assert phone.get("/today/").status_code == 302  # signed out there too
    tasks = [row.args_kwargs["args"] for row in DBTaskResult.objects.all()]
    assert tasks == [[coached.pk, "2025-03-03"]]
    about = LogEntry.objects.filter(object_repr=DELETED_REPR)
    assert about.count() == 3
    assert set(about.values_list("change_message", flat=True)) == {""}
    assert coach.get("/coach/").status_code == 200  # everyone else carries on
    assert Athlete.objects.filter(pk=coached.pk).exists()


@contextmanager
def check_constraints_off(table: str):
    """Lets raw writes into `table` past its CHECK constraints, as a row written before
    they existed: SQLite ignores them on this connection meanwhile, PostgreSQL drops them
    inside the test's transaction, which rolls back."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER waits for no FK check
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'",
                [table],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")  # noqa: S608
        try:
            yield cursor
        finally:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.mark.parametrize("started_at", ["9999-12-31 23:30:00-05:00", "9999-12-31 23:30:00+14:00"])
def test_an_account_whose_workout_holds_the_year_9999_can_be_deleted(
    athlete, athlete_client, started_at
):
    """A start time no form or constraint lets in, written past both and past the ORM
    (which cannot even send the first: in UTC it is in year 10000). PostgreSQL stores it but
    Python cannot read it back, so deleting must not read it."""
    WorkoutFactory(athlete=athlete)
    table = Workout._meta.db_table
    with check_constraints_off(table) as cursor:
        cursor.execute(
            f"UPDATE {table} SET started_at = %s WHERE athlete_id = %s",  # noqa: S608
            [started_at, athlete.pk],
        )

    response = delete_account(athlete_client, athlete.user.username)

    assert response.status_code == 302
    assert not User.objects.filter(pk=athlete.user_id).exists()
    assert not Workout.objects.filter(athlete_id=athlete.pk).exists()


def test_a_deletion_that_fails_half_way_deletes_nothing(full_user, monkeypatch):
    user = full_user.user
    log_in(USERNAME, PASSWORD)
    before = {model: model._base_manager.count() for model in apps.get_models()}

    def disk_full(*args, **kwargs):
        raise DatabaseError("could not extend file")

    monkeypatch.setattr(User, "delete", disk_full)  # the last step
    with pytest.raises(DatabaseError):
        accounts.delete_account(user)

    assert {model: model._base_manager.count() for model in apps.get_models()} == before
    assert not LogEntry.objects.filter(object_repr=DELETED_REPR).exists()
