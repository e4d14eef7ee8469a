"""Hevy's CSV export ("Export workouts" in the app's settings): one row per set, with the
columns title, start_time, end_time, description, exercise_title, superset_id,
exercise_notes, set_index, set_type, weight_kg (weight_lbs when the app is in pounds), reps,
distance_km (or distance_miles), duration_seconds and rpe. Times read like
"15 Sep 2025, 07:48", local and without a zone. set_type is normal, warmup, failure or
dropset; all four are kept.
"""

from __future__ import annotations

from typing import IO

from journal.imports import tabular
from journal.imports.records import (
    ImportFileError,
    ParseContext,
    ParseResult,
    SetRecord,
    WorkoutRecord,
)
from journal.imports.strong import RIR, assistance_kept_apart, not_a_set, session_rpe_from_sets
from journal.models import LB_PER_KG

KEY = "hevy"
LABEL = "Hevy (CSV export)"
REQUIRED = {"title", "start_time", "end_time", "exercise_title", "set_index", "reps"}
TIME_FORMATS = ("%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
SET_TYPES = {"normal": "normal", "warmup": "warmup", "failure": "failure", "dropset": "drop"}


def detect(filename: str, head: bytes) -> bool:
    return set(tabular.header_of(head)) >= REQUIRED


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    workouts: dict[tuple[str, str], WorkoutRecord] = {}
    pounds = False
    for line, row in tabular.rows(file, REQUIRED):
        where = f"line {line}"
        key = (row["start_time"], row["title"])
        workout = workouts.get(key)
        if workout is None:
            started = tabular.local_time(row["start_time"], TIME_FORMATS, context.tz)
            ended = tabular.local_time(row["end_time"], TIME_FORMATS, context.tz)
            if started is None or ended is None:
                result.problem(where, "The start or end time is not one Rebound reads.")
                continue
            minutes = round((ended - started).total_seconds() / 60)
            if minutes < 1:
                result.problem(where, "The workout ends before it starts, or lasts under a minute.")
                continue
            workout = WorkoutRecord(
                where=where,
                started_at=started,
                duration_min=minutes,
                kind="strength",
                title=row["title"][:100],
                source_id=f"hevy:{row['start_time']}|{row['title']}",
                notes=row.get("description", "")[:2000],
            )
            workouts[key] = workout
        try:
            if row.get("weight_lbs"):
                pounds = True
                weight = (tabular.number(row["weight_lbs"]) or 0.0) / LB_PER_KG
            else:
                weight = tabular.number(row.get("weight_kg", "")) or 0.0
            reps = tabular.number(row["reps"])
            rpe = tabular.number(row.get("rpe", ""))
            seconds = tabular.number(row.get("duration_seconds", "")) or 0
            distance = tabular.number(row.get("distance_km", "") or row.get("distance_miles", ""))
        except ValueError:
            result.problem(where, "A number in this row can't be read (weight, reps, RPE).")
            continue
        if not reps:
            if seconds or distance:
                unit = "km" if row.get("distance_km") else "mi"
                measure = f"{seconds:g} s" if seconds else f"{distance:g} {unit}"
                not_a_set(workout, row["exercise_title"], measure, where, result)
            else:
                result.problem(
                    where, f"{row['exercise_title'][:60]}: a set without repetitions: left out."
                )
            continue
        weight = assistance_kept_apart(workout, row["exercise_title"], weight, result)
        workout.sets.append(
            SetRecord(
                exercise=row["exercise_title"],
                reps=round(reps),
                load_kg=round(weight, 2),
                rir=max(RIR[0], min(RIR[1], round(10 - rpe))) if rpe is not None else None,
                set_type=SET_TYPES.get(row.get("set_type", "normal").lower(), "normal"),
                rpe=rpe,
                where=where,
            )
        )
    if not workouts:
        raise ImportFileError(
            "No workout in this Hevy export could be read: "
            + "; ".join(f"{p.where}: {p.message}" for p in result.problems[:3])
        )
    for workout in workouts.values():
        session_rpe_from_sets(workout)
        result.records.append(workout)
    if pounds:
        result.notes.append("Weights converted from lb.")
    return result
