"""Oura's Trends CSV (cloud.ouraring.com → Trends → Daily → Download data): one row per day,
its columns named as the download names them: date, Sleep Score, Total Bedtime, Total Sleep
Duration (seconds), …, Bedtime Start and Bedtime End (ISO 8601 with the UTC offset, e.g.
2026-08-21T23:12:00-07:00), Average Resting Heart Rate, Lowest Resting Heart Rate, Average
HRV (ms), …, Readiness Score, Steps, …. A day without a night has its sleep columns empty.

Each night becomes a SleepEntry from Bedtime Start to Bedtime End, filed under the day it
ends in the athlete's zone, with the lowest resting heart rate and the average HRV. Oura's
HRV is rMSSD, so it goes where a hand-logged HRV goes. Oura's sleep score (0–100) is not the
athlete's own 1–5 rating: imported nights are unrated.
"""

from __future__ import annotations

from datetime import UTC
from typing import IO

from journal.imports import tabular
from journal.imports.records import ImportFileError, NightRecord, ParseContext, ParseResult
from journal.models import SleepEntry
from journal.models.fields import limits

KEY = "oura"
LABEL = "Oura (Trends CSV)"
REQUIRED = {"date", "bedtime start", "bedtime end"}
# One of these besides: the Trends download always has some of them.
OURA_COLUMNS = {"total bedtime", "total sleep duration", "sleep score", "readiness score"}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
# The journal's top, beyond any measured overnight rMSSD: a value past it is not a reading.
MAX_HRV_MS = limits(SleepEntry, "hrv_ms")[1]
RESTING_HR_BPM = limits(SleepEntry, "resting_hr")


def detect(filename: str, head: bytes) -> bool:
    columns = tabular.header_of(head)
    return (
        bool(columns)
        and columns[0] == "date"
        and set(columns) >= REQUIRED
        and bool(OURA_COLUMNS & set(columns))
    )


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    days_without_night = 0
    for line, row in tabular.rows(file, REQUIRED):
        where = f"line {line}"
        if not row["bedtime start"] and not row["bedtime end"]:
            days_without_night += 1
            continue
        start = tabular.local_time(row["bedtime start"], TIME_FORMATS, context.tz)
        end = tabular.local_time(row["bedtime end"], TIME_FORMATS, context.tz)
        if start is None or end is None:
            result.problem(
                where, "Bedtime Start or Bedtime End is not a date and time Rebound reads."
            )
            continue
        if far := tabular.out_of_range(start, row["bedtime start"]) or tabular.out_of_range(
            end, row["bedtime end"]
        ):
            result.problem(where, far)
            continue
        try:
            hrv = tabular.number(row.get("average hrv", ""))
            lowest = tabular.number(row.get("lowest resting heart rate", ""))
            average = tabular.number(row.get("average resting heart rate", ""))
        except ValueError:
            result.problem(where, "The HRV or resting heart rate is not a number.")
            continue
        resting = lowest or average
        if hrv is not None and not 0 <= hrv <= MAX_HRV_MS:
            result.problem(where, f"An HRV of {hrv:g} ms is not a reading: left out.")
            hrv = None
        if resting is not None and not RESTING_HR_BPM[0] <= resting <= RESTING_HR_BPM[1]:
            result.problem(where, f"A resting heart rate of {resting:g} bpm is not a reading.")
            resting = None
        result.records.append(
            NightRecord(
                where=where,
                wake_day=end.astimezone(context.tz).date().isoformat(),
                bedtime=start.astimezone(UTC),
                wake_time=end.astimezone(UTC),
                resting_hr=round(resting) if resting else None,
                hrv_ms=round(hrv, 1) if hrv else None,
                source_id=f"oura:{row['date'][:20]}",
            )
        )
    if days_without_night:
        result.notes.append(
            f"{days_without_night} day{'s' if days_without_night != 1 else ''} in the file "
            "had no night (empty sleep columns): nothing to import for "
            f"{'them' if days_without_night != 1 else 'it'}."
        )
    if not result.records and not result.problems:
        raise ImportFileError("This Oura file holds no night with its bedtimes.")
    result.notes.append(
        "Oura's sleep and readiness scores are not your own 1–5 rating: the nights are "
        "imported unrated."
    )
    return result
