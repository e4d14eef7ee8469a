"""The export: the athlete's whole journal as a ZIP of CSV files and journal.json.

`/export/` and `/settings/data/` use it; `format` says what the files hold.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from journal.models import (
    Athlete,
    CheckIn,
    DayTags,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    WeighIn,
    Workout,
)

from .format import (
    CHECKIN_FIELDS,
    DAY_TAG_FIELDS,
    DERIVED_FILES,
    FORMAT,
    FORMAT_VERSION,
    INTAKE_FIELDS,
    MEAL_FIELDS,
    PROFILE_FIELDS,
    SECTIONS,
    SET_FIELDS,
    SLEEP_FIELDS,
    WEIGH_IN_FIELDS,
    WORKOUT_FIELDS,
    csv_columns,
    json_value,
)

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
# What a spreadsheet may read as the start of a formula or a command (DDE): "|" and ";" as
# well as "=", also after leading white space.
FORMULA_STARTS = ("=", "+", "-", "@", "|", ";", "\t", "\r", "\n")


def _record(entry: models.Model, fields: Iterable[str], tz: ZoneInfo) -> dict:
    return {name: json_value(getattr(entry, name), tz) for name in fields}


def journal_as_dict(athlete: Athlete) -> dict:
    """Everything in the athlete's journal as JSON-ready data (the layout of journal.json).

    A query per kind of record and one per section (nine with recovery's coach notes),
    whatever the size of the journal. Entries come oldest first.
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

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().astimezone(tz).isoformat(),
        "profile": {
            "username": user.get_username(),
            "email": user.email,
            **_record(athlete, PROFILE_FIELDS, tz),
            "created_at": json_value(athlete.created_at, tz),
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
        **{section.key: section.records(athlete, tz) for section in SECTIONS},
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
        **{section.filename: journal[section.key] for section in SECTIONS},
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


def export_journal(athlete: Athlete) -> bytes:
    """The athlete's whole journal as a ZIP: one CSV per kind of entry, the derived files,
    and journal.json."""
    journal = journal_as_dict(athlete)
    journal_columns = csv_columns()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for filename, rows in csv_rows(journal).items():
            archive.writestr(filename, _csv_bytes(journal_columns[filename], rows))
        for derived in DERIVED_FILES:
            filename, columns, rows = derived(athlete)
            archive.writestr(filename, _csv_bytes(columns, rows))
        archive.writestr("journal.json", json.dumps(journal, indent=2, ensure_ascii=False))
    return buffer.getvalue()
