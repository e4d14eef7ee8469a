"""What the API reads and writes. Input fields carry the forms' limits in the schema for
the docs; the forms themselves check them, with their own messages (api/journal.py)."""

import re
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    field_validator,
)

from journal.models import MUSCLE_GROUP_KEYS, DayTags, Intake, Meal, Workout
from journal.validators import text_problem


def bounded(low: float, high: float, **extra: Any) -> dict:
    """The documented range of a number (checked by the form, not by the schema)."""
    return {"json_schema_extra": {"minimum": low, "maximum": high, **extra}}


def choices(values) -> dict:
    return {"json_schema_extra": {"enum": list(values)}}


def _storable(value: Any) -> Any:
    if isinstance(value, str) and (problem := text_problem(value)):
        raise ValueError(problem)
    if isinstance(value, list):
        for item in value:
            _storable(item)
    return value


class Payload(Schema):
    """A request body: unknown fields are refused, and so is text no column can hold."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def storable_text(cls, value: Any) -> Any:
        return _storable(value)


def partial(schema: type[Payload], name: str) -> type[Payload]:
    """`schema` with every field optional, for PATCH: what is left out stays as it is."""
    fields = {}
    for field_name, info in schema.model_fields.items():
        annotation = (
            Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        )
        extra = {"json_schema_extra": info.json_schema_extra} if info.json_schema_extra else {}
        fields[field_name] = (annotation | None, Field(None, description=info.description, **extra))
    doc = f"Only the fields to change. {schema.__doc__ or ''}".strip()
    return create_model(name, __base__=Payload, __doc__=doc, **fields)


def page_of(item: type[Schema], name: str) -> type[Schema]:
    return create_model(
        name,
        __base__=Schema,
        __doc__="One page of a list: `count` items in all, `limit` from `offset` on.",
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[item], ...),
    )


CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _clock(value: Any) -> Any:
    if not isinstance(value, str) or not re.fullmatch(CLOCK_PATTERN, value):
        raise ValueError("Enter a valid time, e.g. 07:30.")
    return value


# A wall-clock time in the athlete's own zone, "07:30" (JSON Schema's "time" format would
# need a UTC offset, which a local clock time does not have).
Clock = Annotated[
    str,
    BeforeValidator(_clock),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "examples": ["07:30"]}),
]
Day = date

# ---------------------------------------------------------------- profile


class TargetsOut(Schema):
    sleep_target_h: float
    protein_target_g_per_kg: float = Field(
        description="The target in force: the athlete's own or the default for their focus."
    )
    protein_target_is_default: bool
    water_target_ml_per_kg: float
    kcal_target: int | None


class ProfileOut(Schema):
    public_id: UUID
    display_name: str
    body_mass_kg: float
    focus: str
    goal: str
    timezone: str
    units: str
    today: date = Field(description="The athlete's local calendar day now.")
    targets: TargetsOut


class MeOut(ProfileOut):
    username: str


class TargetsIn(Payload):
    """Targets; `protein_target_g_per_kg` null goes back to the default for the focus."""

    sleep_target_h: float | None = Field(None, **bounded(7, 9))
    protein_target_g_per_kg: float | None = Field(None, **bounded(0.8, 3.0))
    water_target_ml_per_kg: float | None = Field(None, **bounded(20, 70))
    kcal_target: int | None = Field(None, **bounded(1000, 6000))


class ExerciseOut(Schema):
    id: int
    name: str
    kind: str
    muscle_groups: list[str]
    own: bool = Field(description="The athlete's own exercise rather than the shared catalogue.")


# ---------------------------------------------------------------- entries


class SetIn(Payload):
    exercise_id: int = Field(description="From GET /exercises/.")
    reps: int = Field(**bounded(1, 100))
    load_kg: float | None = Field(None, **bounded(0, 1000))
    rir: int | None = Field(None, description="Reps in reserve.", **bounded(0, 10))


class SetOut(Schema):
    id: int
    exercise_id: int
    exercise: str
    reps: int
    load_kg: float
    rir: int | None


class WorkoutIn(Payload):
    """A workout and its sets. `sets`, when given, replaces every set of the workout."""

    date: Day
    time: Clock = Field(description="Start time, local (HH:MM).")
    kind: str = Field(Workout.Kind.STRENGTH.value, **choices(Workout.Kind.values))
    title: str = Field("", json_schema_extra={"maxLength": 100})
    duration_min: int = Field(**bounded(1, 600))
    rpe: float = Field(description="Session RPE, CR-10.", **bounded(0, 10))
    notes: str = Field("", json_schema_extra={"maxLength": 2000})
    notes_shared: bool = False
    sets: list[SetIn] = Field(default_factory=list, json_schema_extra={"maxItems": 60})


WorkoutPatch = partial(WorkoutIn, "WorkoutPatch")


class WorkoutOut(Schema):
    id: int
    date: Day
    time: Clock
    started_at: datetime
    kind: str
    title: str
    duration_min: int
    rpe: float
    session_load_au: float = Field(description="Session RPE × minutes.")
    notes: str = Field(description="Empty for a coach unless the athlete shares it.")
    notes_shared: bool
    sets: list[SetOut]
    updated_at: datetime


class SleepIn(Payload):
    """A night, filed under the day you woke up. A bedtime later on the clock than the
    wake time was the evening before."""

    date: Day = Field(description="The wake-up day.")
    bedtime: Clock = Field(description="Local (HH:MM).")
    wake_time: Clock = Field(description="Local (HH:MM).")
    quality: int = Field(description="1 poor … 5 excellent.", **bounded(1, 5))
    awakenings: int | None = Field(None, **bounded(0, 30))
    resting_hr: int | None = Field(None, description="Beats a minute.", **bounded(25, 150))
    hrv_ms: float | None = Field(None, description="HRV, rMSSD (ms).", **bounded(5, 300))
    hrv_sdnn_ms: float | None = Field(
        None, description="HRV, SDNN (ms), as Apple Health records it.", **bounded(5, 300)
    )
    notes: str = Field("", json_schema_extra={"maxLength": 2000})
    notes_shared: bool = False


SleepPatch = partial(SleepIn, "SleepPatch")


class SleepOut(Schema):
    id: int
    date: Day
    bedtime: Clock
    wake_time: Clock
    bedtime_at: datetime
    wake_time_at: datetime
    duration_h: float
    quality: int | None = Field(description="1 poor … 5 excellent; empty for an imported night.")
    awakenings: int | None
    resting_hr: int | None
    hrv_ms: float | None
    hrv_sdnn_ms: float | None
    notes: str = Field(description="Empty for a coach unless the athlete shares it.")
    notes_shared: bool
    updated_at: datetime


class MealIn(Payload):
    """A meal; `kcal` left out is worked out from the macros (4/4/9 kcal per g)."""

    date: Day
    time: Clock
    kind: str = Field(Meal.Kind.LUNCH.value, **choices(Meal.Kind.values))
    description: str = Field("", json_schema_extra={"maxLength": 200})
    protein_g: float | None = Field(None, **bounded(0, 400))
    carbs_g: float | None = Field(None, **bounded(0, 1000))
    fat_g: float | None = Field(None, **bounded(0, 500))
    kcal: float | None = Field(None, **bounded(0, 10000))


MealPatch = partial(MealIn, "MealPatch")


class MealOut(Schema):
    id: int
    date: Day
    time: Clock
    eaten_at: datetime
    kind: str
    description: str
    protein_g: float
    carbs_g: float
    fat_g: float
    kcal: float
    updated_at: datetime


class IntakeIn(Payload):
    """Something drunk or taken: water in ml or l, caffeine in mg or servings."""

    date: Day
    time: Clock
    category: str = Field(Intake.Category.WATER.value, **choices(Intake.Category.values))
    name: str = Field("", json_schema_extra={"maxLength": 80})
    amount: float = Field(**bounded(0, 10000))
    unit: str = Field(Intake.Unit.ML.value, **choices(Intake.Unit.values))


IntakePatch = partial(IntakeIn, "IntakePatch")


class IntakeOut(Schema):
    id: int
    date: Day
    time: Clock
    taken_at: datetime
    category: str
    name: str
    amount: float
    unit: str
    updated_at: datetime


class CheckInIn(Payload):
    """The daily check-in. The four Hooper items run 1 (best) to 7 (worst); energy 1 (very
    low) to 5 (very high). A second check-in for the same day updates it. `tags` are the
    day's (ill, travel, alcohol, heat, period)."""

    date: Day
    sleep_quality: int = Field(**bounded(1, 7))
    fatigue: int = Field(**bounded(1, 7))
    stress: int = Field(**bounded(1, 7))
    soreness: int = Field(**bounded(1, 7))
    energy: int = Field(**bounded(1, 5))
    sore_areas: list[str] = Field(
        default_factory=list, json_schema_extra={"items": {"enum": sorted(MUSCLE_GROUP_KEYS)}}
    )
    body_mass_kg: float | None = Field(None, **bounded(25, 300))
    water_ml: int | None = Field(
        None, **bounded(0, 10000), description="Water drunk (ml), added to the day's water intakes."
    )
    feel_ready: int | None = Field(
        None, description="How ready do you feel? Never part of the score.", **bounded(0, 10)
    )
    tags: list[str] = Field(
        default_factory=list, json_schema_extra={"items": {"enum": list(DayTags.Tag.values)}}
    )
    note: str = Field("", json_schema_extra={"maxLength": 2000})
    note_shared: bool = False


class CheckInPatch(Payload):
    """Only the answers to change; a check-in stays on its day."""

    sleep_quality: int | None = Field(None, **bounded(1, 7))
    fatigue: int | None = Field(None, **bounded(1, 7))
    stress: int | None = Field(None, **bounded(1, 7))
    soreness: int | None = Field(None, **bounded(1, 7))
    energy: int | None = Field(None, **bounded(1, 5))
    sore_areas: list[str] | None = None
    body_mass_kg: float | None = Field(None, **bounded(25, 300))
    water_ml: int | None = Field(None, **bounded(0, 10000))
    feel_ready: int | None = Field(None, **bounded(0, 10))
    tags: list[str] | None = None
    note: str | None = None
    note_shared: bool | None = None


class CheckInOut(Schema):
    id: int
    date: Day
    sleep_quality: int
    fatigue: int
    stress: int
    soreness: int
    energy: int
    hooper: int = Field(description="The sum of the four 1–7 items, 4 (best) to 28.")
    sore_areas: list[str]
    body_mass_kg: float | None
    water_ml: int | None
    feel_ready: int | None
    tags: list[str]
    note: str = Field(description="Empty for a coach unless the athlete shares it.")
    note_shared: bool
    updated_at: datetime


WorkoutPage = page_of(WorkoutOut, "WorkoutPage")
SleepPage = page_of(SleepOut, "SleepPage")
MealPage = page_of(MealOut, "MealPage")
IntakePage = page_of(IntakeOut, "IntakePage")
CheckInPage = page_of(CheckInOut, "CheckInPage")
ExercisePage = page_of(ExerciseOut, "ExercisePage")
