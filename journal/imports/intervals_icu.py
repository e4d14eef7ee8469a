"""intervals.icu's activities CSV (Settings → Download activities CSV): one row per
activity, its columns named as the fields of the Activity in intervals.icu's API: id,
start_date_local ("2025-04-12T07:30:00", the athlete's local time), type (Run, Ride,
VirtualRide, Swim, WeightTraining, Yoga, Walk, Hike, Rowing, NordicSki, …), name,
moving_time and elapsed_time (seconds), distance (metres), average_heartrate,
max_heartrate, athlete_max_hr, icu_training_load, icu_rpe (1–10), session_rpe, ….

The source id is the activity's `id`. The athlete's own rating (`icu_rpe`) is the session
RPE, not an estimate; `session_rpe` is intervals.icu's load (RPE × minutes), not an RPE, and
is not read. Without a rating, the RPE is estimated from heart rate when the file gives the
athlete's maximum (`athlete_max_hr`), labelled so, as for FIT; else the athlete rates it.
"""

from __future__ import annotations

from datetime import UTC
from typing import IO

from journal.imports import tabular
from journal.imports.fit import estimate_rpe
from journal.imports.kinds import kind_for
from journal.imports.records import ImportFileError, ParseContext, ParseResult, WorkoutRecord

KEY = "intervals_icu"
LABEL = "intervals.icu (activities CSV)"
REQUIRED = {"id", "start_date_local", "type"}
TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")
MIN_SECONDS = 30
HR_MAX_BPM = (100, 250)  # a maximum heart rate outside is not the athlete's


def detect(filename: str, head: bytes) -> bool:
    columns = set(tabular.header_of(head))
    return (
        columns >= REQUIRED
        and bool(columns & {"moving_time", "elapsed_time"})
        and any(column.startswith("icu_") for column in columns)
    )


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    estimated = unrated = 0
    for line, row in tabular.rows(file, REQUIRED):
        record = _workout(f"line {line}", row, context, result)
        if record is None:
            continue
        if record.rpe is None:
            unrated += 1
        elif record.rpe_estimated:
            estimated += 1
        result.records.append(record)
    if not result.records and not result.problems:
        raise ImportFileError("This intervals.icu export holds no activity.")
    if estimated or unrated:
        result.notes.append(
            "intervals.icu's icu_rpe is your own rating and becomes the session RPE; "
            f"{estimated + unrated} activit{'ies' if estimated + unrated != 1 else 'y'} "
            "without one "
            + ("get an estimate from heart rate or " if estimated else "")
            + "take the value you give below."
        )
    return result


def _workout(where, row, context, result) -> WorkoutRecord | None:
    activity = row["type"].strip()
    kind = kind_for(activity)
    if kind is None:
        result.problem(where, f"A {activity[:40]} activity is not training: left out.")
        return None
    started = tabular.local_time(row["start_date_local"], TIME_FORMATS, context.tz)
    if started is None:
        result.problem(
            where, f"“{row['start_date_local'][:40]}” is not a date and time Rebound reads."
        )
        return None
    if far := tabular.out_of_range(started, row["start_date_local"]):
        result.problem(where, far)
        return None
    try:
        moving = tabular.number(row.get("moving_time", ""))
        elapsed = tabular.number(row.get("elapsed_time", ""))
        distance_m = tabular.number(row.get("distance", ""))
        avg_hr = tabular.number(row.get("average_heartrate", ""))
        max_hr = tabular.number(row.get("max_heartrate", ""))
        athlete_max = tabular.number(row.get("athlete_max_hr", ""))
        rpe = tabular.number(row.get("icu_rpe", ""))
    except ValueError:
        result.problem(where, "A number in this row can't be read (times, distance, HR, RPE).")
        return None
    seconds = moving or elapsed
    if not seconds or seconds < MIN_SECONDS:
        result.problem(where, "The activity has no moving or elapsed time of 30 s or more.")
        return None
    if rpe is not None and not 1 <= rpe <= 10:
        result.problem(where, f"An icu_rpe of {rpe:g} is not on the 1–10 scale: left out.")
        rpe = None
    record = WorkoutRecord(
        where=where,
        started_at=started.astimezone(UTC),
        duration_min=max(1, round(seconds / 60)),
        kind=kind,
        title=(row.get("name") or activity)[:100],
        source_id=f"intervals_icu:{row['id'][:100]}" if row["id"] else "",
        rpe=rpe,
        avg_hr_bpm=round(avg_hr) if avg_hr else None,
        max_hr_bpm=round(max_hr) if max_hr else None,
        distance_km=round(distance_m / 1000, 3) if distance_m else None,
    )
    if athlete_max and HR_MAX_BPM[0] <= athlete_max <= HR_MAX_BPM[1]:
        estimate_rpe(record, athlete_max, "the maximum heart rate set in intervals.icu")
    return record
