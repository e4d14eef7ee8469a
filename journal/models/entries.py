"""The journal entries, one row per workout, night, meal, intake, check-in, tag row or
weigh-in, each filed under the athlete's local day."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from journal.models.changes import JournalQuerySet
from journal.models.exercises import Exercise
from journal.models.fields import WATER_MAX_ML, between, note_field
from journal.models.people import Athlete
from journal.validators import EARLIEST_DATE, moment_constraint, validate_moment, validate_text

# Ranges that more than one declaration reads: a routine's sets and a favourite meal keep
# those of a set and a meal (routines.py), and the check constraints repeat them for the
# database.
RPE = (0, 10)
REPS = (1, 100)
LOAD_KG = (0, 1000)
RIR = (0, 10)
PROTEIN_G = (0, 400)
CARBS_G = (0, 1000)
FAT_G = (0, 500)
KCAL = (0, 10000)
LONGEST_NIGHT_H = 16  # bedtime to wake time: the form, the import and a restore check it


class Entry(models.Model):
    """Fields every journal entry shares: whose it is and which local day it belongs to."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE)
    date = models.DateField(help_text=_l("The athlete's local day."))
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
        STRENGTH = "strength", _l("Strength")
        CARDIO = "cardio", _l("Cardio")
        SPORT = "sport", _l("Sport")
        MOBILITY = "mobility", _l("Mobility")
        ACTIVE_RECOVERY = "active_recovery", _l("Active recovery")

    started_at = models.DateTimeField(validators=[validate_moment])
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STRENGTH)
    title = models.CharField(max_length=100, blank=True, validators=[validate_text])
    duration_min = models.PositiveIntegerField(validators=between(1, 600))
    rpe = models.DecimalField(
        _l("session RPE"), max_digits=3, decimal_places=1, validators=between(*RPE)
    )
    rpe_estimated = models.BooleanField(
        _l("session RPE estimated"),
        default=False,
        help_text=_l(
            "Set by an import that found no rating in the file: the RPE is an estimate "
            "(from heart rate, or the value chosen at import) until the athlete changes it."
        ),
    )
    avg_hr_bpm = models.PositiveSmallIntegerField(
        _l("average heart rate"), null=True, blank=True, validators=between(25, 250)
    )
    distance_km = models.FloatField(
        _l("distance (km)"), null=True, blank=True, validators=between(0, 1000)
    )
    # The id of the session in the file it came from (FIT serial and time created, Strong's
    # start time and name, …): a second import of the same file finds it and adds nothing.
    source_id = models.CharField(max_length=200, blank=True, editable=False, default="")
    notes = note_field()
    notes_shared = models.BooleanField(
        default=False, help_text=_l("Let my coaches read these notes.")
    )

    class Meta:
        ordering = ["-date", "-started_at"]
        indexes = [models.Index(fields=["athlete", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rpe__gte=RPE[0], rpe__lte=RPE[1]), name="workout_rpe_0_10"
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
        NORMAL = "normal", _l("Working set")
        WARMUP = "warmup", _l("Warm-up")
        FAILURE = "failure", _l("To failure")
        DROP = "drop", _l("Drop set")

    workout = models.ForeignKey(Workout, on_delete=models.CASCADE, related_name="sets")
    # RESTRICT, not PROTECT: an athlete's own exercise goes with the athlete, whose sets
    # are deleted in the same cascade; an exercise still lifted elsewhere can't be deleted.
    exercise = models.ForeignKey(Exercise, on_delete=models.RESTRICT)
    position = models.PositiveSmallIntegerField(default=0)
    reps = models.PositiveSmallIntegerField(validators=between(*REPS))
    load_kg = models.FloatField(validators=between(*LOAD_KG), default=0)
    rir = models.PositiveSmallIntegerField(
        _l("reps in reserve"), null=True, blank=True, validators=between(*RIR)
    )
    set_type = models.CharField(
        max_length=8,
        choices=SetType.choices,
        default=SetType.NORMAL,
        help_text=_l("Warm-ups are kept apart: they never count as a best lift."),
    )

    objects = JournalQuerySet.as_manager()

    class Meta:
        ordering = ["workout", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reps__gte=REPS[0], reps__lte=REPS[1]), name="set_reps_1_100"
            ),
            models.CheckConstraint(
                condition=models.Q(load_kg__gte=LOAD_KG[0], load_kg__lte=LOAD_KG[1]),
                name="set_load_0_1000",
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
        help_text=_l("1 poor … 5 excellent; empty for an imported night nobody rated"),
    )
    awakenings = models.PositiveSmallIntegerField(null=True, blank=True, validators=between(0, 30))
    resting_hr = models.PositiveSmallIntegerField(
        _l("resting heart rate"), null=True, blank=True, validators=between(25, 150)
    )
    hrv_ms = models.FloatField(
        _l("HRV (rMSSD, ms)"), null=True, blank=True, validators=between(5, 300)
    )
    hrv_sdnn_ms = models.FloatField(
        _l("HRV (SDNN, ms)"),
        null=True,
        blank=True,
        validators=between(5, 300),
        help_text=_l(
            "As Apple Health records it. Kept apart from rMSSD: the two are not comparable."
        ),
    )
    notes = note_field()
    notes_shared = models.BooleanField(
        default=False, help_text=_l("Let my coaches read these notes.")
    )

    class Meta:
        ordering = ["-date"]
        verbose_name_plural = _l("sleep entries")
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
        BREAKFAST = "breakfast", _l("Breakfast")
        LUNCH = "lunch", _l("Lunch")
        DINNER = "dinner", _l("Dinner")
        SNACK = "snack", _l("Snack")
        PRE_WORKOUT = "pre_workout", _l("Pre-workout")
        POST_WORKOUT = "post_workout", _l("Post-workout")

    eaten_at = models.DateTimeField(validators=[validate_moment])
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.LUNCH)
    description = models.CharField(max_length=200, blank=True, validators=[validate_text])
    protein_g = models.FloatField(default=0, validators=between(*PROTEIN_G))
    carbs_g = models.FloatField(default=0, validators=between(*CARBS_G))
    fat_g = models.FloatField(default=0, validators=between(*FAT_G))
    kcal = models.FloatField(validators=between(*KCAL))

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
        WATER = "water", _l("Water")
        CAFFEINE = "caffeine", _l("Caffeine")
        ALCOHOL = "alcohol", _l("Alcohol")
        SUPPLEMENT = "supplement", _l("Supplement")
        OTHER = "other", _l("Other")

    class Unit(models.TextChoices):
        ML = "ml", _l("ml")
        L = "l", _l("litres")
        MG = "mg", _l("mg")
        G = "g", _l("g")
        SERVING = "serving", _l("serving(s)")

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
            names = " or ".join(str(self.Unit(unit).label) for unit in allowed)
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
    soreness = models.PositiveSmallIntegerField(_l("muscle soreness"), validators=between(1, 7))
    energy = models.PositiveSmallIntegerField(
        _l("energy and motivation"),
        validators=between(1, 5),
        help_text=_l("1 very low … 5 very high"),
    )
    sore_areas = models.JSONField(default=list, blank=True)
    body_mass_kg = models.FloatField(null=True, blank=True, validators=between(25, 300))
    water_ml = models.PositiveIntegerField(null=True, blank=True, validators=between(0, 10000))
    feel_ready = models.PositiveSmallIntegerField(
        _l("how ready do you feel?"),
        null=True,
        blank=True,
        validators=between(0, 10),
        help_text=_l("0 not at all … 10 fully. Never used in the score: it checks the score."),
    )
    note = note_field()
    note_shared = models.BooleanField(default=False, help_text=_l("Let my coaches read this note."))

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
        ILL = "ill", _l("Ill")
        TRAVEL = "travel", _l("Travel")
        ALCOHOL = "alcohol", _l("Alcohol")
        HEAT = "heat", _l("Heat")
        PERIOD = "period", _l("Period")

    tags = models.JSONField(default=list)

    class Meta:
        ordering = ["-date"]
        verbose_name_plural = _l("day tags")
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
