"""What a Rebound export holds: the format's name and version, the fields of each kind of
record, the CSV files and their columns, how a value is written in journal.json, and the
hooks through which other apps add to an export.

docs/export.md documents every CSV column and the JSON layout; tests keep the two in step.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from journal.models import Athlete

FORMAT = "rebound-journal"
FORMAT_VERSION = 1

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

# The files of the ZIP that hold the journal's own records and their columns, in order.
# docs/export.md has one table per file, and one for each section and derived file below.
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
}


def json_value(value, tz: ZoneInfo):
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


@dataclass(frozen=True)
class Section:
    """Records another app keeps about the athlete that belong in their export, beside the
    journal's own: a list under `key` in journal.json and the CSV file `filename`.

    `records` gives the athlete's records, JSON-ready (see `json_value`), oldest first.
    An import leaves sections out: they are not the athlete's to restore.
    """

    key: str
    filename: str
    columns: tuple[str, ...]
    records: Callable[[Athlete, ZoneInfo], list[dict]]


# Filled by other apps' AppConfig.ready (recovery adds its coach notes): journal imports no
# other app, so what they add to an export comes in through here.
SECTIONS: list[Section] = []


def add_section(section: Section) -> None:
    """Add a section to every export, after those added before it; adding it again does
    nothing."""
    if all(known.key != section.key for known in SECTIONS):
        SECTIONS.append(section)


# Files derived from the journal that other apps add to the export, beside the raw records:
# each gives (filename, columns, rows) for an athlete. recovery adds day_states.csv. They are
# not imported: importing the records derives them again.
DERIVED_FILES: list[Callable[[Athlete], tuple[str, tuple[str, ...], list[dict]]]] = []


def csv_columns() -> dict[str, tuple[str, ...]]:
    """The columns of every CSV file built from journal.json: the journal's own, then the
    sections', in the order they are written."""
    return CSV_COLUMNS | {section.filename: section.columns for section in SECTIONS}
