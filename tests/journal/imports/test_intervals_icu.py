"""intervals.icu's activities CSV (Settings → Download activities CSV), written by these tests
with the field names of the Activity in intervals.icu's API documentation (its OpenAPI
schema at intervals.icu/api/v1/docs), which the CSV's columns use: id, start_date_local,
type, name, moving_time, elapsed_time (seconds), distance (metres), average_heartrate,
max_heartrate, athlete_max_hr, icu_training_load, icu_rpe, session_rpe, …."""

from datetime import UTC, datetime

import pytest

from journal.imports import formats
from journal.models import Workout
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "id,start_date_local,type,name,moving_time,elapsed_time,distance,average_heartrate,"
    "max_heartrate,athlete_max_hr,icu_training_load,icu_rpe,session_rpe,feel"
)


def activity(id_, start, type_, name, moving, distance="", hr="", rpe="", hr_max="190") -> str:
    return ",".join(
        [id_, start, type_, name, moving, str(int(moving or 0) + 60), distance, hr, "170",
         hr_max, "55", rpe, str(int(rpe) * int(moving or 0) // 60) if rpe else "", ""]
    )  # fmt: skip


ROWS = [
    activity("i1001", "2025-04-12T07:30:00", "Run", "Easy run", "3000", "8500", "140", "4"),
    activity("i1002", "2025-04-13T09:00:00", "VirtualRide", "Zwift", "3600", "30000", "152"),
    activity("i1003", "2025-04-14T18:00:00", "WeightTraining", "Gym", "2700"),
    activity("i1004", "2025-04-15T06:00:00", "Yoga", "Yoga", "1800", hr_max=""),
    activity("i1005", "2025-04-16T06:00:00", "NordicSki", "Classic", "5400", "20000", "138"),
    activity("i1006", "2025-04-17T06:00:00", "Walk", "Walk", "1800", "2500"),
]
EXPORT = "\n".join([HEADER, *ROWS]) + "\n"
STRAVA = b"Activity ID,Activity Date,Activity Type,Elapsed Time\n1,x,Run,60\n"


def one_row(row: str) -> bytes:
    return f"{HEADER}\n{row}\n".encode()


def test_activities_become_workouts_with_the_athletes_rpe(athlete, athlete_client):
    athlete.timezone = "Europe/Berlin"
    athlete.save()
    batch = import_file(athlete_client, EXPORT.encode(), "activities.csv", default_rpe="5")
    assert batch.source == "intervals_icu"
    assert batch.counts["workouts"] == 6
    workouts = {w.source_id: w for w in Workout.objects.filter(import_batch=batch)}
    run = workouts["intervals_icu:i1001"]
    assert (run.kind, run.duration_min, run.distance_km, run.avg_hr_bpm) == ("cardio", 50, 8.5, 140)
    assert (float(run.rpe), run.rpe_estimated) == (4.0, False)  # icu_rpe: the athlete's own
    assert run.started_at == datetime(2025, 4, 12, 5, 30, tzinfo=UTC)  # 07:30 in Berlin
    ride = workouts["intervals_icu:i1002"]
    assert ride.rpe_estimated  # 152 of 190 bpm: from heart rate, labelled so
    shown = next(w for w in batch.preview["summary"]["workouts"] if w["title"] == "Zwift")
    assert "80 % of 190 bpm" in shown["rpe_basis"]
    assert workouts["intervals_icu:i1003"].kind == "strength"
    assert workouts["intervals_icu:i1004"].kind == "mobility"
    assert workouts["intervals_icu:i1005"].kind == "cardio"
    assert workouts["intervals_icu:i1006"].kind == "active_recovery"
    assert batch.preview["summary"]["counts"]["unrated"] == 3  # gym, yoga, walk: no HR


def test_the_preview_counts_estimates_apart_from_the_unrated(athlete_client):
    batch = batch_of(upload(athlete_client, EXPORT.encode(), "activities.csv"))
    counts = batch.preview["summary"]["counts"]
    assert (counts["estimated"], counts["unrated"]) == (2, 3)
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/").content.decode()
    assert "3 workouts come without a session RPE. 2 others have one estimated" in page


def test_a_second_import_adds_nothing_and_undo_removes_exactly_the_batch(athlete, athlete_client):
    batch = import_file(athlete_client, EXPORT.encode(), "activities.csv")
    again = batch_of(upload(athlete_client, EXPORT.encode(), "activities.csv"))
    summary = again.preview["summary"]
    assert (summary["counts"]["workouts"], summary["duplicate_count"]) == (0, 6)
    assert summary["duplicates"][0]["why"] == "imported before"
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert not Workout.objects.filter(athlete=athlete).exists()


def test_detection_keeps_intervals_icu_apart():
    assert formats.detect("activities.csv", HEADER.encode()).KEY == "intervals_icu"
    # A CSV with an id and a type but none of intervals.icu's own columns is not one
    assert formats.detect("a.csv", b"id,start_date_local,type,moving_time\n") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "activities.csv: The submitted file is empty."),
        (HEADER.encode() + b"\n", "has a header but no rows"),
        (STRAVA, "not an export Rebound reads"),
        ((HEADER + "\ni1,2025-04-12T07:30:00,Run").encode(), "line 2: The activity has no moving"),
        (one_row(activity("i9", "0001-01-01T00:00:00", "Run", "R", "600")), "out of range"),
        (one_row(activity("i9", "9999-12-31T23:00:00", "Run", "R", "600")), "out of range"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_its_message_never_a_500(athlete_client, content, message):
    assert message in error_of(upload(athlete_client, content, "activities.csv"))


def test_absurd_values_and_a_nul_byte_are_problems_with_their_line(athlete_client):
    rows = [
        activity("i1", "2025-04-12T07:30:00", "Run", "Fine", "3000", "8000", "140", "4"),
        activity("i2", "2025-04-13T07:30:00", "Run", "Hot", "3000", "8000", "400"),
        activity("i3", "2025-04-14T07:30:00", "Run", "Long", "99999999", "8000", "140"),
        activity("i4", "2025-04-15T07:30:00", "Run", "Far", "3000", "99999999999", "140"),
        activity("i5\x00", "2025-04-16T07:30:00", "Run", "Nul", "3000", "8000", "140"),
        activity("i6", "2025-04-17T07:30:00", "Run", "Odd", "3000", "8000", "140", "42"),
    ]
    content = "\n".join([HEADER, *rows]) + "\n"
    batch = batch_of(upload(athlete_client, content.encode(), "activities.csv"))
    summary = batch.preview["summary"]
    assert summary["counts"]["workouts"] == 2  # the one with an RPE of 42 stays, unrated
    lines = sorted(p["where"] for p in summary["problems"])
    assert lines == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert athlete_client.get(f"/settings/data/import/{batch.pk}/").status_code == 200
