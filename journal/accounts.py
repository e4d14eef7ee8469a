"""Deleting an account with nothing of the user left: for "Delete my account", and for admin
or a command to reuse."""

from collections.abc import Iterator

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.functions import Cast
from django_tasks_db.models import DBTaskResult

from journal.models import (
    Athlete,
    CheckIn,
    DayTags,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    Workout,
)

DELETED_REPR = "deleted user"

# Background tasks (their module paths) whose first argument is an athlete's id. Apps add
# theirs in ready(); the task rows, queued or finished, go with the athlete's account.
ATHLETE_TASKS: list[str] = []


def delete_account(user: User) -> None:
    """Delete the user, their athlete with the whole journal (by cascade), and what other
    tables keep of them: sessions, background task rows, log-in logs. Admin log entries
    about them stay, naming no one. One transaction: all of it or nothing."""
    athlete = Athlete.objects.filter(user=user).first()
    with transaction.atomic():
        _delete_sessions(user)
        _anonymise_admin_log(user)
        username = user.get_username()
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=username).delete()
        if athlete is not None:
            DBTaskResult.objects.filter(
                task_path__in=ATHLETE_TASKS, args_kwargs__args__0=athlete.pk
            ).delete()
            _delete_journal(athlete)
        # Cascades: the athlete, coach links both ways, notes, overrides, day states, and
        # the admin log entries the user made.
        user.delete()


def _delete_sessions(user: User) -> None:
    """Sessions hold the user id only inside their encoded data: decode every one."""
    user_id = str(user.pk)
    store = Session.get_session_store_class()()
    keys = [
        key
        for key, data in Session.objects.values_list("session_key", "session_data").iterator()
        if store.decode(data).get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(session_key__in=keys).delete()


def _delete_journal(athlete: Athlete) -> None:
    """Delete the athlete's entries table by table without loading them. Their delete
    signals would make Django load every row in full, and one value Python cannot hold (a
    start time past the year 9999 in UTC) would fail the deletion; with the athlete gone
    there is no one for those signals to refresh."""
    rows = [ExerciseSet.objects.filter(workout__athlete=athlete)]
    rows += [model.objects.filter(athlete=athlete) for model in (Workout, SleepEntry, Meal)]
    rows += [model.objects.filter(athlete=athlete) for model in (Intake, CheckIn, DayTags)]
    for queryset in rows:
        queryset._raw_delete(queryset.db)  # one DELETE, as Django's own fast deletes run


def _anonymise_admin_log(user: User) -> None:
    """Admin log entries about the user or any row deleted with them (their athlete, coach
    links, entries…) keep what was done and when, but no longer say to whom."""
    logged = {
        ContentType.objects.get_for_id(content_type_id).model_class(): content_type_id
        for content_type_id in LogEntry.objects.values_list("content_type", flat=True).distinct()
    }
    for rows in _cascade(User._base_manager.filter(pk=user.pk)):
        if rows.model in logged:
            LogEntry.objects.filter(
                content_type_id=logged[rows.model], object_id__in=_logged_ids(rows)
            ).update(object_repr=DELETED_REPR, change_message="")


def _cascade(rows: models.QuerySet, above: tuple = ()) -> Iterator[models.QuerySet]:
    """`rows`, then for every relation that cascades from them, the rows deleted with
    them, as querysets that are never loaded."""
    yield rows
    path = (*above, rows.model)  # a model that cascades to itself stops the walk
    for relation in get_candidate_relations_to_delete(rows.model._meta):
        related = relation.related_model
        if relation.on_delete is models.CASCADE and related not in path:
            children = related._base_manager.filter(**{f"{relation.field.name}__in": rows})
            yield from _cascade(children, path)


def _logged_ids(rows: models.QuerySet):
    """The ids of `rows` as the admin log writes them (str(pk)): a subquery where the
    database writes integers the same way."""
    if isinstance(rows.model._meta.pk, models.IntegerField):
        return rows.annotate(logged_id=Cast("pk", models.TextField())).values("logged_id")
    return [str(pk) for pk in rows.values_list("pk", flat=True)]
