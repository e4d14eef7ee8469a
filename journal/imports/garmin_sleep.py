"""Garmin Connect's sleep report (Reports → Sleep → export, daily view): one row per night,
its header as Garmin Connect writes it: Sleep Score 4 Weeks (which, oddly, holds the date),
Score, Resting Heart Rate, Body Battery, Pulse Ox, Respiration, Skin Temp Change, HRV Status,
Quality, Duration, Sleep Need, Bedtime, Wake Time. Garmin publishes no schema for it, and
exports differ: "Body Battery Charge", "7 Day Average HRV " (with its trailing space), some
columns absent. "--" is a missing value.

The date is written "2025-11-07", "Jun 26, 2026" or, in the export of the last weeks, "Nov 7"
with no year (see `infer_years`). Bedtime and Wake Time are clock times ("12:31 AM",
"6:04 AM") in the athlete's zone; the night is filed under the row's date, the day Garmin
files a night under and the day the athlete woke up on, so a bedtime later on the clock than
the wake time was the evening before.

Each row with both times becomes a SleepEntry with the resting heart rate and the overnight
HRV. "HRV Status" holds, despite its name, the night's average HRV in ms, which Garmin
computes from beat-to-beat intervals as rMSSD: it goes where a hand-logged HRV goes. A
"7 Day Average HRV" is a rolling mean, not that night's reading, and is not stored. Garmin's
Score and its Quality word are Garmin's, not the athlete's own 1–5 rating: nights come in
unrated. Duration (time asleep) is not stored: a night is bedtime to wake time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import IO

from journal.imports import tabular
from journal.imports.records import ImportFileError, NightRecord, ParseContext, ParseResult
from journal.models import SleepEntry
from journal.models.fields import limits

KEY = "garmin_sleep"
LABEL = "Garmin Connect (sleep CSV, daily view)"
DATE_COLUMN = "sleep score 4 weeks"
REQUIRED = {DATE_COLUMN, "bedtime", "wake time"}
HRV_COLUMNS = ("hrv status", "overnight hrv", "avg overnight hrv")
ROLLING_HRV_COLUMNS = ("7 day average hrv", "7-day average hrv", "7d avg hrv")
WEEKLY_COLUMNS = {"avg score", "avg quality", "avg duration"}
MISSING = {"--", "-"}
MAX_HRV_MS = limits(SleepEntry, "hrv_ms")  # the journal's range for an rMSSD reading
RESTING_HR_BPM = limits(SleepEntry, "resting_hr")

_MONTH_DAY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})$")  # Nov 7
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp]\.?[Mm]\.?)?$")  # 12:31 AM, 23:10
_UNIT = re.compile(r"\s*(ms|bpm)$", re.IGNORECASE)


def detect(filename: str, head: bytes) -> bool:
    columns = tabular.header_of(head)
    if not columns:
        return False
    if columns[0] == DATE_COLUMN:
        return True
    # The weekly view, recognised so that it gets its own message (parse refuses it).
    return columns[0] == "date" and set(columns) >= WEEKLY_COLUMNS


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    today = datetime.now(context.tz).date()
    # No column is required of tabular.rows, so that the weekly view and an export without
    # the times each get their own message.
    rows = list(tabular.rows(file, set()))
    columns = set(rows[0][1])
    if DATE_COLUMN not in columns and columns >= WEEKLY_COLUMNS:
        raise ImportFileError(
            "This is Garmin Connect's weekly sleep summary (one row a week, such as “Nov 1-7”), "
            "which holds no nights. In Garmin Connect, open Reports → Sleep, choose the daily "
            "view, export it and import that file."
        )
    if not columns >= REQUIRED:
        raise ImportFileError(
            "This Garmin sleep export has no Bedtime and Wake Time columns, which a night "
            "needs: export the daily view again from Reports → Sleep."
        )
    days, inferred = infer_years([row[DATE_COLUMN] for _, row in rows], today)
    without_night = 0
    rolling_hrv = False
    for (line, row), day in zip(rows, days, strict=True):
        where = f"line {line}"
        written = row[DATE_COLUMN]
        if day is None:
            result.problem(where, f"“{written[:40]}” is not a date Rebound reads.")
            continue
        if far := tabular.out_of_range(datetime(day.year, day.month, day.day), written):
            result.problem(where, far)
            continue
        bed_text, wake_text = row["bedtime"], row["wake time"]
        if bed_text in MISSING and wake_text in MISSING:
            without_night += 1
            continue
        if not bed_text or not wake_text:
            result.problem(where, "This row has no Bedtime or Wake Time: it may be cut short.")
            continue
        bed_clock, wake_clock = clock(bed_text), clock(wake_text)
        if bed_clock is None or wake_clock is None:
            result.problem(where, "Bedtime or Wake Time is not a clock time Rebound reads.")
            continue
        if bed_clock == wake_clock:
            result.problem(where, "Bedtime and Wake Time are the same: no night to import.")
            continue
        wake = datetime.combine(day, wake_clock, tzinfo=context.tz)
        bed_day = day - timedelta(days=1) if bed_clock > wake_clock else day
        bed = datetime.combine(bed_day, bed_clock, tzinfo=context.tz)
        resting = _reading(row.get("resting heart rate", ""), "resting heart rate", where, result)
        hrv = next(
            (
                value
                for c in HRV_COLUMNS
                if (value := _reading(row.get(c, ""), "HRV", where, result)) is not None
            ),
            None,
        )
        if hrv is not None and not MAX_HRV_MS[0] <= hrv <= MAX_HRV_MS[1]:
            result.problem(where, f"An HRV of {hrv:g} ms is not a reading: left out.")
            hrv = None
        if resting is not None and not RESTING_HR_BPM[0] <= resting <= RESTING_HR_BPM[1]:
            result.problem(
                where, f"A resting heart rate of {resting:g} bpm is not a reading: left out."
            )
            resting = None
        rolling_hrv = rolling_hrv or any(row.get(c) for c in ROLLING_HRV_COLUMNS)
        result.records.append(
            NightRecord(
                where=where,
                wake_day=day.isoformat(),
                bedtime=bed.astimezone(UTC),
                wake_time=wake.astimezone(UTC),
                resting_hr=round(resting) if resting else None,
                hrv_ms=round(hrv, 1) if hrv else None,
                source_id=f"garmin_sleep:{day.isoformat()}",
            )
        )
    if not result.records and not result.problems:
        raise ImportFileError("This Garmin sleep export holds no night with its bedtime.")
    if inferred:
        result.notes.append(
            f"{inferred} date{'s' if inferred != 1 else ''} in the file (such as “Nov 7”) "
            f"{'come' if inferred != 1 else 'comes'} without a year: each is read as the "
            "nearest such day to the file's dated rows, or else to today, and never after "
            "today. If the export is more than a year old, export it again with its years."
        )
    if without_night:
        result.notes.append(
            f"{without_night} day{'s' if without_night != 1 else ''} in the file had no "
            "bedtime and wake time (“--”): nothing to import for "
            f"{'them' if without_night != 1 else 'it'}."
        )
    if rolling_hrv:
        result.notes.append(
            "The file's 7-day average HRV is a rolling mean, not a night's reading: it is not "
            "stored."
        )
    result.notes.append(
        "Garmin's sleep score and quality are Garmin's, not your own 1–5 rating: the nights "
        "are imported unrated. Times are read in your time zone, from Settings."
    )
    return result


def infer_years(written: list[str], today: date) -> tuple[list[date | None], int]:
    """The date of each row ("2025-11-07", "Jun 26, 2026", "Nov 7"), None where it reads as
    no date, and how many had no year. A day without a year takes the year that puts it
    nearest the latest dated row of the file (else today), never after today: an export of
    the last weeks, "Dec 30" to "Jan 5" read on 6 January, spans the new year rightly."""
    parsed = [_with_year(text) for text in written]
    dated = [day for day in parsed if isinstance(day, date)]
    anchor = min(max(dated), today) if dated else today
    days: list[date | None] = []
    inferred = 0
    for value in parsed:
        if not isinstance(value, tuple):
            days.append(value)
            continue
        inferred += 1
        month, day_of_month = value
        candidates = []
        for year in range(anchor.year - 7, anchor.year + 2):  # 29 Feb: back to a leap year
            try:
                candidates.append(date(year, month, day_of_month))
            except ValueError:  # 29 Feb in a common year
                continue
        past = [c for c in candidates if c <= today]
        days.append(min(past, key=lambda c: abs((c - anchor).days)) if past else None)
    return days, inferred


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip


def _with_year(text: str) -> date | tuple[int, int] | None:
    """A date with its year, (month, day) for one written without, or None."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    found = re.fullmatch(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if found and found[1].lower() in _MONTHS:
        try:
            return date(int(found[3]), _MONTHS[found[1].lower()], int(found[2]))
        except ValueError:
            return None
    found = _MONTH_DAY.match(text)
    if found and found[1].lower() in _MONTHS:
        month, day_of_month = _MONTHS[found[1].lower()], int(found[2])
        try:
            date(2000, month, day_of_month)  # a leap year: 29 Feb is a day
        except ValueError:
            return None
        return month, day_of_month
    return None


def clock(text: str) -> time | None:
    """ "12:31 AM", "6:04 PM" or "23:10" as a time of day; None for anything else."""
    found = _CLOCK.match(text.strip().replace("\u202f", " ").replace("\xa0", " "))
    if found is None:
        return None
    hour, minute, meridiem = int(found[1]), int(found[2]), found[3]
    if minute > 59:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem[0].lower() == "p" else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


def _reading(text: str, name: str, where: str, result: ParseResult) -> float | None:
    """A value such as "53", "48 ms" or "--"; None when missing, and when it is not a number
    (an HRV status written as a word), which is reported: the night is kept without it."""
    text = _UNIT.sub("", text.strip())
    if text in MISSING:
        return None
    try:
        return tabular.number(text)
    except ValueError:
        result.problem(where, f"The {name} “{text[:20]}” is not a number: left out.")
        return None
