from django.apps import AppConfig
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save


def forget_coach_nav(sender, instance, **kwargs) -> None:
    from journal.access import coach_nav_key

    if instance.coach_id:
        cache.delete(coach_nav_key(instance.coach_id))


class JournalConfig(AppConfig):
    name = "journal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        coach_link = self.get_model("CoachLink")
        post_save.connect(forget_coach_nav, sender=coach_link, dispatch_uid="coach-nav-save")
        post_delete.connect(forget_coach_nav, sender=coach_link, dispatch_uid="coach-nav-delete")
