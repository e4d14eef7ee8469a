"""Garmin Connect's sleep CSV (Reports → Sleep → export, daily view), written by these tests in
the shape Garmin Connect's web export gives it: the header "Sleep Score 4 Weeks, Score,
Resting Heart Rate, Body Battery, Pulse Ox, Respiration, Skin Temp Change, HRV Status,
Quality, Duration, Sleep Need, Bedtime, Wake Time" (the first column holds the date), dates
as "2025-11-07", "Jun 26, 2026" or "Nov 7", durations as "7h 55min", clock times as "12:31 AM",
"--" for a missing value; and its variants ("Body Battery Charge", "7 Day Average HRV "). The
weekly view's header is "Date, Avg Score, Avg Quality, Avg Duration, …". Garmin publishes no
schema for these files: the shapes follow the export as Garmin Connect writes it."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from journal.imports import formats
from journal.imports.garmin_sleep import clock, infer_years
from journal.models import SleepEntry
from tests.factories import SleepEntryFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "Sleep Score 4 Weeks,Score,Resting Heart Rate,Body Battery,Pulse Ox,Respiration,"
    "Skin Temp Change,HRV Status,Quality,Duration,Sleep Need,Bedtime,Wake Time"
)
# Another export's columns: Body Battery Charge, a 7-day HRV, no Pulse Ox nor Skin Temp.
VARIANT_HEADER = (
    "Sleep Score 4 Weeks,Score,Resting Heart Rate,Body Battery Charge,Respiration,"
    "7 Day Average HRV ,Quality,Duration,Sleep Need,Bedtime,Wake Time"
)
WEEKLY = (
    "Date,Avg Score,Avg Quality,Avg Duration,Avg Bedtime,Avg Wake Time\n"
    "Nov 1-7,65,Fair,6h 11min,11:48 PM,6:10 AM\n"
)
ACTIVITIES = (
    "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR\n"
    "Running,2025-03-02 07:14:09,false,Morning Run,8.02,612,00:45:12,148,171\n"
)


def night(when, bed="10:48 PM", wake="6:31 AM", resting="53", hrv="41", score="82") -> str:
    return ",".join(
        [f'"{when}"', score, resting, "+62", "96", "14.5", "+0.2°", hrv, "Good",
         "7h 21min", "8h 0min", bed, wake]
    )  # fmt: skip


ROWS = [
    night("2025-11-05"),
    night("2025-11-06", bed="12:31 AM", wake="6:04 AM", resting="55", hrv="38"),
    night("Nov 7, 2025", bed="11:02 PM", wake="7:15 AM", hrv="--"),
    night("2025-11-08", bed="--", wake="--", resting="--", hrv="--", score="--"),  # not worn
]
EXPORT = "\n".join([HEADER, *ROWS]) + "\n"


def one_row(row: str, header: str = HEADER) -> bytes:
    return f"{header}\n{row}\n".encode()


def test_nights_with_resting_hr_and_hrv_and_no_rating(athlete, athlete_client):
    athlete.timezone = "Europe/Berlin"
    athlete.save()
    batch = import_file(athlete_client, EXPORT.encode(), "Sleep.csv")
    assert batch.source == "garmin_sleep"
    assert (batch.counts["nights"], batch.counts["hrv_days"]) == (3, 2)
    first = SleepEntry.objects.get(athlete=athlete, date=date(2025, 11, 5))
    # 22:48 the evening before to 06:31, Berlin (UTC+1)
    assert first.bedtime == datetime(2025, 11, 4, 21, 48, tzinfo=UTC)
    assert first.wake_time == datetime(2025, 11, 5, 5, 31, tzinfo=UTC)
    assert (first.resting_hr, first.hrv_ms, first.hrv_sdnn_ms, first.quality) == (
        53,
        41,
        None,
        None,
    )
    after_midnight = SleepEntry.objects.get(athlete=athlete, date=date(2025, 11, 6))
    assert after_midnight.bedtime == datetime(2025, 11, 5, 23, 31, tzinfo=UTC)  # 00:31 local
    assert after_midnight.wake_time == datetime(2025, 11, 6, 5, 4, tzinfo=UTC)
    spelled = SleepEntry.objects.get(athlete=athlete, date=date(2025, 11, 7))
    assert (spelled.hrv_ms, spelled.resting_hr) == (None, 53)
    notes = " ".join(batch.preview["summary"]["notes"])
    assert "1 day in the file had no bedtime and wake time" in notes
    assert "imported unrated" in notes


def test_an_export_of_other_columns_reads_and_keeps_no_rolling_hrv(athlete, athlete_client):
    row = ",".join(['"Jun 26, 2025"', "76", "52", "+35", "15", "48", "Good", "5h 8min",
                    "9h 0min", "12:31 AM", "6:04 AM"])  # fmt: skip
    batch = import_file(athlete_client, one_row(row, VARIANT_HEADER), "Sleep.csv")
    entry = SleepEntry.objects.get(import_batch=batch)
    assert (entry.date, entry.resting_hr, entry.hrv_ms) == (date(2025, 6, 26), 52, None)
    assert any("rolling mean" in note for note in batch.preview["summary"]["notes"])


def test_dates_without_a_year_are_the_latest_not_after_today():
    written = ["Dec 30", "Dec 31", "Jan 1", "Jan 5"]
    days, inferred = infer_years(written, today=date(2026, 1, 6))
    assert days == [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 5)]
    assert inferred == 4
    # Never in the future: on 3 January, "Jan 5" is last year's
    assert infer_years(["Jan 5"], today=date(2026, 1, 3))[0] == [date(2025, 1, 5)]
    # Near the file's dated rows, when it has some
    days, inferred = infer_years(["2024-11-06", "Nov 7"], today=date(2026, 1, 3))
    assert (days, inferred) == ([date(2024, 11, 6), date(2024, 11, 7)], 1)
    assert infer_years(["Feb 29", "Nov 31", "Smarch 3"], today=date(2026, 3, 1))[0] == [
        date(2024, 2, 29),
        None,
        None,
    ]


def test_clock_times():
    assert [clock(t).isoformat() for t in ("12:31 AM", "6:04 PM", "12:05 PM", "23:10")] == [
        "00:31:00",
        "18:04:00",
        "12:05:00",
        "23:10:00",
    ]
    assert [clock(t) for t in ("13:00 PM", "24:00", "7:61 AM", "--", "")] == [None] * 5


def test_a_yearless_export_imports_with_the_year_said(athlete, athlete_client):
    rows = [night("Dec 30"), night("Dec 31"), night("Jan 1"), night("Jan 5")]
    content = "\n".join([HEADER, *rows]) + "\n"
    with time_machine.travel(datetime(2026, 1, 6, 12, tzinfo=UTC), tick=False):
        batch = import_file(athlete_client, content.encode(), "Sleep.csv")
    days = sorted(SleepEntry.objects.filter(import_batch=batch).values_list("date", flat=True))
    assert days == [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 5)]
    assert any("4 dates in the file" in note for note in batch.preview["summary"]["notes"])


def test_a_second_import_adds_nothing_and_undo_removes_exactly_the_batch(athlete, athlete_client):
    by_hand = SleepEntryFactory(athlete=athlete, date=date(2025, 11, 5), quality=4)
    batch = import_file(athlete_client, EXPORT.encode(), "Sleep.csv")
    assert batch.counts["nights"] == 2  # 5 November was logged already: a duplicate
    by_hand.refresh_from_db()
    assert (by_hand.hrv_ms, by_hand.import_batch) == (None, None)  # not merged into
    again = batch_of(upload(athlete_client, EXPORT.encode(), "Sleep.csv"))
    summary = again.preview["summary"]
    assert (summary["counts"]["nights"], summary["duplicate_count"]) == (0, 3)
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(SleepEntry.objects.filter(athlete=athlete)) == [by_hand]


def test_detection_keeps_garmin_sleep_apart_from_other_csvs():
    assert formats.detect("Sleep.csv", HEADER.encode()).KEY == "garmin_sleep"
    assert formats.detect("Sleep.csv", VARIANT_HEADER.encode()).KEY == "garmin_sleep"
    assert formats.detect("Activities.csv", ACTIVITIES.encode()).KEY == "garmin_connect"
    oura = b"date,Sleep Score,Total Bedtime,Bedtime Start,Bedtime End,Average HRV\n"
    assert formats.detect("Sleep.csv", oura).KEY == "oura"
    whoop = b"Cycle start time,Cycle end time,Cycle timezone,Resting heart rate (bpm),"
    whoop += b"Heart rate variability (ms),Sleep onset,Wake onset\n"
    assert formats.detect("Sleep.csv", whoop).KEY == "whoop"
    # Bedtime and wake time alone are not Garmin's: its odd first column is the signature
    assert formats.detect("x.csv", b"Date,Score,Bedtime,Wake Time\n") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Sleep.csv: The submitted file is empty."),
        (HEADER.encode() + b"\n", "has a header but no rows"),
        (b"day,score,steps\n2025-01-01,80,1000\n", "This CSV is not an export Rebound reads"),
        (WEEKLY.encode(), "weekly sleep summary (one row a week, such as “Nov 1-7”)"),
        (WEEKLY.encode(), "choose the daily view"),
        (b"Sleep Score 4 Weeks,Score,Duration\n2025-11-07,88,7h 55min\n", "no Bedtime and Wake"),
        (HEADER.encode() + b"\n2025-11-07,88,53", "line 2: This row has no Bedtime or Wake Time"),
        (one_row(night("2025-11-07") + ",x"), "but the header has"),
        (one_row(night("0001-01-01")), "“0001-01-01” is out of range"),
        (one_row(night("9999-12-31")), "“9999-12-31” is out of range"),
        (one_row(night("Nov 31")), "line 2: “Nov 31” is not a date"),
        (one_row(night("2025-11-07", bed="bedtime")), "not a clock time"),
        (one_row(night("2025-11-07", bed="6:04 AM", wake="6:04 AM")), "are the same"),
        (one_row(night("2025-11-07", bed="--", wake="--")), "holds no night with its bedtime"),
        (b"Sleep Score 4 Weeks,Bedtime,Wake Time\n2025-11-07,\xff\xfe,x\n", "not UTF-8"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_its_message_never_a_500(athlete_client, content, message):
    assert message in error_of(upload(athlete_client, content, "Sleep.csv"))


def test_absurd_values_and_a_nul_byte_are_problems_with_their_line(athlete_client):
    rows = [
        night("2025-11-03"),
        night("2025-11-04", resting="900"),  # kept, without its resting HR
        night("2025-11-05", hrv="9000"),  # kept, without its HRV
        night("2025-11-06\x00"),
        night("2025-11-07", resting="5\x003", hrv="Balanced"),  # kept, without either
        night("2025-11-08", bed="9:00 AM", wake="8:00 AM"),  # 23 hours
        night("2100-01-01"),
    ]
    content = "\n".join([HEADER, *rows]) + "\n"
    batch = batch_of(upload(athlete_client, content.encode(), "Sleep.csv"))
    summary = batch.preview["summary"]
    assert summary["counts"]["nights"] == 4
    assert summary["counts"]["hrv_days"] == 2
    messages = {p["where"]: p["message"] for p in summary["problems"]}
    assert sorted(messages) == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"]
    assert "900 bpm is not a reading" in messages["line 3"]
    assert "9000 ms is not a reading" in messages["line 4"]
    assert [p["message"] for p in summary["problems"] if p["where"] == "line 6"] == [
        "The resting heart rate “5\ufffd3” is not a number: left out.",
        "The HRV “Balanced” is not a number: left out.",
    ]
    assert "16 hours" in messages["line 7"]
    assert "1 Jan 2100 is in the future" in messages["line 8"]
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/")
    assert page.status_code == 200
    assert "\x00" not in page.content.decode()
