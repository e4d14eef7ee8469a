"""Garmin Connect's activities CSV, written by these tests in the layout Garmin Connect gives
its "Export CSV" download (connect.garmin.com → Activities → Export CSV): the header
Activity Type, Date, Favorite, Title, Distance, Calories, Time, Avg HR, Max HR, …, Moving
Time, Elapsed Time, as the export names its columns; Date in local time, values quoted,
"--" for a missing value, thousands separators. Garmin publishes no schema for this file:
the shape follows the export's own header."""

from datetime import UTC, datetime

import pytest

from journal.imports import formats, garmin_connect
from journal.models import Workout
from tests.factories import WorkoutFactory
from tests.journal.imports import fit_writer
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,"
    "Avg Run Cadence,Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,"
    "Avg Stride Length,Moving Time,Elapsed Time,Min Elevation,Max Elevation"
)


def activity(kind, date, title, distance, time, avg_hr="--", calories="512") -> str:
    return ",".join(
        f'"{value}"'
        for value in (kind, date, "false", title, distance, calories, time, avg_hr, "171", "3.1",
                      "--", "--", "--", "--", "1,024", "1,010", "--", time, time, "12", "80")
    )  # fmt: skip


ROWS = [
    activity("Running", "2025-03-02 07:14:09", "Morning Run", "10.02", "00:52:31.4", "151"),
    activity("Strength Training", "2025-03-03 18:00:00", "Gym", "0.00", "01:05:00", "112"),
    activity("Pool Swim", "2025-03-04 06:30:00", "Pool Swim", "1,500", "42:10", "--"),
    activity("Yoga", "2025-03-05 20:00:00", "Evening yoga", "--", "00:30:00"),
    activity("Driving", "2025-03-05 09:00:00", "Car", "25.00", "00:40:00"),
]
EXPORT = "\n".join([HEADER, *ROWS]) + "\n"


def one_row(row: str) -> bytes:
    return f"{HEADER}\n{row}\n".encode()


def test_activities_become_workouts_with_their_kind_distance_and_heart_rate(
    athlete, athlete_client
):
    athlete.timezone = "America/Los_Angeles"
    athlete.save()
    batch = import_file(athlete_client, EXPORT.encode(), "Activities.csv", default_rpe="6")
    assert batch.source == "garmin_connect"
    assert batch.counts["workouts"] == 4
    workouts = {w.title: w for w in Workout.objects.filter(import_batch=batch)}
    run = workouts["Morning Run"]
    assert (run.kind, run.duration_min, run.distance_km, run.avg_hr_bpm) == (
        "cardio",
        53,
        10.02,
        151,
    )
    assert run.started_at == datetime(2025, 3, 2, 15, 14, 9, tzinfo=UTC)  # 07:14 in LA
    assert (float(run.rpe), run.rpe_estimated) == (6.0, True)  # no RPE in the file: to rate
    assert workouts["Gym"].kind == "strength" and workouts["Gym"].distance_km is None
    assert workouts["Pool Swim"].distance_km == 1.5  # Garmin counts swims in metres
    assert workouts["Pool Swim"].duration_min == 42  # "MM:SS"
    assert workouts["Evening yoga"].kind == "mobility"
    summary = batch.preview["summary"]
    assert any("Car" in p["message"] or "driving" in p["message"] for p in summary["problems"])
    assert any("distances read as kilometres" in note for note in summary["notes"])


def test_miles_follow_the_athletes_units_and_the_preview_says_so(athlete, athlete_client):
    athlete.units = athlete.Units.IMPERIAL
    athlete.save()
    batch = batch_of(upload(athlete_client, EXPORT.encode(), "Activities.csv"))
    summary = batch.preview["summary"]
    assert any("distances read as miles" in note for note in summary["notes"])
    run = next(w for w in summary["workouts"] if w["title"] == "Morning Run")
    assert run["distance_km"] == 16.126  # 10.02 mi
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/").content.decode()
    assert "distances read as miles" in page


def test_a_decimal_comma_export_reads_its_numbers(athlete_client):
    rows = [
        activity("Laufen", "2025-03-02 07:14:09", "Lauf", "7,00", "00:40:00", "148"),
        activity("Radfahren", "2025-03-03 07:14:09", "Rad", "1.024,50", "03:00:00", "130"),
    ]
    content = "\n".join([HEADER, *rows]) + "\n"
    batch = batch_of(upload(athlete_client, content.encode(), "Activities.csv"))
    distances = [w["distance_km"] for w in batch.preview["summary"]["workouts"]]
    assert distances == [7.0]  # 1,024.5 km is over the journal's 1,000 km: a problem
    assert batch.preview["summary"]["problem_count"] == 1


def test_numbers_and_times_as_garmin_writes_them():
    assert garmin_connect.garmin_number("1,024", False) == 1024
    assert garmin_connect.garmin_number("12,345.6", False) == 12345.6
    assert garmin_connect.garmin_number("7,00", True) == 7.0
    assert garmin_connect.garmin_number("--", False) is None
    assert garmin_connect.uses_decimal_comma(["--", "7,00"])
    assert not garmin_connect.uses_decimal_comma(["1,500", "5.02"])
    assert garmin_connect.garmin_duration("01:05:12.4").total_seconds() == pytest.approx(3912.4)
    assert garmin_connect.garmin_duration("45:12").total_seconds() == 2712
    assert garmin_connect.garmin_duration("--") is None


def test_a_second_import_adds_nothing_and_undo_removes_exactly_the_batch(athlete, athlete_client):
    by_hand = WorkoutFactory(athlete=athlete, started_at=datetime(2025, 3, 10, 8, tzinfo=UTC))
    batch = import_file(athlete_client, EXPORT.encode(), "Activities.csv")
    again = batch_of(upload(athlete_client, EXPORT.encode(), "Activities.csv"))
    assert again.preview["summary"]["counts"]["workouts"] == 0
    assert again.preview["summary"]["duplicate_count"] == 4
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(Workout.objects.filter(athlete=athlete)) == [by_hand]


def test_the_same_session_imported_from_its_fit_file_is_a_duplicate(athlete, athlete_client):
    start = datetime(2025, 3, 2, 7, 14, 9, tzinfo=UTC)
    import_file(athlete_client, fit_writer.activity(start, 52.5), "run.fit")
    row = activity("Running", "2025-03-02 07:14:09", "Morning Run", "10.00", "00:52:30", "150")
    batch = batch_of(upload(athlete_client, f"{HEADER}\n{row}\n".encode(), "Activities.csv"))
    summary = batch.preview["summary"]
    assert (summary["counts"]["workouts"], summary["duplicate_count"]) == (0, 1)
    assert "same start and duration" in summary["duplicates"][0]["why"]


def test_other_apps_csvs_are_not_taken_for_garmin():
    whoop = b"Cycle start time,Cycle end time,Cycle timezone,Resting heart rate (bpm),"
    whoop += b"Heart rate variability (ms),Sleep onset,Wake onset\n"
    strong = b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance\n"
    assert formats.detect("Activities.csv", whoop).KEY == "whoop"
    assert formats.detect("Activities.csv", strong).KEY == "strong"
    assert formats.detect("x.csv", HEADER.encode()).KEY == "garmin_connect"
    strava = b"Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
    assert formats.detect("activities.csv", strava) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Activities.csv: The submitted file is empty."),
        (HEADER.encode() + b"\n", "has a header but no rows"),
        (b"Name,Value,Other\nA,1,2\n", "This CSV is not an export Rebound reads"),
        (
            (HEADER + '\n"Running","2025-03-02 07:14:09","false","Cut"').encode(),
            "Nothing in this file can be imported: line 2: The activity has no time",
        ),
        (
            one_row(activity("Running", "0001-01-01 00:10", "Old", "5", "30:00")),
            "out of range",
        ),
        (
            one_row(activity("Running", "9999-12-31 23:50", "Far", "5", "30:00")),
            "out of range",
        ),
    ],
)  # fmt: skip
def test_a_bad_file_gets_its_message_never_a_500(athlete_client, content, message):
    assert message in error_of(upload(athlete_client, content, "Activities.csv"))


def test_absurd_values_and_a_nul_byte_are_problems_with_their_line(athlete_client):
    rows = [
        activity("Running", "2025-03-02 07:14:09", "Fine", "10.00", "00:50:00", "150"),
        activity("Running", "2025-03-03 07:14:09", "Hot", "10.00", "00:50:00", "900"),
        activity("Running", "2025-03-04 07:14:09", "Long", "10.00", "999:00:00", "150"),
        activity("Running", "2025-03-05 07:14:09", "Far", "5,000,000", "00:50:00", "150"),
        activity("Running", "2025-03-06 07:14:09", "Nul\x00", "10.00", "00:50:00", "150"),
        activity("Running", "2025-03-07 07:14:09", "Odd", "ten", "00:50:00", "150"),
    ]
    content = "\n".join([HEADER, *rows]) + "\n"
    batch = batch_of(upload(athlete_client, content.encode(), "Activities.csv"))
    summary = batch.preview["summary"]
    assert summary["counts"]["workouts"] == 1
    lines = sorted(p["where"] for p in summary["problems"])
    assert lines == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/")
    assert page.status_code == 200
