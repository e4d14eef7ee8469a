"""The athlete's own records, and the links that let a coach read them."""

import uuid
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from journal.validators import (
    EARLIEST_DATE,
    moment_constraint,
    validate_moment,
    validate_plain_name,
    validate_text,
)

LB_PER_KG = 2.2046226218

# Sent once per athlete for the journal writes of a transaction: `athlete_id`, and
# `from_day`, the earliest day whose records changed (None: every day, as after a change to
# the profile). The journal owns the hook; recovery refreshes its day states from it.
journal_changed = Signal()

_pending_changes: ContextVar[dict[int, date | None] | None] = ContextVar(
    "pending_changes", default=None
)


def _earliest(a: date | None, b: date | None, first: bool) -> date | None:
    if first:
        return b
    if a is None or b is None:
        return None
    return min(a, b)


def note_change(athlete_id: int, from_day: date | None) -> None:
    """Announce that the athlete's journal changed from `from_day` on (None: every day):
    now, or at the end of the enclosing `one_refresh` block."""
    pending = _pending_changes.get()
    if pending is not None:
        pending[athlete_id] = _earliest(
            pending.get(athlete_id), from_day, first=athlete_id not in pending
        )
        return
    journal_changed.send(sender=Athlete, athlete_id=athlete_id, from_day=from_day)


@contextmanager
def one_refresh() -> Iterator[None]:
    """Announce each athlete's changes once, from the earliest day changed, for all the
    writes inside: a workout saved with twelve sets is one refresh, not thirteen.

    Use it inside `transaction.atomic()`, so that the refresh commits with the writes. When
    the block raises, nothing is announced: the transaction rolls back with it.
    """
    if _pending_changes.get() is not None:  # nested: the outer block announces
        yield
        return
    pending: dict[int, date | None] = {}
    token = _pending_changes.set(pending)
    try:
        yield
    finally:
        _pending_changes.reset(token)
    for athlete_id in sorted(pending):
        journal_changed.send(sender=Athlete, athlete_id=athlete_id, from_day=pending[athlete_id])


class JournalQuerySet(models.QuerySet):
    """Journal rows. A queryset delete announces each athlete's change once, not once per
    row deleted (admin actions, resets)."""

    def delete(self):
        with transaction.atomic(using=self.db), one_refresh():
            return super().delete()


MUSCLE_GROUPS = [
    ("chest", "Chest"),
    ("back", "Back"),
    ("shoulders", "Shoulders"),
    ("biceps", "Biceps"),
    ("triceps", "Triceps"),
    ("forearms", "Forearms"),
    ("core", "Core"),
    ("glutes", "Glutes"),
    ("quads", "Quads"),
    ("hamstrings", "Hamstrings"),
    ("calves", "Calves"),
    ("hips", "Hips"),
    ("lower_back", "Lower back"),
    ("neck", "Neck"),
]
MUSCLE_GROUP_KEYS = {key for key, _ in MUSCLE_GROUPS}

PROTEIN_DEFAULT_BY_FOCUS = {"strength": 1.6, "endurance": 1.2, "mixed": 1.4}


@cache
def timezone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones() - {"localtime"})


def validate_timezone(value: str) -> None:
    if value not in set(timezone_names()):
        raise ValidationError(f"“{value}” is not a time zone we know, e.g. Europe/London.")


# Limits every way in (forms, the import, admin) checks through the models' own validation.
NOTE_MAX_CHARS = 2000
WATER_MAX_ML = 10_000  # 10 l in one entry


def note_field(label: str | None = None, **kwargs) -> models.TextField:
    """A free-text note of at most NOTE_MAX_CHARS characters."""
    return models.TextField(
        label,
        blank=True,
        max_length=NOTE_MAX_CHARS,
        validators=[MaxLengthValidator(NOTE_MAX_CHARS), validate_text],
        **kwargs,
    )


def between(low: float, high: float) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


class Athlete(models.Model):
    class Focus(models.TextChoices):
        STRENGTH = "strength", "Strength"
        ENDURANCE = "endurance", "Endurance"
        MIXED = "mixed", "Mixed"

    class Goal(models.TextChoices):
        MAINTAIN = "maintain", "Maintain"
        GAIN_MUSCLE = "gain_muscle", "Gain muscle"
        LOSE_FAT = "lose_fat", "Lose fat"
        PERFORM = "perform", "Perform"

    class Units(models.TextChoices):
        METRIC = "metric", "Metric (kg)"
        IMPERIAL = "imperial", "Imperial (lb)"

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
        help_text="Leave empty to use the default for your focus.",
    )
    water_target_ml_per_kg = models.FloatField(default=35.0, validators=between(20, 70))
    kcal_target = models.PositiveIntegerField(null=True, blank=True, validators=between(1000, 6000))
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    units = models.CharField(max_length=8, choices=Units.choices, default=Units.METRIC)
    cycle_day_one = models.DateField(
        "first day of your last period",
        null=True,
        blank=True,
        help_text="Optional. Today then shows your cycle day beside the score.",
    )
    weekly_digest = models.BooleanField(
        default=False, help_text="E-mail me a summary of each week on Monday."
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


class CoachLink(models.Model):
    """An athlete's grant of access to a coach. The athlete starts it and may revoke it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        REVOKED = "revoked", "Revoked"

    class Access(models.TextChoices):
        VIEW = "view", "View dashboards"
        MANAGE = "manage", "View and manage targets"

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


class ExerciseQuerySet(models.QuerySet):
    def visible_to(self, athlete: "Athlete | None") -> "ExerciseQuerySet":
        """The shared catalogue and the athlete's own exercises."""
        shared = models.Q(owner=None)
        return self.filter(shared | models.Q(owner=athlete) if athlete else shared)


class Exercise(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        CARDIO = "cardio", "Cardio"
        MOBILITY = "mobility", "Mobility"

    name = models.CharField(max_length=80, validators=[validate_text, validate_plain_name])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STRENGTH)
    muscle_groups = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        Athlete,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_exercises",
        help_text="Empty for the shared catalogue, which only staff edit; otherwise the one "
        "athlete who sees it (an import adds the names it does not know this way).",
    )
    import_batch = models.ForeignKey(
        "journal.ImportBatch",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The import that added this own exercise; undoing it removes the exercise "
        "unless a set still uses it.",
    )

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(owner=None), name="shared_exercise_name_unique"
            ),
            models.UniqueConstraint(fields=["owner", "name"], name="own_exercise_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)  # post_save still sees the name it had before
        self._saved_name = self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        exercise = super().from_db(db, field_names, values)
        exercise._saved_name = exercise.__dict__.get("name")
        return exercise


class Entry(models.Model):
    """Fields every journal entry shares: whose it is and which local day it belongs to."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE)
    date = models.DateField(help_text="The athlete's local day.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The import that added the row, so that undoing it removes exactly its rows. Undo
    # deletes the rows first; SET_NULL only matters for a batch removed some other way.
    import_batch = models.ForeignKey(
        "journal.ImportBatch",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = JournalQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)  # post_save still sees where it was saved before
        self._saved_date, self._saved_athlete_id = self.date, self.athlete_id

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        entry._saved_date = entry.__dict__.get("date")
        entry._saved_athlete_id = entry.__dict__.get("athlete_id")
        return entry

    def clean(self) -> None:
        super().clean()
        if self.date is not None and self.date < EARLIEST_DATE:
            raise ValidationError({"date": f"Enter a date from {EARLIEST_DATE.year} on."})

    def changed_from(self) -> date:
        """The earliest day this entry's save or delete changes: moving an entry from one
        day to another changes both."""
        saved = getattr(self, "_saved_date", None)
        return min(self.date, saved) if saved is not None else self.date

    def day_url(self) -> str:
        return reverse("journal:day", args=[self.date.isoformat()])


class Workout(Entry):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        CARDIO = "cardio", "Cardio"
        SPORT = "sport", "Sport"
        MOBILITY = "mobility", "Mobility"
        ACTIVE_RECOVERY = "active_recovery", "Active recovery"

    started_at = models.DateTimeField(validators=[validate_moment])
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STRENGTH)
    title = models.CharField(max_length=100, blank=True, validators=[validate_text])
    duration_min = models.PositiveIntegerField(validators=between(1, 600))
    rpe = models.DecimalField(
        "session RPE", max_digits=3, decimal_places=1, validators=between(0, 10)
    )
    rpe_estimated = models.BooleanField(
        "session RPE estimated",
        default=False,
        help_text="Set by an import that found no rating in the file: the RPE is an estimate "
        "(from heart rate, or the value chosen at import) until the athlete changes it.",
    )
    avg_hr_bpm = models.PositiveSmallIntegerField(
        "average heart rate", null=True, blank=True, validators=between(25, 250)
    )
    distance_km = models.FloatField(
        "distance (km)", null=True, blank=True, validators=between(0, 1000)
    )
    # The id of the session in the file it came from (FIT serial and time created, Strong's
    # start time and name, …): a second import of the same file finds it and adds nothing.
    source_id = models.CharField(max_length=200, blank=True, editable=False, default="")
    notes = note_field()
    notes_shared = models.BooleanField(default=False, help_text="Let my coaches read these notes.")

    class Meta:
        ordering = ["-date", "-started_at"]
        indexes = [models.Index(fields=["athlete", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rpe__gte=0, rpe__lte=10), name="workout_rpe_0_10"
            ),
            moment_constraint("started_at", "workout"),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def session_load(self) -> float:
        """Session load in arbitrary units: session RPE × minutes (Foster 1998)."""
        return float(self.rpe) * self.duration_min


class ExerciseSet(models.Model):
    class SetType(models.TextChoices):
        NORMAL = "normal", "Working set"
        WARMUP = "warmup", "Warm-up"
        FAILURE = "failure", "To failure"
        DROP = "drop", "Drop set"

    workout = models.ForeignKey(Workout, on_delete=models.CASCADE, related_name="sets")
    # RESTRICT, not PROTECT: an athlete's own exercise goes with the athlete, whose sets
    # are deleted in the same cascade; an exercise still lifted elsewhere can't be deleted.
    exercise = models.ForeignKey(Exercise, on_delete=models.RESTRICT)
    position = models.PositiveSmallIntegerField(default=0)
    reps = models.PositiveSmallIntegerField(validators=between(1, 100))
    load_kg = models.FloatField(validators=between(0, 1000), default=0)
    rir = models.PositiveSmallIntegerField(
        "reps in reserve", null=True, blank=True, validators=between(0, 10)
    )
    set_type = models.CharField(
        max_length=8,
        choices=SetType.choices,
        default=SetType.NORMAL,
        help_text="Warm-ups are kept apart: they never count as a best lift.",
    )

    objects = JournalQuerySet.as_manager()

    class Meta:
        ordering = ["workout", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reps__gte=1, reps__lte=100), name="set_reps_1_100"
            ),
            models.CheckConstraint(
                condition=models.Q(load_kg__gte=0, load_kg__lte=1000), name="set_load_0_1000"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} {self.reps} × {self.load_kg:g} kg"


class SleepEntry(Entry):
    """A night, filed under the day the athlete woke up."""

    bedtime = models.DateTimeField(validators=[validate_moment])
    wake_time = models.DateTimeField(validators=[validate_moment])
    quality = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=between(1, 5),
        help_text="1 poor … 5 excellent; empty for an imported night nobody rated",
    )
    awakenings = models.PositiveSmallIntegerField(null=True, blank=True, validators=between(0, 30))
    resting_hr = models.PositiveSmallIntegerField(
        "resting heart rate", null=True, blank=True, validators=between(25, 150)
    )
    hrv_ms = models.FloatField("HRV (rMSSD, ms)", null=True, blank=True, validators=between(5, 300))
    hrv_sdnn_ms = models.FloatField(
        "HRV (SDNN, ms)",
        null=True,
        blank=True,
        validators=between(5, 300),
        help_text="As Apple Health records it. Kept apart from rMSSD: the two are not comparable.",
    )
    notes = note_field()
    notes_shared = models.BooleanField(default=False, help_text="Let my coaches read these notes.")

    class Meta:
        ordering = ["-date"]
        verbose_name_plural = "sleep entries"
        constraints = [
            moment_constraint("bedtime", "sleep"),
            moment_constraint("wake_time", "sleep"),
            models.UniqueConstraint(fields=["athlete", "date"], name="one_night_per_wake_day"),
            models.CheckConstraint(
                condition=models.Q(wake_time__gt=models.F("bedtime")), name="sleep_wake_after_bed"
            ),
        ]

    def __str__(self) -> str:
        return f"Night ending {self.date}"

    @property
    def duration_h(self) -> float:
        return (self.wake_time - self.bedtime).total_seconds() / 3600


class Meal(Entry):
    class Kind(models.TextChoices):
        BREAKFAST = "breakfast", "Breakfast"
        LUNCH = "lunch", "Lunch"
        DINNER = "dinner", "Dinner"
        SNACK = "snack", "Snack"
        PRE_WORKOUT = "pre_workout", "Pre-workout"
        POST_WORKOUT = "post_workout", "Post-workout"

    eaten_at = models.DateTimeField(validators=[validate_moment])
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.LUNCH)
    description = models.CharField(max_length=200, blank=True, validators=[validate_text])
    protein_g = models.FloatField(default=0, validators=between(0, 400))
    carbs_g = models.FloatField(default=0, validators=between(0, 1000))
    fat_g = models.FloatField(default=0, validators=between(0, 500))
    kcal = models.FloatField(validators=between(0, 10000))

    class Meta:
        ordering = ["-date", "-eaten_at"]
        indexes = [models.Index(fields=["athlete", "date"])]
        constraints = [moment_constraint("eaten_at", "meal")]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()

    @staticmethod
    def kcal_from_macros(protein_g: float, carbs_g: float, fat_g: float) -> float:
        """Energy from macronutrients with the Atwater factors 4/4/9 kcal per gram."""
        return round(4 * protein_g + 4 * carbs_g + 9 * fat_g)


class Intake(Entry):
    class Category(models.TextChoices):
        WATER = "water", "Water"
        CAFFEINE = "caffeine", "Caffeine"
        ALCOHOL = "alcohol", "Alcohol"
        SUPPLEMENT = "supplement", "Supplement"
        OTHER = "other", "Other"

    class Unit(models.TextChoices):
        ML = "ml", "ml"
        L = "l", "litres"
        MG = "mg", "mg"
        G = "g", "g"
        SERVING = "serving", "serving(s)"

    taken_at = models.DateTimeField(validators=[validate_moment])
    category = models.CharField(max_length=12, choices=Category.choices, default=Category.WATER)
    name = models.CharField(max_length=80, blank=True, validators=[validate_text])
    amount = models.FloatField(validators=between(0, 10000))
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.ML)

    class Meta:
        ordering = ["-date", "-taken_at"]
        indexes = [models.Index(fields=["athlete", "date"])]
        constraints = [moment_constraint("taken_at", "intake")]

    def __str__(self) -> str:
        return f"{self.name or self.get_category_display()} {self.amount:g} {self.unit}"

    # The units each category may be logged in; the others take any unit.
    UNITS_FOR = {
        Category.WATER: (Unit.ML, Unit.L),
        Category.CAFFEINE: (Unit.MG, Unit.SERVING),
    }

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "Enter an amount above 0."
        allowed = self.UNITS_FOR.get(self.category)
        if allowed and self.unit not in allowed:
            names = " or ".join(self.Unit(unit).label for unit in allowed)
            errors["unit"] = f"{self.Category(self.category).label} is logged in {names}."
        elif self.category == self.Category.WATER and self.amount and self.water_ml > WATER_MAX_ML:
            errors["amount"] = "Water is at most 10 litres (10000 ml) in one entry."
        if errors:
            raise ValidationError(errors)

    @property
    def water_ml(self) -> float:
        if self.category != self.Category.WATER:
            return 0.0
        return self.amount * 1000 if self.unit == self.Unit.L else self.amount


class CheckIn(Entry):
    """The 20-second daily check-in. The four Hooper items run 1 (best) to 7 (worst)."""

    sleep_quality = models.PositiveSmallIntegerField(validators=between(1, 7))
    fatigue = models.PositiveSmallIntegerField(validators=between(1, 7))
    stress = models.PositiveSmallIntegerField(validators=between(1, 7))
    soreness = models.PositiveSmallIntegerField("muscle soreness", validators=between(1, 7))
    energy = models.PositiveSmallIntegerField(
        "energy and motivation", validators=between(1, 5), help_text="1 very low … 5 very high"
    )
    sore_areas = models.JSONField(default=list, blank=True)
    body_mass_kg = models.FloatField(null=True, blank=True, validators=between(25, 300))
    water_ml = models.PositiveIntegerField(null=True, blank=True, validators=between(0, 10000))
    feel_ready = models.PositiveSmallIntegerField(
        "how ready do you feel?",
        null=True,
        blank=True,
        validators=between(0, 10),
        help_text="0 not at all … 10 fully. Never used in the score: it checks the score.",
    )
    note = note_field()
    note_shared = models.BooleanField(default=False, help_text="Let my coaches read this note.")

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date"], name="one_checkin_per_day"),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.date}"

    @property
    def hooper(self) -> int:
        """Hooper index: the sum of the four 1–7 items, 4 (best) to 28 (worst)."""
        return self.sleep_quality + self.fatigue + self.stress + self.soreness


class DayTags(Entry):
    """What made a day unusual (ill, travel, alcohol, heat, period): shown beside the
    score and left out of the athlete's baselines. One row per day; no tags, no row."""

    class Tag(models.TextChoices):
        ILL = "ill", "Ill"
        TRAVEL = "travel", "Travel"
        ALCOHOL = "alcohol", "Alcohol"
        HEAT = "heat", "Heat"
        PERIOD = "period", "Period"

    tags = models.JSONField(default=list)

    class Meta:
        ordering = ["-date"]
        verbose_name_plural = "day tags"
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date"], name="one_tag_row_per_day"),
        ]

    def __str__(self) -> str:
        return f"Tags {self.date}: {', '.join(self.tags)}"

    def clean(self) -> None:
        super().clean()
        known = set(self.Tag.values)
        if not isinstance(self.tags, list) or any(tag not in known for tag in self.tags):
            raise ValidationError({"tags": "Choose tags from the list."})


class WeighIn(Entry):
    """A body mass measured on a scale (imported from a weight-scale file or Apple Health).
    From its day on, per-kg figures use it, until a later weigh-in or check-in mass."""

    weighed_at = models.DateTimeField(validators=[validate_moment])
    body_mass_kg = models.FloatField(validators=between(25, 300))

    class Meta:
        ordering = ["-date", "-weighed_at"]
        indexes = [models.Index(fields=["athlete", "date"])]
        constraints = [moment_constraint("weighed_at", "weigh_in")]

    def __str__(self) -> str:
        return f"{self.body_mass_kg:g} kg on {self.date}"


# Every kind of journal entry, the rows a day's state is made from: what the state refresh
# reads, the signals watch (journal/apps.py), an import's undo removes, "has entries" asks
# and the demo's reset clears. A new kind of entry goes here.
ENTRY_MODELS = (Workout, SleepEntry, Meal, Intake, CheckIn, DayTags, WeighIn)


class FormSubmission(models.Model):
    """The one-time token of a new-entry form that was saved: a second submit of the same
    form (a double tap, a resent request) finds its token taken and saves nothing."""

    token = models.UUIDField(primary_key=True)
    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # What a client id saved (the workout logger's sets): a resend of the same id changes
    # that row instead of adding another. Empty for a plain form's one-time token.
    saved_kind = models.CharField(max_length=16, blank=True, default="")
    saved_pk = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.token)

    @classmethod
    def first_use(cls, token: uuid.UUID | None, athlete: Athlete) -> bool:
        """Record the token; False when it was used before. Inside the caller's transaction,
        so a save that fails frees it again. On PostgreSQL a second submit running at the
        same moment waits on the primary key until the first commits, then finds it taken."""
        if token is None:
            return True
        try:
            with transaction.atomic():
                cls.objects.create(token=token, athlete=athlete)
        except IntegrityError:
            return False
        return True


class Routine(models.Model):
    """A saved plan of exercises and sets ("Lower A") that starts a workout with one tap."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="routines")
    name = models.CharField(max_length=80, validators=[validate_text])
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The coach who gave the athlete this routine; empty for the athlete's own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class RoutineSet(models.Model):
    """One planned set of a routine, in kg like the sets it becomes."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="sets")
    # CASCADE: an exercise that goes (an undone import's own exercise) leaves the routine.
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    reps = models.PositiveSmallIntegerField(validators=between(1, 100))
    load_kg = models.FloatField(validators=between(0, 1000), default=0)
    rir = models.PositiveSmallIntegerField(null=True, blank=True, validators=between(0, 10))
    set_type = models.CharField(
        max_length=8, choices=ExerciseSet.SetType.choices, default=ExerciseSet.SetType.NORMAL
    )

    class Meta:
        ordering = ["routine", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reps__gte=1, reps__lte=100), name="routine_set_reps_1_100"
            ),
            models.CheckConstraint(
                condition=models.Q(load_kg__gte=0, load_kg__lte=1000),
                name="routine_set_load_0_1000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} {self.reps} × {self.load_kg:g} kg"


class FavouriteMeal(models.Model):
    """A meal the athlete keeps to log again with one tap, macros and all."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="favourite_meals")
    kind = models.CharField(max_length=12, choices=Meal.Kind.choices, default=Meal.Kind.LUNCH)
    description = models.CharField(max_length=200, blank=True, validators=[validate_text])
    protein_g = models.FloatField(default=0, validators=between(0, 400))
    carbs_g = models.FloatField(default=0, validators=between(0, 1000))
    fat_g = models.FloatField(default=0, validators=between(0, 500))
    kcal = models.FloatField(validators=between(0, 10000))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["description", "pk"]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


# ImportBatch lives with the importers (journal/imports/); imported here so the app
# registry knows it.
from journal.imports.models import ImportBatch  # noqa: E402, F401

# The user's language (journal/language.py); imported here so the app registry knows it.
from journal.language import LanguagePreference  # noqa: E402, F401
