"""Strong's CSV export: one row per set; the sets of a workout share its Date and Workout Name.

Two layouts are read. The current one has the columns Date, Workout Name, Duration,
Exercise Name, Set Order, Weight, Reps, Distance, Seconds, Notes, Workout Notes and RPE, with
weights in the app's unit and no unit column; the older one is semicolon-separated and adds
Weight Unit and Distance Unit, with no Duration. Dates are local times without a zone. Set
Order is the set's number, or "W" for a warm-up ("D" drop set, "F" to failure); rest-timer
rows are not sets.
"""

from __future__ import annotations

from datetime import timedelta
from typing import IO

from journal.imports import tabular
from journal.imports.exercises import is_assisted
from journal.imports.records import (
    ImportFileError,
    ParseContext,
    ParseResult,
    SetRecord,
    WorkoutRecord,
)
from journal.models import LB_PER_KG, ExerciseSet, Workout
from journal.models.fields import limits

KEY = "strong"
LABEL = "Strong (CSV export)"
REQUIRED = {"date", "workout name", "exercise name", "set order", "weight", "reps"}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p")
SET_TYPES = {"w": "warmup", "d": "drop", "f": "failure"}
MINUTES_PER_SET = 3  # for the older layout, which has no duration
RIR = limits(ExerciseSet, "rir")
SESSION_RPE = limits(Workout, "rpe")


def detect(filename: str, head: bytes) -> bool:
    return set(tabular.header_of(head)) >= REQUIRED


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    workouts: dict[tuple[str, str], WorkoutRecord] = {}
    durations: dict[tuple[str, str], timedelta | None] = {}
    units_seen: set[str] = set()
    for line, row in tabular.rows(file, REQUIRED):
        where = f"line {line}"
        key = (row["date"], row["workout name"])
        workout = workouts.get(key)
        if workout is None:
            started = tabular.local_time(row["date"], DATE_FORMATS, context.tz)
            if started is None:
                result.problem(where, f"“{row['date'][:40]}” is not a date and time Rebound reads.")
                continue
            workout = WorkoutRecord(
                where=where,
                started_at=started,
                duration_min=0,
                kind="strength",
                title=row["workout name"][:100],
                source_id=f"strong:{row['date']}|{row['workout name']}",
                notes=row.get("workout notes", "")[:2000],
            )
            workouts[key] = workout
            durations[key] = tabular.duration(
                row.get("duration") or row.get("workout duration") or ""
            )
        exercise_set = _set(row, where, context, units_seen, result, workout)
        if exercise_set is not None:
            workout.sets.append(exercise_set)
    for key, workout in workouts.items():
        length = durations[key]
        if length is None:
            length = timedelta(minutes=max(10, MINUTES_PER_SET * len(workout.sets)))
            workout.notes = (workout.notes + "\n" if workout.notes else "") + (
                "Duration not in the file: estimated at import from the number of sets."
            )
        workout.duration_min = max(1, round(length.total_seconds() / 60))
        session_rpe_from_sets(workout)
        result.records.append(workout)
    if not workouts:
        raise ImportFileError(
            "No workout in this Strong export could be read: "
            + "; ".join(f"{p.where}: {p.message}" for p in result.problems[:3])
        )
    if units_seen:
        result.notes.append("Weights converted from " + " and ".join(sorted(units_seen)) + ".")
    else:
        unit = "pounds" if context.imperial else "kilograms"
        result.notes.append(
            f"Strong's export gives no unit: weights read as {unit}, as your settings say."
        )
    return result


def _set(
    row: dict, where: str, context: ParseContext, units_seen: set, result, workout
) -> SetRecord | None:
    order = row["set order"].strip().lower()
    if "rest" in order or "timer" in order:
        return None
    set_type = SET_TYPES.get(order[:1], "normal") if not order.isdigit() else "normal"
    try:
        weight = tabular.number(row["weight"]) or 0.0
        reps = tabular.number(row["reps"])
        rpe = tabular.number(row.get("rpe", ""))
        seconds = tabular.number(row.get("seconds", "")) or 0
        distance = tabular.number(row.get("distance", "")) or 0
    except ValueError:
        result.problem(where, "A number in this row can't be read (weight, reps, RPE).")
        return None
    if not reps:
        if seconds or distance:
            unit = row.get("distance unit") or "(distance)"
            measure = f"{seconds:g} s" if seconds else f"{distance:g} {unit}"
            not_a_set(workout, row["exercise name"], measure, where, result)
        else:
            result.problem(
                where, f"{row['exercise name'][:60]}: a set without repetitions: left out."
            )
        return None
    unit = row.get("weight unit", "").strip().lower()
    if unit in ("lbs", "lb"):
        units_seen.add("lb")
        weight /= LB_PER_KG
    elif not unit and context.imperial:
        weight /= LB_PER_KG
    weight = assistance_kept_apart(workout, row["exercise name"], weight, result)
    rir = None
    if rpe is not None:
        rir = max(RIR[0], min(RIR[1], round(10 - rpe)))  # RIR = 10 − RPE on the RIR-based RPE scale
    return SetRecord(
        exercise=row["exercise name"],
        reps=int(reps) if float(reps).is_integer() else round(reps),
        load_kg=round(weight, 2),
        rir=rir,
        set_type=set_type,
        rpe=rpe,
        where=where,
    )


def add_note(workout: WorkoutRecord, line: str) -> None:
    """Add a line to the workout's notes, within what a note holds (2,000 characters)."""
    notes = (workout.notes + "\n" if workout.notes else "") + line
    if len(notes) <= 2000:
        workout.notes = notes


def not_a_set(workout: WorkoutRecord, exercise: str, measure: str, where: str, result) -> None:
    """A timed set (a plank) or one of a distance has no repetitions, which a set in Rebound
    counts: it is kept in the workout's notes and said so on the preview, not dropped."""
    add_note(workout, f"{exercise[:60]}: {measure} (timed or distance, kept here: not a set)")
    result.problem(
        where,
        f"{exercise[:60]}: a set of {measure} without repetitions can't be a set in Rebound, "
        "which counts repetitions; it is kept in the workout's notes instead.",
    )


def assistance_kept_apart(workout: WorkoutRecord, exercise: str, weight_kg: float, result) -> float:
    """The load of a set: none for an assisted exercise, whose weight in the file is the
    help of a machine or a band, not weight lifted. Rebound has no negative load, so the
    assistance goes into the workout's notes and the set is stored with no added load."""
    if not weight_kg or not is_assisted(exercise):
        return weight_kg
    add_note(workout, f"{exercise[:60]}: {weight_kg:.1f} kg of assistance (not load)")
    note = (
        "Assisted exercises: the weight the file gives is assistance, not load, so those sets "
        "are stored with no added load; the assistance is in the workout's notes."
    )
    if note not in result.notes:
        result.notes.append(note)
    return 0.0


def session_rpe_from_sets(workout: WorkoutRecord) -> None:
    """Strong rates sets, not sessions: the mean RPE of the working sets stands in for the
    session RPE, labelled as an estimate. Without set RPEs the athlete rates it at import."""
    rated = [s.rpe for s in workout.sets if s.rpe is not None and s.set_type != "warmup"]
    if rated:
        low, high = SESSION_RPE
        workout.rpe = round(float(min(high, max(low, sum(rated) / len(rated)))), 1)
        workout.rpe_estimated = True
        workout.rpe_basis = f"estimated as the mean RPE of {len(rated)} rated sets"
