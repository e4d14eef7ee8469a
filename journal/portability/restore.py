"""The import: a journal.json (or an export's ZIP) restored into an empty account, all or
nothing, after every record has been checked.

`/settings/data/import/` and `manage.py import_journal` use it; `format` says what the
files hold.
"""

import io
import json
import zipfile
import zlib

from django.db import IntegrityError, transaction

from journal.models import (
    ENTRY_MODELS,
    Athlete,
    CheckIn,
    DayTags,
    Exercise,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    WeighIn,
    Workout,
    note_change,
)

from .checks import JournalImportError, validated
from .format import FORMAT, FORMAT_VERSION

MAX_IMPORT_BYTES = 20 * 1024 * 1024

NOT_EMPTY = "Import only works into an account with no journal entries yet."
NOT_JSON = "This file is not JSON. Choose the journal.json from a Rebound export."


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")


def read_journal_file(content: bytes) -> dict:
    """The data in a journal.json (or in an export's ZIP, which holds one). Raises
    JournalImportError when it is too large or not JSON."""
    if len(content) > MAX_IMPORT_BYTES:
        raise JournalImportError("This file is larger than 20 MB.")
    if content.startswith(b"PK\x03\x04"):
        content = _journal_json_in_zip(content)
    try:
        # NaN and Infinity are JSON extensions that would slip through every range check.
        return json.loads(content, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise JournalImportError(NOT_JSON) from None


def _journal_json_in_zip(content: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("journal.json")
            with archive.open(info) as member:
                # Read one byte past the limit rather than trust the size the ZIP declares.
                unpacked = member.read(MAX_IMPORT_BYTES + 1)
    except KeyError:
        raise JournalImportError(
            "This ZIP has no journal.json. Choose the ZIP of a Rebound export, or its journal.json."
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        raise JournalImportError(
            "This ZIP can't be read. Choose the journal.json inside it."
        ) from None
    if len(unpacked) > MAX_IMPORT_BYTES:
        raise JournalImportError("The journal.json in this ZIP is larger than 20 MB.")
    return unpacked


def check_format(data) -> None:
    """Raise JournalImportError unless `data` is a Rebound journal in the version we read."""
    if not isinstance(data, dict) or "format_version" not in data:
        raise JournalImportError(
            "This JSON is not a Rebound journal export: it has no format_version."
        )
    version = data["format_version"]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise JournalImportError(
            f"This export is format version {version!r}; Rebound can import version "
            f"{FORMAT_VERSION}."
        )
    if data.get("format", FORMAT) != FORMAT:
        raise JournalImportError("This JSON is not a Rebound journal export.")


def has_entries(athlete: Athlete) -> bool:
    """Whether the athlete has logged anything: a workout, night, meal, intake, check-in,
    day tag or weigh-in."""
    return any(model.objects.filter(athlete=athlete).exists() for model in ENTRY_MODELS)


def _exercises_for(athlete: Athlete, names: set[str]) -> tuple[dict[str, Exercise], int]:
    """The exercise the athlete sees under each name (case aside). A missing one is added as
    the athlete's own strength exercise: an import never writes to the shared catalogue."""
    catalogue = list(Exercise.objects.visible_to(athlete))
    exact = {exercise.name: exercise for exercise in catalogue}
    folded = {exercise.name.casefold(): exercise for exercise in catalogue}
    found, created = {}, 0
    for name in sorted(names):
        exercise = exact.get(name) or folded.get(name.casefold())
        if exercise is None:
            exercise = Exercise(name=name, kind=Exercise.Kind.STRENGTH, owner=athlete)
            exercise.full_clean(validate_unique=False)
            exercise.save()
            folded[name.casefold()] = exercise
            created += 1
        found[name] = exercise
    return found, created


def import_journal(athlete: Athlete, data: dict, restore_profile: bool = False) -> dict[str, int]:
    """Restore a journal.json export into the athlete's empty account, all or nothing.

    Restores workouts with their sets, sleep, meals, intakes, check-ins, day tags and
    weigh-ins, and the profile (name, targets, time zone, units) only when `restore_profile` is
    asked for.
    Never the username, e-mail or password, coach links or coach notes.
    Gives the number of rows created per kind; raises JournalImportError, saving nothing,
    when the account has entries or any record is invalid.
    """
    check_format(data)
    with transaction.atomic():
        # The lock makes a second import running at the same moment wait, then find entries.
        Athlete.objects.select_for_update().only("pk").get(pk=athlete.pk)
        if has_entries(athlete):
            raise JournalImportError(NOT_EMPTY)
        profile_values, built = validated(athlete, data)
        if not restore_profile:
            profile_values = {}
        try:
            counts = _save(athlete, profile_values, built)
        except IntegrityError:
            raise JournalImportError(
                "The journal could not be saved: it breaks a rule of the database. Nothing was "
                "imported."
            ) from None
    return counts


def _save(athlete: Athlete, profile_values: dict, built: dict[str, list]) -> dict[str, int]:
    with transaction.atomic():
        if profile_values:
            for name, value in profile_values.items():
                setattr(athlete, name, value)
            athlete.save(update_fields=list(profile_values))
        names = {name for _, sets in built["workouts"] for _, name in sets}
        exercises, exercises_created = _exercises_for(athlete, names)
        workouts = [workout for workout, _ in built["workouts"]]
        for workout in workouts:
            workout.athlete = athlete
        Workout.objects.bulk_create(workouts)
        sets = []
        for workout, workout_sets in built["workouts"]:
            for exercise_set, name in workout_sets:
                exercise_set.workout = workout
                exercise_set.exercise = exercises[name]
                sets.append(exercise_set)
        ExerciseSet.objects.bulk_create(sets)
        for key, model in (
            ("sleep", SleepEntry),
            ("meals", Meal),
            ("intakes", Intake),
            ("checkins", CheckIn),
            ("day_tags", DayTags),
            ("weigh_ins", WeighIn),
        ):
            for entry in built[key]:
                entry.athlete = athlete
            model.objects.bulk_create(built[key])
        note_change(athlete.pk, None)  # bulk_create sends no signal
    return {
        "workouts": len(workouts),
        "sets": len(sets),
        "sleep": len(built["sleep"]),
        "meals": len(built["meals"]),
        "intakes": len(built["intakes"]),
        "checkins": len(built["checkins"]),
        "day_tags": len(built["day_tags"]),
        "weigh_ins": len(built["weigh_ins"]),
        "exercises_created": exercises_created,
    }


def describe_counts(counts: dict[str, int]) -> str:
    """“12 workouts (150 sets), 21 nights, …” for a message after an import."""

    def plural(number: int, noun: str, nouns: str) -> str:
        return f"{number} {noun if number == 1 else nouns}"

    text = (
        f"{plural(counts['workouts'], 'workout', 'workouts')} "
        f"({plural(counts['sets'], 'set', 'sets')}), "
        f"{plural(counts['sleep'], 'night', 'nights')}, "
        f"{plural(counts['meals'], 'meal', 'meals')}, "
        f"{plural(counts['intakes'], 'intake', 'intakes')} and "
        f"{plural(counts['checkins'], 'check-in', 'check-ins')}"
    )
    if counts.get("day_tags"):
        text += f"; {plural(counts['day_tags'], 'tagged day', 'tagged days')}"
    if counts.get("weigh_ins"):
        text += f"; {plural(counts['weigh_ins'], 'weigh-in', 'weigh-ins')}"
    if counts["exercises_created"]:
        text += (
            f"; added {plural(counts['exercises_created'], 'exercise', 'exercises')} "
            "to the catalogue"
        )
    return text
