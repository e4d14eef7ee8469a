"""What the athlete keeps to log again with one tap: routines and favourite meals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _l

from journal.models.entries import (
    CARBS_G,
    FAT_G,
    KCAL,
    LOAD_KG,
    PROTEIN_G,
    REPS,
    RIR,
    ExerciseSet,
    Meal,
)
from journal.models.exercises import Exercise
from journal.models.fields import between
from journal.models.people import Athlete
from journal.validators import validate_text


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
        help_text=_l("The coach who gave the athlete this routine; empty for the athlete's own."),
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
    reps = models.PositiveSmallIntegerField(validators=between(*REPS))
    load_kg = models.FloatField(validators=between(*LOAD_KG), default=0)
    rir = models.PositiveSmallIntegerField(null=True, blank=True, validators=between(*RIR))
    set_type = models.CharField(
        max_length=8, choices=ExerciseSet.SetType.choices, default=ExerciseSet.SetType.NORMAL
    )

    class Meta:
        ordering = ["routine", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reps__gte=REPS[0], reps__lte=REPS[1]),
                name="routine_set_reps_1_100",
            ),
            models.CheckConstraint(
                condition=models.Q(load_kg__gte=LOAD_KG[0], load_kg__lte=LOAD_KG[1]),
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
    protein_g = models.FloatField(default=0, validators=between(*PROTEIN_G))
    carbs_g = models.FloatField(default=0, validators=between(*CARBS_G))
    fat_g = models.FloatField(default=0, validators=between(*FAT_G))
    kcal = models.FloatField(validators=between(*KCAL))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["description", "pk"]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()
