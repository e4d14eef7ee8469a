from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def deleted_with_its_owner(instance, origin) -> bool:
    """A row deleted because its workout, athlete or account is (one of them, or a queryset
    of them): the owner's own signal counts, or there is no one left to refresh. A queryset
    of the rows themselves is not one of these."""
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from journal.models import Athlete, Workout

    owners = (Workout, Athlete, User)
    if origin is None or origin is instance:
        return False
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, owners) and not isinstance(instance, origin.model)
    return isinstance(origin, owners)


def entry_changed(sender, instance, origin=None, **kwargs) -> None:
    """Any save or delete of a journal row, wherever it comes from (views, admin, querysets,
    imports that save row by row): announce it from the earliest day it touches, for the
    athlete it belongs to and, when it moved, the one it belonged to."""
    from journal.models import Athlete, ExerciseSet, note_change

    if kwargs.get("signal") is post_delete and deleted_with_its_owner(instance, origin):
        return
    if sender is Athlete:
        if not kwargs.get("created"):
            note_change(instance.pk, None)  # targets and body mass count on every day
        return
    if sender is ExerciseSet:
        workout = instance.workout
        note_change(workout.athlete_id, workout.changed_from())
        return
    note_change(instance.athlete_id, instance.changed_from())
    moved_from = getattr(instance, "_saved_athlete_id", None)
    if moved_from is not None and moved_from != instance.athlete_id:
        note_change(moved_from, instance.changed_from())


def exercise_renamed(sender, instance, **kwargs) -> None:
    """Best lifts are kept by exercise name: a rename refreshes everyone who lifted it."""
    from django.db.models import Min

    from journal.models import ExerciseSet, note_change

    if getattr(instance, "_saved_name", instance.name) == instance.name:
        return
    lifted = (
        ExerciseSet.objects.filter(exercise=instance)
        .values("workout__athlete_id")
        .annotate(first=Min("workout__date"))
    )
    for row in lifted:
        note_change(row["workout__athlete_id"], row["first"])


class JournalConfig(AppConfig):
    name = "journal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal import models

        for model in (models.Athlete, models.ExerciseSet, *models.ENTRY_MODELS):
            for signal in (post_save, post_delete):
                signal.connect(
                    entry_changed, sender=model, dispatch_uid=f"changed-{model.__name__}"
                )
        post_save.connect(exercise_renamed, sender=models.Exercise, dispatch_uid="renamed")
