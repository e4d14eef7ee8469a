"""The checks of an import: journal.json records turned into validated, unsaved model
instances, with every problem collected and named where the athlete will look for it."""

import copy
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
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
)
from journal.models.entries import LONGEST_NIGHT_H
from journal.validators import showable, validate_text

from .format import (
    CHECKIN_FIELDS,
    DAY_TAG_FIELDS,
    INTAKE_FIELDS,
    MEAL_FIELDS,
    PROFILE_FIELDS,
    SET_FIELDS,
    SLEEP_FIELDS,
    WEIGH_IN_FIELDS,
    WORKOUT_FIELDS,
)

LONGEST_NIGHT = timedelta(hours=LONGEST_NIGHT_H)
MAX_REPORTED_ERRORS = 20


class JournalImportError(Exception):
    """Why a journal can't be imported: one message per problem, in the athlete's words."""

    def __init__(self, messages: str | Iterable[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


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


def validated(athlete: Athlete, data: dict) -> tuple[dict, dict[str, list]]:
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
            return {"bedtime": [f"A night can't be longer than {LONGEST_NIGHT_H} hours."]}
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
