from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def refresh_states(sender, athlete_id, from_day, **kwargs) -> None:
    """A journal write: re-step the athlete's day states in the write's transaction."""
    from recovery.states import refresh

    refresh(athlete_id, from_day)


def rule_setting_changed(sender, instance, **kwargs) -> None:
    """An admin's change to a rule: move the rules version now, refresh every athlete in the
    background once it commits. Until then pages re-run the rules on read."""
    from recovery.models import RulesVersion
    from recovery.tasks import refresh_stale_states

    RulesVersion.bump()
    transaction.on_commit(refresh_stale_states.enqueue)


def override_changed(sender, instance, origin=None, **kwargs) -> None:
    """A coach's override applies to one athlete: refresh them at once, from the first day."""
    from journal.apps import deleted_with_its_owner
    from recovery.states import refresh

    if kwargs.get("signal") is post_delete and deleted_with_its_owner(instance, origin):
        return  # the athlete is being deleted
    refresh(instance.athlete_id, None)


class RecoveryConfig(AppConfig):
    name = "recovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from journal.accounts import ATHLETE_TASKS
        from journal.models import journal_changed
        from journal.portability import DERIVED_FILES, add_section
        from recovery.export import COACH_NOTES, day_states_file
        from recovery.models import AthleteRuleOverride, RuleSetting
        from recovery.tasks import send_weekly_digest

        if day_states_file not in DERIVED_FILES:
            DERIVED_FILES.append(day_states_file)
        add_section(COACH_NOTES)
        if send_weekly_digest.module_path not in ATHLETE_TASKS:
            ATHLETE_TASKS.append(send_weekly_digest.module_path)
        journal_changed.connect(refresh_states, dispatch_uid="refresh-day-states")
        for signal in (post_save, post_delete):
            signal.connect(rule_setting_changed, sender=RuleSetting, dispatch_uid="rules-version")
            signal.connect(
                override_changed, sender=AthleteRuleOverride, dispatch_uid="override-refresh"
            )
