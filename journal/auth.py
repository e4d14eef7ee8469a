from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef


class AthleteModelBackend(ModelBackend):
    """The default backend, but the user of each request arrives with their athlete profile
    and whether they coach anyone (for the navigation), in the one query that loads them."""

    def get_user(self, user_id):
        from journal.models import CoachLink

        user_model = get_user_model()
        links = CoachLink.objects.filter(
            coach=OuterRef("pk"),
            status__in=[CoachLink.Status.ACTIVE, CoachLink.Status.PENDING],
        )
        try:
            user = (
                user_model._default_manager.select_related("athlete")
                .annotate(coaches_anyone=Exists(links))
                .get(pk=user_id)
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
