"""TCX files (Garmin's Training Center Database, schema TrainingCenterDatabasev2.xsd): each
Activity becomes a workout. Its Id is the activity's start time, which identifies it; its
laps give the duration (TotalTimeSeconds), the distance (DistanceMeters) and the heart rate
(AverageHeartRateBpm, averaged over the laps by their time). Streamed with defusedxml's
iterparse; times are ISO 8601 with their zone, UTC when none is given."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO

from journal.imports import xmlsafe
from journal.imports.records import ImportFileError, ParseContext, ParseResult, WorkoutRecord

KEY = "tcx"
LABEL = "TCX (Garmin Training Center and apps that export it)"
SPORT_KINDS = {"running": "cardio", "biking": "cardio", "other": "cardio"}
SPORT_TITLES = {"running": "Run", "biking": "Ride", "other": "Workout"}
MIN_SECONDS = 30


def detect(filename: str, head: bytes) -> bool:
    return b"TrainingCenterDatabase" in head


def _child(element, name: str):
    for child in element:
        if xmlsafe.local_name(child.tag) == name:
            return child
    return None


def _number(element, *path: str) -> float | None:
    for name in path:
        element = _child(element, name) if element is not None else None
    if element is None or not (element.text or "").strip():
        return None
    try:
        value = float(element.text)
    except ValueError:
        return None
    return value if value == value else None


def _time(text: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    result = ParseResult()
    number = 0
    for element in xmlsafe.iterparse(file, {"Activity", "Trackpoint"}):
        if xmlsafe.local_name(element.tag) == "Trackpoint":
            element.clear()  # the laps' totals are all a workout needs
            continue
        number += 1
        record = _workout(element, f"activity {number}", result)
        if record is not None:
            result.records.append(record)
        element.clear()
    if not number:
        raise ImportFileError("This TCX file holds no activity: nothing to import.")
    return result


def _workout(activity, where: str, result: ParseResult) -> WorkoutRecord | None:
    identity = (
        (_child(activity, "Id").text or "").strip() if _child(activity, "Id") is not None else ""
    )
    laps = [child for child in activity if xmlsafe.local_name(child.tag) == "Lap"]
    starts = [_time(lap.get("StartTime")) for lap in laps]
    started = _time(identity) or next((s for s in starts if s), None)
    if started is None:
        result.problem(where, "The activity has no start time.")
        return None
    seconds = sum(_number(lap, "TotalTimeSeconds") or 0 for lap in laps)
    if seconds < MIN_SECONDS:
        result.problem(where, f"The activity lasted {seconds:.0f} s, under a minute: left out.")
        return None
    distance = sum(_number(lap, "DistanceMeters") or 0 for lap in laps)
    weighted = [
        (_number(lap, "AverageHeartRateBpm", "Value"), _number(lap, "TotalTimeSeconds") or 0)
        for lap in laps
    ]
    weighted = [(rate, time) for rate, time in weighted if rate]
    timed = sum(time for _, time in weighted)
    average = sum(rate * time for rate, time in weighted) / timed if timed else None
    tops = [_number(lap, "MaximumHeartRateBpm", "Value") for lap in laps]
    tops = [top for top in tops if top]
    sport = (activity.get("Sport") or "Other").strip().lower()
    return WorkoutRecord(
        where=where,
        started_at=started.astimezone(UTC),
        duration_min=max(1, round(seconds / 60)),
        kind=SPORT_KINDS.get(sport, "cardio"),
        title=SPORT_TITLES.get(sport, "Workout"),
        source_id=f"tcx:{identity}" if identity else "",
        avg_hr_bpm=round(average) if average else None,
        max_hr_bpm=round(max(tops)) if tops else None,
        distance_km=round(distance / 1000, 3) if distance else None,
    )
