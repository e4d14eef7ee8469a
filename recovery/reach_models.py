"""Check-in reminders and the coaches' weekly digest: who wants which e-mail, and the rows
that make each send happen once (one per athlete and local day, one per coach and week)."""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from journal.models import Athlete

WEEKDAY_NAMES = {
    1: _("Monday"),
    2: _("Tuesday"),
    3: _("Wednesday"),
    4: _("Thursday"),
    5: _("Friday"),
    6: _("Saturday"),
    7: _("Sunday"),
}


def validate_weekdays(value) -> None:
    """ISO weekday numbers, Monday 1 to Sunday 7, each at most once."""
    if (
        not isinstance(value, list)
        or len(set(value)) != len(value)
        or not all(isinstance(day, int) and not isinstance(day, bool) for day in value)
        or not set(value) <= set(WEEKDAY_NAMES)
    ):
        raise ValidationError(_("Give the days as ISO weekday numbers, 1 (Monday) to 7."))


class CheckInReminder(models.Model):
    """An athlete's reminder to check in: at a local wall-clock time, on chosen weekdays,
    only on days without a check-in yet (recovery.reminders)."""

    athlete = models.OneToOneField(
        Athlete, on_delete=models.CASCADE, related_name="checkin_reminder"
    )
    enabled = models.BooleanField(default=False)
    local_time = models.TimeField(
        default=time(7, 30), help_text="Wall-clock time in the athlete's own time zone."
    )
    weekdays = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_weekdays],
        help_text="ISO weekdays, 1 (Monday) to 7 (Sunday).",
    )
    # A due time earlier than the last save is not sent: a reminder set at 09:00 for 08:30
    # starts tomorrow rather than arriving at once.
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Check-in reminder for {self.athlete}"


class ReminderSent(models.Model):
    """One check-in reminder e-mailed for one athlete's local day: claimed in the send's
    transaction, so two workers never both send, and a failed send leaves no row."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="reminders_sent")
    day = models.DateField(help_text="The athlete's local day the reminder was for.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(fields=["athlete", "day"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.athlete} on {self.day}"


class CoachDigestSetting(models.Model):
    """A coach's opt-in to the weekly e-mail about the athletes they coach."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_digest"
    )
    enabled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Coach digest for {self.coach}"


class CoachDigestSent(models.Model):
    """One coach digest e-mailed for one ISO week: the row makes sending idempotent."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_digests_sent"
    )
    week_start = models.DateField(help_text="Monday of the coach's ISO week it was sent in.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_start"]
        verbose_name_plural = "coach digests sent"
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "week_start"], name="one_coach_digest_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Coach digest for {self.coach}, week of {self.week_start}"
