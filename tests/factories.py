"""Factories that build only what a test needs."""

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth.models import User

from journal.models import (
    Athlete,
    CheckIn,
    CoachLink,
    Exercise,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    Workout,
)

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)


class AthleteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Athlete

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Athlete {n}")
    body_mass_kg = 75.0
    focus = Athlete.Focus.STRENGTH
    goal = Athlete.Goal.MAINTAIN
    timezone = "UTC"


class CoachLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachLink

    athlete = factory.SubFactory(AthleteFactory)
    coach = factory.SubFactory(UserFactory)
    status = CoachLink.Status.ACTIVE
    access = CoachLink.Access.VIEW


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lift {n}")
    kind = Exercise.Kind.STRENGTH
    muscle_groups = factory.LazyFunction(lambda: ["quads"])


def _noon(entry) -> datetime:
    return datetime.combine(entry.date, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)


class WorkoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workout

    athlete = factory.SubFactory(AthleteFactory)
    date = factory.LazyFunction(lambda: datetime.now(UTC).date())
    started_at = factory.LazyAttribute(_noon)
    kind = Workout.Kind.STRENGTH
    title = "Session"
    duration_min = 60
    rpe = 6


class ExerciseSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseSet

    workout = factory.SubFactory(WorkoutFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    reps = 5
    load_kg = 100


class SleepEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SleepEntry

    athlete = factory.SubFactory(AthleteFactory)
    date = factory.LazyFunction(lambda: datetime.now(UTC).date())
    bedtime = factory.LazyAttribute(
        lambda e: datetime.combine(e.date, datetime.min.time(), tzinfo=UTC) - timedelta(hours=1)
    )
    wake_time = factory.LazyAttribute(lambda e: e.bedtime + timedelta(hours=8))
    quality = 4


class MealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meal

    athlete = factory.SubFactory(AthleteFactory)
    date = factory.LazyFunction(lambda: datetime.now(UTC).date())
    eaten_at = factory.LazyAttribute(_noon)
    kind = Meal.Kind.LUNCH
    protein_g = 40
    carbs_g = 80
    fat_g = 20
    kcal = 660


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    athlete = factory.SubFactory(AthleteFactory)
    date = factory.LazyFunction(lambda: datetime.now(UTC).date())
    taken_at = factory.LazyAttribute(_noon)
    category = Intake.Category.WATER
    name = "Water"
    amount = 500
    unit = Intake.Unit.ML


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    athlete = factory.SubFactory(AthleteFactory)
    date = factory.LazyFunction(lambda: datetime.now(UTC).date())
    sleep_quality = 3
    fatigue = 3
    stress = 3
    soreness = 3
    energy = 3
