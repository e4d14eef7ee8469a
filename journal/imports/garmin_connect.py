"""Garmin Connect's activity list (connect.garmin.com → Activities → Export CSV): one row per
activity, its header as the export writes it: Activity Type, Date, Favorite, Title,
Distance, Calories, Time, Avg HR, Max HR, …, and in newer exports Moving Time and Elapsed
Time. Date is the start in the account's local time ("2025-03-02 07:14:09"), with no zone:
it is read in the athlete's zone. Time is the timer's time ("00:45:12", "00:45:12.3",
"45:12"). Values may be quoted, "--" is a missing value, and numbers follow the account's
locale: "1,024" with thousands separators, or "7,00" with a decimal comma.

Distance is in the account's unit, which the file does not say: kilometres or miles as the
athlete's units in Settings say (and metres or yards for swims, which Garmin counts in
pool lengths). The file has no activity id: a second import, or the FIT file of the same
session, is found by its start time and duration. Nor does it rate a session or give the
athlete's maximum heart rate, so each workout is listed for the athlete to rate.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from typing import IO

from journal.imports import tabular
from journal.imports.kinds import kind_for
from journal.imports.records import ImportFileError, ParseContext, ParseResult, WorkoutRecord

KEY = "garmin_connect"
LABEL = "Garmin Connect (activities CSV)"
REQUIRED = {"activity type", "date", "title", "distance", "time"}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
MISSING = {"", "--", "-"}
KM_PER_MILE = 1.609344
M_PER_YARD = 0.9144
MIN_SECONDS = 30  # as for FIT: a start pressed by mistake

_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,024 or 12,345.6
_DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$|^\d+,\d{4,}$|^\d{1,3}(\.\d{3})+,\d+$")  # 7,00
_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?$")


def detect(filename: str, head: bytes) -> bool:
    return set(tabular.header_of(head)) >= REQUIRED | {"avg hr"}


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    rows = list(tabular.rows(file, REQUIRED))
    decimal_comma = uses_decimal_comma(row["distance"] for _, row in rows)
    for line, row in rows:
        record = _workout(f"line {line}", row, context, decimal_comma, result)
        if record is not None:
            result.records.append(record)
    if not result.records and not result.problems:
        raise ImportFileError("This Garmin Connect export holds no activity.")
    unit = "miles" if context.imperial else "kilometres"
    result.notes.append(
        f"Garmin's export does not say its unit: distances read as {unit} (swims as "
        f"{'yards' if context.imperial else 'metres'}), as your units in Settings say. If "
        "your Garmin account uses the other unit, cancel, change your units in Settings and "
        "import again."
    )
    result.notes.append(
        "Garmin's export rates no session and gives no maximum heart rate: give these "
        "workouts a session RPE below, or rate each one afterwards."
    )
    return result


def _workout(where, row, context, decimal_comma, result) -> WorkoutRecord | None:
    activity = row["activity type"].strip()
    kind = kind_for(activity)
    if kind is None:
        result.problem(where, f"A {activity[:40].lower()} activity is not training: left out.")
        return None
    started = tabular.local_time(row["date"], DATE_FORMATS, context.tz)
    if started is None:
        result.problem(where, f"“{row['date'][:40]}” is not a date and time Rebound reads.")
        return None
    if far := tabular.out_of_range(started, row["date"]):
        result.problem(where, far)
        return None
    length = None
    for column in ("time", "moving time", "elapsed time"):
        length = garmin_duration(row.get(column, ""))
        if length is not None:
            break
    if length is None:
        result.problem(where, "The activity has no time (duration) Rebound reads.")
        return None
    if length.total_seconds() < MIN_SECONDS:
        result.problem(where, f"It lasted {length.total_seconds():.0f} s: left out.")
        return None
    try:
        distance = garmin_number(row["distance"], decimal_comma)
        avg_hr = garmin_number(row.get("avg hr", ""), decimal_comma)
        max_hr = garmin_number(row.get("max hr", ""), decimal_comma)
    except ValueError:
        result.problem(where, "The distance or a heart rate is not a number.")
        return None
    distance_km = _kilometres(distance, activity, context.imperial)
    return WorkoutRecord(
        where=where,
        started_at=started.astimezone(UTC),
        duration_min=max(1, round(length.total_seconds() / 60)),
        kind=kind,
        title=(row["title"] or activity)[:100],
        avg_hr_bpm=round(avg_hr) if avg_hr else None,
        max_hr_bpm=round(max_hr) if max_hr else None,
        distance_km=distance_km,
    )


def _kilometres(distance: float | None, activity: str, imperial: bool) -> float | None:
    if not distance:
        return None
    if "swim" in activity.lower():  # Garmin counts swims in metres, or yards
        return round(distance * (M_PER_YARD if imperial else 1) / 1000, 3)
    return round(distance * (KM_PER_MILE if imperial else 1), 3)


def uses_decimal_comma(values) -> bool:
    """Whether the file's numbers are written with a decimal comma ("7,00"), as some locales
    export, rather than a decimal point and thousands commas ("1,024.5")."""
    for value in values:
        value = value.strip().replace(" ", "").replace("\u202f", "").replace("\xa0", "")
        if _DECIMAL_COMMA.match(value):
            return True
        if "." in value and _THOUSANDS.match(value) or re.fullmatch(r"\d+\.\d{1,2}", value):
            return False
    return False


def garmin_number(value: str, decimal_comma: bool) -> float | None:
    """A number as Garmin writes it in the file's locale; None for "--" or nothing. Raises
    ValueError for anything else that is not a number."""
    value = value.strip().replace(" ", "").replace("\u202f", "").replace("\xa0", "")
    if value in MISSING:
        return None
    if decimal_comma:
        value = value.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(value):
        value = value.replace(",", "")
    elif "," in value:
        raise ValueError("a comma where a number should be")
    parsed = float(value)
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise ValueError("not a number")
    return parsed


def garmin_duration(value: str) -> timedelta | None:
    """ "01:05:12", "01:05:12.4", "05:12" (minutes and seconds) as a timedelta; None for
    "--", nothing, or anything else."""
    found = _TIME.match(value.strip())
    if found is None:
        return None
    hours, minutes, seconds, fraction = found.groups()
    if int(minutes) > 59 and hours is not None or int(seconds) > 59:
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += float(f"0.{fraction}")
    return timedelta(seconds=total)
