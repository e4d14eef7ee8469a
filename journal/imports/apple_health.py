"""Apple Health's export (Health app → profile → Export All Health Data): export.xml, alone
or in the export's ZIP. Streamed with defusedxml's iterparse, one top-level element at a time,
so a file of 1 GB reads in little memory.

Read from it, by HealthKit type identifier (Apple's HealthKit documentation):
- HKCategoryTypeIdentifierSleepAnalysis samples, asleep values (Asleep, AsleepUnspecified,
  AsleepCore, AsleepDeep, AsleepREM; InBed where a night has no asleep sample), joined into
  nights: samples less than 2 hours apart are one night, filed under the day it ends on;
  a night under 3 hours is a nap and left out. Apple rates no night: imported ones are
  unrated.
- HKQuantityTypeIdentifierHeartRateVariabilitySDNN (ms): kept as SDNN, apart from rMSSD
  (the two are not comparable); the night's value is the mean of the readings during it or
  in the two hours after waking.
- HKQuantityTypeIdentifierRestingHeartRate (count/min): the day's value joins that night.
- HKQuantityTypeIdentifierBodyMass (kg or lb): weigh-ins.
- Workout elements: kind from workoutActivityType, duration (durationUnit), distance
  (totalDistance, or the distance statistics of newer exports), average heart rate from
  their WorkoutStatistics.
Dates read like "2025-02-01 23:10:00 +0100": with their offset.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, datetime, timedelta
from typing import IO
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
from defusedxml import DefusedXmlException

from journal.imports import xmlsafe
from journal.imports.records import (
    ImportFileError,
    NightRecord,
    ParseContext,
    ParseResult,
    WeighInRecord,
    WorkoutRecord,
)
from journal.models import LB_PER_KG

KEY = "apple_health"
LABEL = "Apple Health (export.xml, or the export's ZIP)"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
HRV = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
MASS = "HKQuantityTypeIdentifierBodyMass"
ASLEEP = {
    "HKCategoryValueSleepAnalysisAsleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
}
IN_BED = "HKCategoryValueSleepAnalysisInBed"
NIGHT_GAP = timedelta(hours=2)
SHORTEST_NIGHT = timedelta(hours=3)
AFTER_WAKING = timedelta(hours=2)
WORKOUT_KINDS = {
    "Running": "cardio",
    "Cycling": "cardio",
    "Swimming": "cardio",
    "Rowing": "cardio",
    "Elliptical": "cardio",
    "StairClimbing": "cardio",
    "Stairs": "cardio",
    "Hiking": "cardio",
    "CrossCountrySkiing": "cardio",
    "HighIntensityIntervalTraining": "cardio",
    "MixedCardio": "cardio",
    "CrossTraining": "cardio",
    "JumpRope": "cardio",
    "Walking": "active_recovery",
    "Cooldown": "active_recovery",
    "TraditionalStrengthTraining": "strength",
    "FunctionalStrengthTraining": "strength",
    "CoreTraining": "strength",
    "Yoga": "mobility",
    "Pilates": "mobility",
    "Flexibility": "mobility",
    "MindAndBody": "mobility",
    "Soccer": "sport",
    "Basketball": "sport",
    "Tennis": "sport",
    "Badminton": "sport",
    "Squash": "sport",
    "Volleyball": "sport",
    "Rugby": "sport",
    "Hockey": "sport",
    "Boxing": "sport",
    "MartialArts": "sport",
    "Climbing": "sport",
    "Golf": "sport",
}
DURATION_UNITS = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "hr": 60.0, "h": 60.0}
DISTANCE_UNITS = {"km": 1.0, "m": 0.001, "mi": 1.609344, "yd": 0.0009144, "ft": 0.0003048}
MAX_BYTES = 1024 * 1024 * 1024


def detect(filename: str, head: bytes) -> bool:
    return b"<!DOCTYPE HealthData" in head or b"<HealthData" in head


def moment(text: str | None) -> datetime | None:
    """Apple's "2025-02-01 23:10:00 +0100", aware; None when it doesn't read."""
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _float(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value == value else None


class _Counting:
    """A file that counts the bytes read from it, for the progress bar."""

    def __init__(self, file: IO[bytes], report):
        self.file, self.count, self.report = file, 0, report

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.count += len(chunk)
        if self.count > MAX_BYTES:
            raise ImportFileError("This export.xml is larger than 1 GB; Rebound reads up to 1 GB.")
        self.report(self.count)
        return chunk


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    sleep: list[tuple[datetime, datetime, bool]] = []  # start, end, asleep (else in bed)
    hrv: list[tuple[datetime, float]] = []
    resting: dict[str, float] = {}
    total = context.size or 0
    counting = _Counting(file, lambda done: context.report(done, max(total, done)))
    depth = 0
    root = None
    seen = 0
    try:
        for event, element in defusedxml.ElementTree.iterparse(counting, events=("start", "end")):
            if event == "start":
                if root is None:
                    root = element
                    if xmlsafe.local_name(element.tag) != "HealthData":
                        raise ImportFileError("This XML file is not an Apple Health export.")
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            seen += 1
            where = f"element {seen}"
            tag = xmlsafe.local_name(element.tag)
            if tag == "Record":
                _record(element, where, context, result, sleep, hrv, resting)
            elif tag == "Workout":
                workout = _workout(element, where, result)
                if workout is not None:
                    result.records.append(workout)
            root.clear()  # what is read is never needed again
    except DefusedXmlException:
        raise ImportFileError(xmlsafe.ENTITIES) from None
    except ParseError as error:
        raise xmlsafe.not_xml(error) from None
    if root is None:
        raise ImportFileError("This file is empty.")
    nights = _nights(sleep, context)
    _readings_into_nights(nights, hrv, resting, context, result)
    result.records.extend(nights)
    return result


def _record(element, where, context, result, sleep, hrv, resting) -> None:
    kind = element.get("type")
    if kind not in (SLEEP, HRV, RESTING, MASS):
        return
    start, end = moment(element.get("startDate")), moment(element.get("endDate"))
    if start is None or end is None:
        result.problem(where, f"A {kind} record without a readable date: left out.")
        return
    if kind == SLEEP:
        value = element.get("value")
        if value in ASLEEP or value == IN_BED:
            sleep.append((start, end, value in ASLEEP))
        return
    value = _float(element.get("value"))
    if value is None:
        result.problem(where, f"A {kind} record without a number: left out.")
        return
    if kind == HRV:
        hrv.append((start, value))
    elif kind == RESTING:
        resting[start.astimezone(context.tz).date().isoformat()] = value
    else:
        unit = (element.get("unit") or "kg").lower()
        kg = value / LB_PER_KG if unit in ("lb", "lbs") else value
        result.records.append(
            WeighInRecord(where=where, measured_at=start.astimezone(UTC), body_mass_kg=round(kg, 2))
        )


def _workout(element, where: str, result: ParseResult) -> WorkoutRecord | None:
    start, end = moment(element.get("startDate")), moment(element.get("endDate"))
    if start is None:
        result.problem(where, "A workout without a readable start: left out.")
        return None
    activity = (element.get("workoutActivityType") or "").removeprefix("HKWorkoutActivityType")
    minutes = _float(element.get("duration"))
    if minutes is not None:
        minutes *= DURATION_UNITS.get((element.get("durationUnit") or "min").lower(), 1.0)
    elif end is not None:
        minutes = (end - start).total_seconds() / 60
    if not minutes or minutes < 0.5:
        result.problem(where, "A workout shorter than a minute: left out.")
        return None
    distance = _float(element.get("totalDistance"))
    distance_unit = (element.get("totalDistanceUnit") or "km").lower()
    average = None
    for child in element:
        if xmlsafe.local_name(child.tag) != "WorkoutStatistics":
            continue
        kind = child.get("type") or ""
        if kind == "HKQuantityTypeIdentifierHeartRate":
            average = _float(child.get("average"))
        elif "Distance" in kind and distance is None:
            distance = _float(child.get("sum"))
            distance_unit = (child.get("unit") or "km").lower()
    distance_km = distance * DISTANCE_UNITS.get(distance_unit, 1.0) if distance else None
    title = "".join(" " + c.lower() if c.isupper() and i else c for i, c in enumerate(activity))
    return WorkoutRecord(
        where=where,
        started_at=start.astimezone(UTC),
        duration_min=max(1, round(minutes)),
        kind=WORKOUT_KINDS.get(activity, "cardio"),
        title=(title or "Workout")[:100],
        avg_hr_bpm=round(average) if average else None,
        distance_km=round(distance_km, 3) if distance_km else None,
    )


def _nights(
    samples: list[tuple[datetime, datetime, bool]], context: ParseContext
) -> list[NightRecord]:
    """Sleep samples joined into nights, one per wake day (the longest)."""
    asleep = [(s, e) for s, e, is_asleep in samples if is_asleep]
    spans = sorted(asleep or [(s, e) for s, e, _ in samples])
    sessions: list[list[datetime]] = []
    for start, end in spans:
        if sessions and start - sessions[-1][1] < NIGHT_GAP:
            sessions[-1][1] = max(sessions[-1][1], end)
        else:
            sessions.append([start, end])
    by_day: dict[str, NightRecord] = {}
    for start, end in sessions:
        if end - start < SHORTEST_NIGHT:
            continue
        day = end.astimezone(context.tz).date().isoformat()
        known = by_day.get(day)
        if known is None or end - start > known.wake_time - known.bedtime:
            by_day[day] = NightRecord(
                where=f"night ending {day}",
                wake_day=day,
                bedtime=start.astimezone(UTC),
                wake_time=end.astimezone(UTC),
            )
    return [by_day[day] for day in sorted(by_day)]


def _readings_into_nights(nights, hrv, resting, context, result) -> None:
    """Each night's HRV (the mean of the readings during it or just after) and resting HR
    (its wake day's)."""
    hrv.sort()
    times = [taken for taken, _ in hrv]
    for night in nights:
        first = bisect_left(times, night.bedtime)
        last = bisect_right(times, night.wake_time + AFTER_WAKING)
        values = [value for _, value in hrv[first:last]]
        if values:
            night.hrv_sdnn_ms = round(sum(values) / len(values), 1)
        rate = resting.get(night.wake_day)
        if rate:
            night.resting_hr = round(rate)
    days = {night.wake_day for night in nights}
    measured = {taken.astimezone(context.tz).date().isoformat() for taken in times}
    alone = (measured | set(resting)) - days
    if alone:
        result.notes.append(
            f"{len(alone)} days of HRV or resting heart rate have no night in the export: "
            "Rebound keeps those readings with a night, so they are left out."
        )
