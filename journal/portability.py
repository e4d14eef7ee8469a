"""A whole journal out and back in: the ZIP export (a CSV per kind + journal.json) and its import.

`/export/`, `/settings/data/` and `manage.py import_journal` all use this module.
docs/export.md documents every CSV column and the JSON layout; tests keep the two in step.
"""

import copy
import csv
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from journal.models import (
    EARLIEST_DATE,
    MUSCLE_GROUP_KEYS,
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
from journal.validators import showable, validate_text

FORMAT = "rebound-journal"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024
LONGEST_NIGHT = timedelta(hours=16)
MAX_REPORTED_ERRORS = 20

NOT_EMPTY = "Import only works into an account with no journal entries yet."
NOT_JSON = "This file is not JSON. Choose the journal.json from a Rebound export."

PROFILE_FIELDS = (
    "display_name",
    "body_mass_kg",
    "focus",
    "goal",
    "sleep_target_h",
    "protein_target_g_per_kg",
    "water_target_ml_per_kg",
    "kcal_target",
    "timezone",
    "units",
    "weekly_digest",
)
WORKOUT_FIELDS = (
    "date",
    "started_at",
    "kind",
    "title",
    "duration_min",
    "rpe",
    "rpe_estimated",
    "avg_hr_bpm",
    "distance_km",
    "notes",
    "notes_shared",
)
SET_FIELDS = ("position", "reps", "load_kg", "rir", "set_type")
SLEEP_FIELDS = (
    "date",
    "bedtime",
    "wake_time",
    "quality",
    "awakenings",
    "resting_hr",
    "hrv_ms",
    "hrv_sdnn_ms",
    "notes",
    "notes_shared",
)
MEAL_FIELDS = ("date", "eaten_at", "kind", "description", "protein_g", "carbs_g", "fat_g", "kcal")
INTAKE_FIELDS = ("date", "taken_at", "category", "name", "amount", "unit")
CHECKIN_FIELDS = (
    "date",
    "sleep_quality",
    "fatigue",
    "stress",
    "soreness",
    "energy",
    "sore_areas",
    "body_mass_kg",
    "water_ml",
    "feel_ready",
    "note",
    "note_shared",
)

DAY_TAG_FIELDS = ("date", "tags")
WEIGH_IN_FIELDS = ("date", "weighed_at", "body_mass_kg")

# The files of the ZIP and their columns, in order. docs/export.md has one table per file.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "profile.csv": ("username", "email", *PROFILE_FIELDS, "created_at"),
    "workouts.csv": ("workout_number", *WORKOUT_FIELDS),
    "sets.csv": (
        "workout_number",
        "workout_date",
        "workout_started_at",
        "position",
        "exercise",
        "reps",
        "load_kg",
        "rir",
        "set_type",
    ),
    "sleep.csv": SLEEP_FIELDS,
    "meals.csv": MEAL_FIELDS,
    "intakes.csv": INTAKE_FIELDS,
    "checkins.csv": CHECKIN_FIELDS,
    "day_tags.csv": DAY_TAG_FIELDS,
    "weigh_ins.csv": WEIGH_IN_FIELDS,
    "coach_notes.csv": ("date", "author", "text", "created_at"),
}

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
# What a spreadsheet may read as the start of a formula or a command (DDE): "|" and ";" as
# well as "=", also after leading white space.
FORMULA_STARTS = ("=", "+", "-", "@", "|", ";", "\t", "\r", "\n")


class JournalImportError(Exception):
    """Why a journal can't be imported: one message per problem, in the athlete's words."""

    def __init__(self, messages: str | Iterable[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


# --- Export -----------------------------------------------------------------------------------


def _plain(value, tz: ZoneInfo):
    """A model value as JSON: datetimes ISO 8601 with the athlete's offset, dates ISO."""
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return list(value)
    return value


def _record(entry: models.Model, fields: Iterable[str], tz: ZoneInfo) -> dict:
    return {name: _plain(getattr(entry, name), tz) for name in fields}


def journal_as_dict(athlete: Athlete) -> dict:
    """Everything in the athlete's journal as JSON-ready data (the layout of journal.json).

    Nine queries, whatever the size of the journal. Entries come oldest first.
    """
    tz = athlete.tz
    user = athlete.user
    sets = ExerciseSet.objects.select_related("exercise").order_by("position", "pk")
    workouts = (
        Workout.objects.filter(athlete=athlete)
        .order_by("date", "started_at", "pk")
        .prefetch_related(Prefetch("sets", queryset=sets))
    )

    def entries(model: type[models.Model], fields: tuple[str, ...], *order: str) -> list[dict]:
        rows = model.objects.filter(athlete=athlete).order_by("date", *order, "pk")
        return [_record(row, fields, tz) for row in rows]

    # Coach notes are read through the reverse relation: journal does not import recovery.
    coach_notes = athlete.coach_notes.select_related("author").order_by("date", "created_at", "pk")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().astimezone(tz).isoformat(),
        "profile": {
            "username": user.get_username(),
            "email": user.email,
            **_record(athlete, PROFILE_FIELDS, tz),
            "created_at": _plain(athlete.created_at, tz),
        },
        "workouts": [
            _record(workout, WORKOUT_FIELDS, tz)
            | {
                "sets": [
                    {"exercise": exercise_set.exercise.name} | _record(exercise_set, SET_FIELDS, tz)
                    for exercise_set in workout.sets.all()
                ]
            }
            for workout in workouts
        ],
        "sleep": entries(SleepEntry, SLEEP_FIELDS),
        "meals": entries(Meal, MEAL_FIELDS, "eaten_at"),
        "intakes": entries(Intake, INTAKE_FIELDS, "taken_at"),
        "checkins": entries(CheckIn, CHECKIN_FIELDS),
        "day_tags": entries(DayTags, DAY_TAG_FIELDS),
        "weigh_ins": entries(WeighIn, WEIGH_IN_FIELDS, "weighed_at"),
        "coach_notes": [
            {
                "date": note.date.isoformat(),
                "author": note.author.get_username(),
                "text": note.text,
                "created_at": _plain(note.created_at, tz),
            }
            for note in coach_notes
        ],
    }


def csv_rows(journal: dict) -> dict[str, list[dict]]:
    """The rows of each CSV file, built from `journal_as_dict` so the two never disagree."""
    sets = [
        {
            "workout_number": number,
            "workout_date": workout["date"],
            "workout_started_at": workout["started_at"],
            **exercise_set,
        }
        for number, workout in enumerate(journal["workouts"], start=1)
        for exercise_set in workout["sets"]
    ]
    return {
        "profile.csv": [journal["profile"]],
        "workouts.csv": [
            {"workout_number": number}
            | {key: value for key, value in workout.items() if key != "sets"}
            for number, workout in enumerate(journal["workouts"], start=1)
        ],
        "sets.csv": sets,
        "sleep.csv": journal["sleep"],
        "meals.csv": journal["meals"],
        "intakes.csv": journal["intakes"],
        "checkins.csv": [
            checkin | {"sore_areas": ";".join(checkin["sore_areas"])}
            for checkin in journal["checkins"]
        ],
        "day_tags.csv": [row | {"tags": ";".join(row["tags"])} for row in journal["day_tags"]],
        "weigh_ins.csv": journal.get("weigh_ins", []),
        "coach_notes.csv": journal["coach_notes"],
    }


def csv_cell(value) -> str:
    """One CSV cell: empty for no value, true/false, and text that can't run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        risky = value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
        return "'" + value if risky else value
    return str(value)


def _csv_bytes(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        if row.keys() != set(columns):
            raise ValueError(f"CSV row keys {sorted(row)} differ from the columns {columns}")
        writer.writerow(csv_cell(row[name]) for name in columns)
    # The byte order mark makes spreadsheets read the file as UTF-8.
    return text.getvalue().encode("utf-8-sig")


# Files derived from the journal that other apps add to the export, beside the raw records:
# each gives (filename, columns, rows) for an athlete. recovery adds day_states.csv. They are
# not imported: importing the records derives them again.
DERIVED_FILES: list[Callable[[Athlete], tuple[str, tuple[str, ...], list[dict]]]] = []


def export_journal(athlete: Athlete) -> bytes:
    """The athlete's whole journal as a ZIP: one CSV per kind of entry, the derived files,
    and journal.json."""
    journal = journal_as_dict(athlete)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for filename, rows in csv_rows(journal).items():
            archive.writestr(filename, _csv_bytes(CSV_COLUMNS[filename], rows))
        for derived in DERIVED_FILES:
            filename, columns, rows = derived(athlete)
            archive.writestr(filename, _csv_bytes(columns, rows))
        archive.writestr("journal.json", json.dumps(journal, indent=2, ensure_ascii=False))
    return buffer.getvalue()


# --- Import -----------------------------------------------------------------------------------


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
    return any(
        model.objects.filter(athlete=athlete).exists()
        for model in (Workout, SleepEntry, Meal, Intake, CheckIn, DayTags, WeighIn)
    )


def _typed(field: models.Field, value):
    """The JSON value as the Python type the field keeps; ValidationError for the wrong type."""
    if value is None:
        if not field.null:
            raise ValidationError("This field cannot be null.")
        return None
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise ValidationError("Expected text.")
        validate_text(value)
        return value
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise ValidationError("Expected true or false.")
        return value
    if isinstance(field, models.DateTimeField):
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
        if parsed is None:
            raise ValidationError("Expected a date and time such as 2025-03-01T18:30:00+00:00.")
        if timezone.is_naive(parsed):
            raise ValidationError(f"“{value}” needs a UTC offset, e.g. {value}+00:00.")
        return parsed
    if isinstance(field, models.DateField):
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_date(value)
            except ValueError:
                parsed = None
        if parsed is None:
            raise ValidationError("Expected a date such as 2025-03-01.")
        return parsed
    if isinstance(field, models.JSONField):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError("Expected a list of names.")
        for item in value:
            validate_text(item)
        return list(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("Expected a number.")
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError("Expected a number.") from None
    if isinstance(field, models.IntegerField):
        if isinstance(value, float) and not value.is_integer():
            raise ValidationError("Expected a whole number.")
        return int(value)
    return float(value)


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


class _Checker:
    """Builds validated, unsaved model instances from records, collecting what is wrong."""

    def __init__(self):
        self.errors: list[str] = []

    def fail(self, where: str, problems: dict[str, list[str]]) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            message = f"{where}: " + "; ".join(
                f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                for name, messages in problems.items()
            )
            # Messages quote the file's values, which may hold what no page can show.
            self.errors.append(showable(message))
        elif len(self.errors) == MAX_REPORTED_ERRORS:
            self.errors.append("… and more problems after these.")

    def build(
        self,
        model: type[models.Model],
        record,
        fields: tuple[str, ...],
        where: str,
        exclude: tuple[str, ...] = (),
        check: Callable[[models.Model], dict[str, list[str]]] | None = None,
        start: models.Model | None = None,
    ):
        """An instance of `model` from the record, checked with `full_clean`, or None.

        `start` is an instance whose values fill in the fields the record leaves out.
        """
        if not isinstance(record, dict):
            self.fail(where, {"__all__": ["Expected a record ({…})."]})
            return None
        values, problems = {}, {}
        for name in fields:
            if name in record:
                try:
                    values[name] = _typed(model._meta.get_field(name), record[name])
                except ValidationError as error:
                    problems[name] = error.messages
        if start is None:
            instance = model(**values)
        else:
            instance = copy.copy(start)
            for name, value in values.items():
                setattr(instance, name, value)
        try:
            # Uniqueness and check constraints would cost a query per record: the file is
            # checked for duplicate days below, and the constraints' ranges are field validators.
            instance.full_clean(
                exclude=[*problems, *exclude], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.setdefault(name, []).extend(messages)
        if not problems and check is not None:
            problems = check(instance)
        if problems:
            # Problems are named by their key in journal.json, where the athlete will look.
            self.fail(where, problems)
            return None
        return instance


def _section(data: dict, key: str) -> list:
    records = data.get(key, [])
    if not isinstance(records, list):
        raise JournalImportError(f"“{key}” must be a list of records.")
    return records


def _validated(athlete: Athlete, data: dict) -> tuple[dict, dict[str, list]]:
    """The profile values and unsaved entries of `data`; JournalImportError lists every problem."""
    checker = _Checker()
    profile_values: dict = {}
    if "profile" in data:
        profile = checker.build(
            Athlete, data["profile"], PROFILE_FIELDS, "Profile", ("user",), start=athlete
        )
        if profile is not None:
            profile_values = {
                name: getattr(profile, name) for name in PROFILE_FIELDS if name in data["profile"]
            }
    tz = ZoneInfo(profile_values.get("timezone", athlete.timezone))
    today = timezone.localtime(timezone=tz).date()
    entry_exclude = ("athlete", "created_at", "updated_at")

    def day_checks(entry) -> dict[str, list[str]]:
        if entry.date > today:
            return {"date": ["This date is in the future."]}
        if entry.date < EARLIEST_DATE:
            return {"date": [f"Enter a date from {EARLIEST_DATE.year} on."]}
        return {}

    nights: set[date] = set()

    def night_checks(night: SleepEntry) -> dict[str, list[str]]:
        length = night.wake_time - night.bedtime
        if length <= timedelta(0):
            return {"wake_time": ["The wake time must be after the bedtime."]}
        if length > LONGEST_NIGHT:
            return {"bedtime": ["A night can't be longer than 16 hours."]}
        if night.date in nights:
            return {"date": [f"Another night in this file also ends on {night.date}."]}
        nights.add(night.date)
        return day_checks(night)

    checkin_days: set[date] = set()

    def checkin_checks(checkin: CheckIn) -> dict[str, list[str]]:
        unknown = [area for area in checkin.sore_areas if area not in MUSCLE_GROUP_KEYS]
        if unknown:
            return {"sore_areas": [f"“{unknown[0]}” is not a muscle group Rebound knows."]}
        if checkin.date in checkin_days:
            return {"date": [f"Another check-in in this file is also on {checkin.date}."]}
        checkin_days.add(checkin.date)
        return day_checks(checkin)

    tag_days: set[date] = set()

    def tag_checks(row: DayTags) -> dict[str, list[str]]:
        if row.date in tag_days:
            return {"date": [f"Another row of tags in this file is also on {row.date}."]}
        tag_days.add(row.date)
        return day_checks(row)

    def describe(noun: str, number: int, record, *keys: str) -> str:
        if not isinstance(record, dict):
            return f"{noun} {number}"
        shown = [_short(record[key]) for key in keys if record.get(key) not in (None, "")]
        return f"{noun} {number}" + (f" ({' '.join(shown)})" if shown else "")

    built: dict[str, list] = {
        key: []
        for key in ("workouts", "sleep", "meals", "intakes", "checkins", "day_tags", "weigh_ins")
    }
    for number, record in enumerate(_section(data, "workouts"), start=1):
        where = describe("Workout", number, record, "date", "title")
        workout = checker.build(
            Workout, record, WORKOUT_FIELDS, where, entry_exclude, check=day_checks
        )
        sets = record.get("sets", []) if isinstance(record, dict) else []
        if not isinstance(sets, list):
            checker.fail(where, {"sets": ["Expected a list of sets."]})
            continue
        workout_sets = []
        for set_number, set_record in enumerate(sets, start=1):
            set_where = describe(f"{where}, set", set_number, set_record, "exercise")
            exercise_set = checker.build(
                ExerciseSet, set_record, SET_FIELDS, set_where, ("workout", "exercise")
            )
            name = set_record.get("exercise") if isinstance(set_record, dict) else None
            try:
                if not isinstance(name, str) or not name.strip():
                    raise ValidationError("Expected an exercise name (1–80 chars).")
                name = Exercise._meta.get_field("name").clean(name.strip(), None)
            except ValidationError as error:
                checker.fail(set_where, {"exercise": error.messages})
                continue
            if exercise_set is not None:
                if "position" not in set_record:
                    exercise_set.position = set_number - 1
                workout_sets.append((exercise_set, name))
        if workout is not None:
            built["workouts"].append((workout, workout_sets))
    for key, model, fields, noun, keys, check in (
        ("sleep", SleepEntry, SLEEP_FIELDS, "Night", ("date",), night_checks),
        ("meals", Meal, MEAL_FIELDS, "Meal", ("date", "kind"), day_checks),
        ("intakes", Intake, INTAKE_FIELDS, "Intake", ("date", "name"), day_checks),
        ("checkins", CheckIn, CHECKIN_FIELDS, "Check-in", ("date",), checkin_checks),
        ("day_tags", DayTags, DAY_TAG_FIELDS, "Day tags", ("date",), tag_checks),
        ("weigh_ins", WeighIn, WEIGH_IN_FIELDS, "Weigh-in", ("date",), day_checks),
    ):
        for number, record in enumerate(_section(data, key), start=1):
            where = describe(noun, number, record, *keys)
            entry = checker.build(model, record, fields, where, entry_exclude, check=check)
            if entry is not None:
                built[key].append(entry)
    if checker.errors:
        raise JournalImportError(checker.errors)
    return profile_values, built


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
        profile_values, built = _validated(athlete, data)
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
