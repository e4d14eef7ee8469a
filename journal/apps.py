from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def entry_changed(sender, instance, origin=None, **kwargs) -> None:
    """Any save or delete of a journal row, wherever it comes from (views, admin, imports
    that save row by row): announce it from the earliest day it touches."""
    from journal.models import Athlete, ExerciseSet, note_change

    if kwargs.get("signal") is post_delete and origin is not None and origin is not instance:
        return  # deleted along with its parent, whose own signal counts
    if sender is Athlete:
        if not kwargs.get("created"):
            note_change(instance.pk, None)  # targets and body mass count on every day
        return
    if sender is ExerciseSet:
        workout = instance.workout
        note_change(workout.athlete_id, workout.changed_from())
        return
    note_change(instance.athlete_id, instance.changed_from())


class JournalConfig(AppConfig):
    name = "journal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal import models

        for model in (
            models.Athlete,
            models.Workout,
            models.ExerciseSet,
            models.SleepEntry,
            models.Meal,
            models.Intake,
            models.CheckIn,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    entry_changed, sender=model, dispatch_uid=f"changed-{model.__name__}"
                )
