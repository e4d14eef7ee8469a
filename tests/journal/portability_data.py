"""Journals for the export and import tests, and readers for the files the export writes."""

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta

from journal.management.commands.seed_demo import JournalGenerator
from journal.models import ENTRY_MODELS, Athlete, ExerciseSet, WeighIn, Workout
from recovery.models import CoachNote
from tests.factories import (
    CheckInFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    UserFactory,
    WorkoutFactory,
)

NOT_COMPARED = {"id", "athlete", "created_at", "updated_at"}


# --- Helpers ----------------------------------------------------------------------------------


def _value(value):
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in NOT_COMPARED]


def snapshot(athlete: Athlete) -> dict:
    """Every field of every row of the athlete's journal, without pks, timestamps or owner."""
    profile_fields = [f for f in _fields(Athlete) if f not in {"user_id", "public_id"}]
    tables: dict = {"profile": tuple(getattr(athlete, name) for name in profile_fields)}
    for model in ENTRY_MODELS:
        rows = model.objects.filter(athlete=athlete).values_list(*_fields(model))
        tables[model.__name__] = sorted((tuple(map(_value, row)) for row in rows), key=repr)
    set_fields = [f for f in _fields(ExerciseSet) if f not in {"workout_id", "exercise_id"}]
    rows = ExerciseSet.objects.filter(workout__athlete=athlete).values_list(
        "workout__date", "workout__started_at", "workout__title", "exercise__name", *set_fields
    )
    tables["ExerciseSet"] = sorted((tuple(map(_value, row)) for row in rows), key=repr)
    return tables


def realistic_journal(athlete: Athlete) -> None:
    """Three weeks from the demo generator, plus rows with notes, sore areas and odd values."""
    JournalGenerator(athlete, "strength", weeks=3).generate()
    past = athlete.today() - timedelta(days=30)
    workout = WorkoutFactory(
        athlete=athlete,
        date=past,
        kind=Workout.Kind.SPORT,
        title="Five-a-side «night»",
        rpe="7.5",
        notes="Ankle felt tight\nsecond line",
        notes_shared=True,
    )
    ExerciseSetFactory(workout=workout, exercise=ExerciseFactory(name="Sled push"), rir=None)
    ExerciseSetFactory(workout=workout, exercise=ExerciseFactory(name="Sled push"), position=1)
    SleepEntryFactory(
        athlete=athlete, date=past, notes="Noisy street", hrv_ms=None, hrv_sdnn_ms=44.5
    )
    MealFactory(athlete=athlete, date=past, description="Ramen, extra egg", kcal=812.5)
    IntakeFactory(
        athlete=athlete, date=past, category="supplement", name="Creatine", amount=5, unit="g"
    )
    CheckInFactory(
        athlete=athlete,
        date=past,
        sore_areas=["quads", "lower_back"],
        body_mass_kg=81.3,
        water_ml=2400,
        note="Legs heavy after the game",
        note_shared=True,
    )
    CoachNote.objects.create(athlete=athlete, author=UserFactory(), date=past, text="Deload next")
    WeighIn.objects.create(
        athlete=athlete,
        date=past,
        weighed_at=datetime.combine(past, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7),
        body_mass_kg=81.9,
    )


def unzip(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def empty_journal(**extra) -> dict:
    return {"format": "rebound-journal", "format_version": 1} | extra
