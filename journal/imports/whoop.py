"""WHOOP's export (app → Menu → Export WHOOP Data): of its CSV files, physiological_cycles.csv
gives the nights, as WHOOP's support article "How to Export Your Data" lists its columns:
Cycle start time, Cycle end time, Cycle timezone ("UTC-08:00"), Recovery score %, Resting
heart rate (bpm), Heart rate variability (ms), …, Sleep onset, Wake onset, Sleep
performance %, …. Times are local to the cycle's timezone. WHOOP's HRV is rMSSD (its API
names it hrv_rmssd_milli), so it goes where a hand-logged HRV goes. WHOOP scores a night in
per cent, not on Rebound's 1–5 scale: imported nights are unrated."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import IO

from journal.imports import tabular
from journal.imports.records import ImportFileError, NightRecord, ParseContext, ParseResult

KEY = "whoop"
LABEL = "WHOOP (physiological_cycles.csv from the export)"
REQUIRED = {
    "cycle start time",
    "cycle timezone",
    "sleep onset",
    "wake onset",
    "resting heart rate (bpm)",
    "heart rate variability (ms)",
}
_OFFSET = re.compile(r"^UTC([+-])(\d{2}):(\d{2})$")


def detect(filename: str, head: bytes) -> bool:
    return set(tabular.header_of(head)) >= REQUIRED


def _zone(text: str) -> timezone | None:
    found = _OFFSET.match(text.strip())
    if found is None:
        return UTC if text.strip() in ("UTC", "") else None
    sign = -1 if found[1] == "-" else 1
    return timezone(sign * timedelta(hours=int(found[2]), minutes=int(found[3])))


def _time(text: str, zone: timezone) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        return None


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    for line, row in tabular.rows(file, REQUIRED):
        where = f"line {line}"
        if not row["sleep onset"] or not row["wake onset"]:
            continue  # the cycle now under way has no sleep yet
        zone = _zone(row["cycle timezone"])
        if zone is None:
            result.problem(where, f"“{row['cycle timezone'][:20]}” is not a time zone offset.")
            continue
        onset, wake = _time(row["sleep onset"], zone), _time(row["wake onset"], zone)
        if onset is None or wake is None:
            result.problem(where, "The sleep onset or wake onset is not a date and time.")
            continue
        try:
            hrv = tabular.number(row["heart rate variability (ms)"])
            resting = tabular.number(row["resting heart rate (bpm)"])
        except ValueError:
            result.problem(where, "The HRV or resting heart rate is not a number.")
            continue
        result.records.append(
            NightRecord(
                where=where,
                wake_day=wake.astimezone(context.tz).date().isoformat(),
                bedtime=onset.astimezone(UTC),
                wake_time=wake.astimezone(UTC),
                resting_hr=round(resting) if resting else None,
                hrv_ms=round(hrv, 1) if hrv else None,
                source_id=f"whoop:{row['cycle start time']}",
            )
        )
    if not result.records and not result.problems:
        raise ImportFileError("This WHOOP export holds no night with its sleep times.")
    return result
