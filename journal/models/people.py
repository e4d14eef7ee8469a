"""The athlete's profile, and the links that let a coach read their journal."""

import uuid
import zoneinfo
from datetime import date
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from journal.models.fields import between
from journal.validators import validate_text

LB_PER_KG = 2.2046226218

PROTEIN_DEFAULT_BY_FOCUS = {"strength": 1.6, "endurance": 1.2, "mixed": 1.4}


@cache
def timezone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones() - {"localtime"})


def validate_timezone(value: str) -> None:
    if value not in set(timezone_names()):
        raise ValidationError(f"“{value}” is not a time zone we know, e.g. Europe/London.")


class Athlete(models.Model):
    class Focus(models.TextChoices):
        STRENGTH = "strength", _l("Strength")
        ENDURANCE = "endurance", _l("Endurance")
        MIXED = "mixed", _l("Mixed")

    class Goal(models.TextChoices):
        MAINTAIN = "maintain", _l("Maintain")
        GAIN_MUSCLE = "gain_muscle", _l("Gain muscle")
        LOSE_FAT = "lose_fat", _l("Lose fat")
        PERFORM = "perform", _l("Perform")

    class Units(models.TextChoices):
        METRIC = "metric", _l("Metric (kg)")
        IMPERIAL = "imperial", _l("Imperial (lb)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=80, validators=[validate_text])
    body_mass_kg = models.FloatField(validators=between(25, 300))
    focus = models.CharField(max_length=12, choices=Focus.choices, default=Focus.MIXED)
    goal = models.CharField(max_length=12, choices=Goal.choices, default=Goal.MAINTAIN)
    sleep_target_h = models.FloatField(default=8.0, validators=between(7, 9))
    protein_target_g_per_kg = models.FloatField(
        null=True,
        blank=True,
        validators=between(0.8, 3.0),
        help_text=_l("Leave empty to use the default for your focus."),
    )
    water_target_ml_per_kg = models.FloatField(default=35.0, validators=between(20, 70))
    kcal_target = models.PositiveIntegerField(null=True, blank=True, validators=between(1000, 6000))
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    units = models.CharField(max_length=8, choices=Units.choices, default=Units.METRIC)
    cycle_day_one = models.DateField(
        _l("first day of your last period"),
        null=True,
        blank=True,
        help_text=_l("Optional. Today then shows your cycle day beside the score."),
    )
    weekly_digest = models.BooleanField(
        default=False, help_text=_l("E-mail me a summary of each week on Monday.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def protein_target(self) -> float:
        """The protein target in g/kg/day: the athlete's own, or the default for their focus."""
        if self.protein_target_g_per_kg:
            return self.protein_target_g_per_kg
        return PROTEIN_DEFAULT_BY_FOCUS.get(self.focus, 1.4)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def imperial(self) -> bool:
        return self.units == self.Units.IMPERIAL

    def today(self):
        """The athlete's local calendar day."""
        return timezone.localtime(timezone=self.tz).date()

    def cycle_day(self, day: date) -> int | None:
        """Day of the cycle on `day` (1 = the first day of the last period), when the
        athlete keeps it in Settings and it is not more than 60 days back."""
        if self.cycle_day_one is None or day < self.cycle_day_one:
            return None
        n = (day - self.cycle_day_one).days + 1
        return n if n <= 60 else None

    def body_mass_on(self, day: date) -> float:
        """The latest body mass known on or before `day` (kg): a check-in's, else the profile's."""
        return (
            self.checkin_set.filter(date__lte=day, body_mass_kg__isnull=False)
            .order_by("-date")
            .values_list("body_mass_kg", flat=True)
            .first()
        ) or self.body_mass_kg


class CoachLink(models.Model):
    """An athlete's grant of access to a coach. The athlete starts it and may revoke it."""

    class Status(models.TextChoices):
        PENDING = "pending", _l("Pending")
        ACTIVE = "active", _l("Active")
        REVOKED = "revoked", _l("Revoked")

    class Access(models.TextChoices):
        VIEW = "view", _l("View dashboards")
        MANAGE = "manage", _l("View and manage targets")

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="coach_links")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_links",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    access = models.CharField(max_length=8, choices=Access.choices, default=Access.VIEW)
    share_code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["coach", "status"])]

    def __str__(self) -> str:
        return f"{self.athlete} → {self.coach or self.share_code} ({self.status})"
