"""intervals.icu's wellness CSV (Settings → Download wellness CSV): one row per day, its
columns named as the fields of the Wellness object in intervals.icu's API: id (the day,
"2025-11-03"), restingHR, hrv (rMSSD, ms), hrvSDNN, sleepSecs, sleepScore, sleepQuality,
weight (kg), soreness, fatigue, stress, mood, motivation, readiness, ctl, atl, rampRate,
steps, comments, …. Any of them may be absent, and any cell empty.

What Rebound takes, and what it leaves:

- `weight` becomes a weigh-in. The file gives the day, not the time of day: it is filed at
  noon, local, on that day (a fixed time, so that a second import finds it again).
- Resting HR, HRV and sleep are not imported. A night in Rebound runs from bedtime to wake
  time (SleepEntry requires both), and the file has only the hours slept (`sleepSecs`);
  Rebound does not make the times up. Nor does it add the readings to a night already in
  the journal: an import never changes what is there, so that its undo removes exactly what
  it added. The preview says how many days are left out and why.
- soreness, fatigue, stress, mood and motivation are intervals.icu's 1–4 scales (1 = best or
  none); a check-in's items are on Rebound's 1–7 scale, and one can't be turned into the
  other honestly: they do not become check-ins.
- ctl, atl and rampRate are intervals.icu's own training-load model, readiness and
  sleepScore its own scores: not read.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import IO

from journal.imports import tabular
from journal.imports.records import ImportFileError, ParseContext, ParseResult, WeighInRecord
from journal.models import WeighIn
from journal.models.fields import limits

KEY = "intervals_wellness"
LABEL = "intervals.icu (wellness CSV)"
REQUIRED = {"id"}
# The Wellness object's fields, lower-cased as tabular reads a header.
WELLNESS_FIELDS = {
    "restinghr", "hrv", "hrvsdnn", "sleepsecs", "sleepscore", "sleepquality", "avgsleepinghr",
    "weight", "bodyfat", "abdomen", "kcalconsumed", "spo2", "systolic", "diastolic",
    "hydration", "hydrationvolume", "respiration", "bloodglucose", "lactate", "vo2max",
    "soreness", "fatigue", "stress", "mood", "motivation", "injury", "menstrualphase",
    "readiness", "ctl", "atl", "ramprate", "ctlload", "atlload", "steps", "comments",
    "baevent",
}  # fmt: skip
# Only intervals.icu spells these so: one of them is enough to know the file.
DISTINCT_FIELDS = {"restinghr", "hrvsdnn", "sleepsecs", "sleepscore", "ramprate", "ctlload"}
NIGHT_FIELDS = ("restinghr", "hrv", "hrvsdnn", "sleepsecs")
SCALE_FIELDS = ("soreness", "fatigue", "stress", "mood", "motivation")
BODY_MASS_KG = limits(WeighIn, "body_mass_kg")
WEIGHED_AT = time(12, 0)


def detect(filename: str, head: bytes) -> bool:
    columns = set(tabular.header_of(head))
    if "id" not in columns or columns & {"start_date_local", "type", "moving_time"}:
        return False  # not a wellness file: the activities CSV has these
    known = columns & WELLNESS_FIELDS
    return bool(known & DISTINCT_FIELDS) or len(known) >= 2


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    night_days: list[date] = []
    rated_days = 0
    for line, row in tabular.rows(file, REQUIRED):
        where = f"line {line}"
        day = _day(row["id"])
        if day is None:
            result.problem(where, f"“{row['id'][:40]}” is not a day (yyyy-mm-dd) Rebound reads.")
            continue
        if far := tabular.out_of_range(datetime(day.year, day.month, day.day), row["id"]):
            result.problem(where, far)
            continue
        if any(row.get(name) for name in NIGHT_FIELDS):
            night_days.append(day)
        if any(row.get(name) for name in SCALE_FIELDS):
            rated_days += 1
        try:
            weight = tabular.number(row.get("weight", ""))
        except ValueError:
            result.problem(where, f"The weight “{row['weight'][:20]}” is not a number.")
            continue
        if weight is None:
            continue
        if not BODY_MASS_KG[0] <= weight <= BODY_MASS_KG[1]:
            result.problem(
                where, f"A weight of {weight:g} kg is not a body mass Rebound stores: left out."
            )
            continue
        weighed = datetime.combine(day, WEIGHED_AT, tzinfo=context.tz)
        result.records.append(
            WeighInRecord(
                where=where,
                measured_at=weighed.astimezone(UTC),
                body_mass_kg=round(weight, 2),
            )
        )
    if night_days:
        count = len(night_days)
        left_out = (
            f"The resting HR, HRV and sleep of {count} day{'s' if count != 1 else ''} "
            f"({min(night_days):%-d %b %Y} to {max(night_days):%-d %b %Y}) are not imported: "
            "no bed and wake times. intervals.icu's file gives only the hours slept, and a "
            "night in Rebound runs from bedtime to wake time."
        )
        if not result.records and not result.problems:
            raise ImportFileError(
                "Nothing in this intervals.icu wellness file can be imported: it has no "
                "weight, and " + left_out[0].lower() + left_out[1:]
            )
        result.notes.append(left_out)
    if not result.records and not result.problems:
        raise ImportFileError(
            "This intervals.icu wellness file holds no weight: of this file, Rebound imports "
            "only the weights."
        )
    result.notes.append(
        "Weights are read in kilograms, as intervals.icu keeps them, and filed at noon on "
        "their day: the file gives no time of day."
    )
    if rated_days:
        result.notes.append(
            "Soreness, fatigue, stress, mood and motivation are on intervals.icu's 1–4 "
            "scales, not your check-in's 1–7 scale: they are not turned into check-ins."
        )
    return result


def _day(text: str) -> date | None:
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:.]+)?", text):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
