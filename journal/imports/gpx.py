"""GPX tracks (GPS apps and devices) become workouts: duration from the first to the last
point's time, distance along the track, average heart rate where Garmin's
TrackPointExtension carries it. GPX times are UTC (GPX 1.1 schema, `dateTime`). A route,
or a track without times, is a planned path, not a recorded activity: reported, not
imported."""

from __future__ import annotations

from datetime import UTC
from typing import IO

import gpxpy
import gpxpy.gpx

from journal.imports import xmlsafe
from journal.imports.records import ImportFileError, ParseContext, ParseResult, WorkoutRecord

KEY = "gpx"
LABEL = "GPX (tracks from GPS apps and devices)"
MAX_BYTES = 50 * 1024 * 1024
MIN_SECONDS = 60

TYPE_KINDS = {
    "running": "cardio",
    "run": "cardio",
    "cycling": "cardio",
    "biking": "cardio",
    "ride": "cardio",
    "swimming": "cardio",
    "hiking": "cardio",
    "walking": "active_recovery",
    "walk": "active_recovery",
}


def detect(filename: str, head: bytes) -> bool:
    return b"<gpx" in head[:2048] or (
        filename.lower().endswith(".gpx") and head.lstrip().startswith(b"<")
    )


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ImportFileError("This GPX file is larger than 50 MB.")
    xmlsafe.check(content)
    try:
        gpx = gpxpy.parse(content.decode("utf-8", "replace"))
    except (gpxpy.gpx.GPXException, ValueError, TypeError):
        raise ImportFileError("This file is XML, but not a GPX file Rebound can read.") from None
    result = ParseResult()
    for number, route in enumerate(gpx.routes, start=1):
        name = f" “{route.name[:40]}”" if route.name else ""
        result.problem(
            f"route {number}{name}",
            "A route is a planned path without times: it can't become a workout.",
        )
    for number, track in enumerate(gpx.tracks, start=1):
        where = f"track {number}" + (f" “{track.name[:40]}”" if track.name else "")
        record = _workout(track, where, gpx, result)
        if record is not None:
            result.records.append(record)
    if not gpx.tracks and not gpx.routes:
        raise ImportFileError("This GPX file holds no track: nothing to import.")
    return result


def _workout(track, where: str, gpx, result: ParseResult) -> WorkoutRecord | None:
    bounds = track.get_time_bounds()
    if bounds.start_time is None or bounds.end_time is None:
        result.problem(where, "This track has no times (it is a route): it can't become a workout.")
        return None
    start, end = bounds.start_time, bounds.end_time
    if start.tzinfo is None:  # GPX times are UTC; some writers leave out the Z
        start, end = start.replace(tzinfo=UTC), end.replace(tzinfo=UTC)
    seconds = (end - start).total_seconds()
    if seconds < MIN_SECONDS:
        result.problem(where, f"This track lasts {seconds:.0f} s, under a minute: left out.")
        return None
    kind_text = (track.type or "").strip().lower()
    rates = [rate for rate in (_heart_rate(p) for p in _points(track)) if rate]
    length_m = track.length_3d() or track.length_2d() or 0
    return WorkoutRecord(
        where=where,
        started_at=start.astimezone(UTC),
        duration_min=max(1, round(seconds / 60)),
        kind=TYPE_KINDS.get(kind_text, "cardio"),
        title=(track.name or gpx.name or "GPS track").strip()[:100],
        avg_hr_bpm=round(sum(rates) / len(rates)) if rates else None,
        max_hr_bpm=round(max(rates)) if rates else None,
        distance_km=round(length_m / 1000, 3) if length_m else None,
    )


def _points(track):
    for segment in track.segments:
        yield from segment.points


def _heart_rate(point) -> float | None:
    for extension in point.extensions:
        for element in extension.iter():
            if xmlsafe.local_name(str(element.tag)) == "hr" and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return None
    return None
