"""Oura's Trends CSV, written by these tests with the columns of the file users download from
cloud.ouraring.com (Trends → Daily → Download data): date, Sleep Score, Total Bedtime, Total
Sleep Duration (seconds), Bedtime Start, Bedtime End (ISO 8601 with the UTC offset), Average
Resting Heart Rate, Lowest Resting Heart Rate, Average HRV, Readiness Score, Steps, …. Oura
publishes no schema for the download: the column names follow the file as downloaded."""

from datetime import date

import pytest

from journal.imports import formats
from journal.models import SleepEntry
from tests.conftest import client_for
from tests.factories import AthleteFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "date,Sleep Score,Total Sleep Score,REM Sleep Score,Deep Sleep Score,Total Bedtime ,"
    "Total Sleep Duration,Awake Time,REM Sleep Duration,Light Sleep Duration,"
    "Deep Sleep Duration,Sleep Efficiency,Sleep Latency,Bedtime Start,Bedtime End,"
    "Average Resting Heart Rate,Lowest Resting Heart Rate,Average HRV,"
    "Temperature Deviation (°C),Respiratory Rate,Activity Score,Steps,Readiness Score,"
    "Recovery Index Score"
)


def day(when, start, end, average_hr="55.2", lowest_hr="49", hrv="62", score="81") -> str:
    asleep = "" if not start else "25200"
    bed = "" if not start else "27900"
    return ",".join(
        [when, score, score, "80", "90", bed, asleep, "2700", "5400", "14400", "5400", "90",
         "600", start, end, average_hr if start else "", lowest_hr if start else "",
         hrv if start else "", "0.1", "14.5", "85", "9012", "77", "70"]
    )  # fmt: skip


ROWS = [
    day("2025-08-21", "2025-08-20T23:12:00-07:00", "2025-08-21T07:05:00-07:00"),
    day("2025-08-22", "2025-08-21T22:40:00-07:00", "2025-08-22T06:31:00-07:00", hrv="70"),
    day("2025-08-23", "", "", score=""),  # no night worn
]
TRENDS = "\n".join([HEADER, *ROWS]) + "\n"


def test_nights_with_lowest_resting_hr_and_hrv_and_no_rating(athlete, athlete_client):
    athlete.timezone = "America/Los_Angeles"
    athlete.save()
    batch = import_file(athlete_client, TRENDS.encode(), "oura_trends.csv")
    assert batch.source == "oura"
    assert (batch.counts["nights"], batch.counts["hrv_days"]) == (2, 2)
    night = SleepEntry.objects.get(athlete=athlete, date=date(2025, 8, 21))
    assert (night.hrv_ms, night.hrv_sdnn_ms, night.resting_hr, night.quality) == (
        62.0,
        None,
        49,
        None,
    )
    assert night.bedtime.isoformat() == "2025-08-21T06:12:00+00:00"
    assert night.wake_time.isoformat() == "2025-08-21T14:05:00+00:00"
    notes = batch.preview["summary"]["notes"]
    assert any("1 day in the file had no night" in note for note in notes)


def test_the_wake_day_is_the_athletes_local_day(athlete_client):
    far_east = AthleteFactory(timezone="Asia/Tokyo")
    client = client_for(far_east.user)
    import_file(client, TRENDS.encode(), "oura_trends.csv")
    # Woke 07:05 at UTC−7 is 23:05 in Tokyo the same day
    assert SleepEntry.objects.filter(athlete=far_east, date=date(2025, 8, 21)).exists()


def test_a_second_import_adds_nothing_and_undo_removes_exactly_the_batch(athlete, athlete_client):
    batch = import_file(athlete_client, TRENDS.encode(), "oura_trends.csv")
    again = batch_of(upload(athlete_client, TRENDS.encode(), "oura_trends.csv"))
    assert again.preview["summary"]["counts"]["nights"] == 0
    assert again.preview["summary"]["duplicate_count"] == 2
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert not SleepEntry.objects.filter(athlete=athlete).exists()


def test_detection_keeps_oura_apart_from_other_csvs():
    assert formats.detect("trends.csv", HEADER.encode()).KEY == "oura"
    whoop = b"Cycle start time,Cycle end time,Cycle timezone,Resting heart rate (bpm),"
    whoop += b"Heart rate variability (ms),Sleep onset,Wake onset\n"
    assert formats.detect("trends.csv", whoop).KEY == "whoop"
    assert formats.detect("x.csv", b"date,Bedtime Start,Bedtime End,Mood\n") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "oura.csv: The submitted file is empty."),
        (HEADER.encode() + b"\n", "has a header but no rows"),
        (b"day,score,steps\n2025-01-01,80,1000\n", "This CSV is not an export Rebound reads"),
        (HEADER + "\n2025-08-21,81,81,80,90", "holds no night"),
        (
            f"{HEADER}\n{day('0001-01-01', '0001-01-01T00:00+09:00', '0001-01-01T07:00+09:00')}",
            "out of range",
        ),
        (
            f"{HEADER}\n{day('9999-12-31', '9999-12-31T01:00-07:00', '9999-12-31T08:00-07:00')}",
            "out of range",
        ),
        (
            "\n".join([HEADER, day("2025-08-21", "yesterday", "today")]).encode(),
            "line 2: Bedtime Start or Bedtime End is not a date",
        ),
    ],
)  # fmt: skip
def test_a_bad_file_gets_its_message_never_a_500(athlete_client, content, message):
    content = content.encode() if isinstance(content, str) else content
    assert message in error_of(upload(athlete_client, content, "oura.csv"))


def test_absurd_values_and_a_nul_byte_are_problems_with_their_line(athlete_client):
    rows = [
        day("2025-08-21", "2025-08-20T23:12:00-07:00", "2025-08-21T07:05:00-07:00"),
        day("2025-08-22", "2025-08-21T22:40:00-07:00", "2025-08-22T06:31:00-07:00", hrv="9000"),
        day("2025-08-23", "2025-08-22T22:40:00-07:00", "2025-08-24T22:40:00-07:00"),  # 48 h
        day("2025-08-25\x00", "2025-08-24T22:40:00-07:00", "2025-08-25T06:40:00-07:00"),
        day("2025-08-26", "2025-08-25T22:40:00-07:00", "2025-08-26T06:40:00-07:00", hrv="a\x00"),
    ]
    content = "\n".join([HEADER, *rows]) + "\n"
    response = upload(athlete_client, content.encode(), "oura.csv")
    batch = batch_of(response)
    summary = batch.preview["summary"]
    assert summary["counts"]["nights"] == 2  # the night whose absurd HRV is left out stays
    assert summary["counts"]["hrv_days"] == 1
    lines = sorted(p["where"] for p in summary["problems"])
    assert lines == ["line 3", "line 4", "line 5", "line 6"]
    assert athlete_client.get(f"/settings/data/import/{batch.pk}/").status_code == 200
