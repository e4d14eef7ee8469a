"""The exercise catalogue: shared names that staff edit, and each athlete's own."""

from django.db import models
from django.utils.translation import gettext_lazy as _l

from journal.models.people import Athlete
from journal.validators import validate_plain_name, validate_text

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


class ExerciseQuerySet(models.QuerySet):
    def visible_to(self, athlete: "Athlete | None") -> "ExerciseQuerySet":
        """The shared catalogue and the athlete's own exercises."""
        shared = models.Q(owner=None)
        return self.filter(shared | models.Q(owner=athlete) if athlete else shared)


class Exercise(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _l("Strength")
        CARDIO = "cardio", _l("Cardio")
        MOBILITY = "mobility", _l("Mobility")

    name = models.CharField(max_length=80, validators=[validate_text, validate_plain_name])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STRENGTH)
    muscle_groups = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        Athlete,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_exercises",
        help_text=_l(
            "Empty for the shared catalogue, which only staff edit; otherwise the one "
            "athlete who sees it (an import adds the names it does not know this way)."
        ),
    )
    import_batch = models.ForeignKey(
        "journal.ImportBatch",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_l(
            "The import that added this own exercise; undoing it removes the exercise "
            "unless a set still uses it."
        ),
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
