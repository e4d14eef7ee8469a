from django.apps import AppConfig
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save


def journal_changed(sender, instance, origin=None, **kwargs) -> None:
    from recovery.freshness import bump_athlete

    if origin is not None and origin is not instance and kwargs.get("signal") is post_delete:
        return  # a row deleted along with its parent: the parent's own signal counts once
    if sender.__name__ == "Athlete":
        athlete_id = instance.pk
    elif sender.__name__ == "ExerciseSet":
        try:
            athlete_id = instance.workout.athlete_id  # saved with its workout, usually cached
        except ObjectDoesNotExist:
            return  # deleted along with its workout, which bumps the version itself
    else:
        athlete_id = instance.athlete_id
    bump_athlete(athlete_id)


def rules_changed(sender, instance, **kwargs) -> None:
    from recovery.freshness import rules_changed

    rules_changed()


class RecoveryConfig(AppConfig):
    name = "recovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal import models as journal
        from recovery.models import AthleteRuleOverride, CoachNote, RuleSetting

        watched = [
            journal.Athlete,
            journal.Workout,
            journal.ExerciseSet,
            journal.SleepEntry,
            journal.Meal,
            journal.Intake,
            journal.CheckIn,
            AthleteRuleOverride,
            CoachNote,
        ]
        for model in watched:
            for signal in (post_save, post_delete):
                signal.connect(
                    journal_changed, sender=model, dispatch_uid=f"fresh-{model.__name__}"
                )
        for signal in (post_save, post_delete):
            signal.connect(rules_changed, sender=RuleSetting, dispatch_uid="fresh-rules")
