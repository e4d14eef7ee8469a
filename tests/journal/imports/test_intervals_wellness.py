"""intervals.icu's wellness CSV (Settings → Download wellness CSV), written by these tests with
the field names of the Wellness object in intervals.icu's API documentation (its OpenAPI
schema at intervals.icu/api/v1/docs), which the CSV's columns use: id (the day, yyyy-mm-dd),
restingHR, hrv (rMSSD), hrvSDNN, sleepSecs, sleepScore, sleepQuality, weight (kg), soreness,
fatigue, stress, mood, motivation (1–4), readiness, ctl, atl, rampRate, steps, comments."""

from datetime import UTC, date, datetime

import pytest

from journal.imports import formats
from journal.models import CheckIn, SleepEntry, WeighIn
from tests.factories import SleepEntryFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "id,ctl,atl,rampRate,restingHR,hrv,hrvSDNN,sleepSecs,sleepScore,sleepQuality,weight,"
    "soreness,fatigue,stress,mood,motivation,readiness,steps,comments"
)
ACTIVITIES = (
    "id,start_date_local,type,name,moving_time,elapsed_time,distance,average_heartrate,"
    "icu_training_load,icu_rpe\n"
    "i1001,2025-04-12T07:30:00,Run,Easy run,3000,3060,8500,140,55,4\n"
)


def day(when, weight="72.4", resting="52", hrv="61", sleep="27000", mood="2") -> str:
    return ",".join(
        [when, "55.1", "60.3", "1.2", resting, hrv, "", sleep, "81", "2", weight, "1", "2",
         "2", mood, "1", "70", "9012", "easy day"]
    )  # fmt: skip


ROWS = [
    day("2025-11-03"),
    day("2025-11-04", weight=""),  # no weigh-in that day
    day("2025-11-05", weight="72.1", resting="", hrv="", sleep=""),
    day("2025-11-06", weight="71.9", mood=""),
]
EXPORT = "\n".join([HEADER, *ROWS]) + "\n"


def one_row(row: str) -> bytes:
    return f"{HEADER}\n{row}\n".encode()


def test_weights_become_weigh_ins_and_nothing_else(athlete, athlete_client):
    athlete.timezone = "Europe/Berlin"
    athlete.save()
    batch = import_file(athlete_client, EXPORT.encode(), "wellness.csv")
    assert batch.source == "intervals_wellness"
    assert (batch.counts["weigh_ins"], batch.counts["nights"]) == (3, 0)
    weigh_ins = list(WeighIn.objects.filter(import_batch=batch).order_by("date"))
    assert [(w.date, w.body_mass_kg) for w in weigh_ins] == [
        (date(2025, 11, 3), 72.4),
        (date(2025, 11, 5), 72.1),
        (date(2025, 11, 6), 71.9),
    ]
    assert weigh_ins[0].weighed_at == datetime(2025, 11, 3, 11, tzinfo=UTC)  # noon in Berlin
    # No bed and wake times: no nights; the 1–4 scales are not check-ins
    assert not SleepEntry.objects.filter(athlete=athlete).exists()
    assert not CheckIn.objects.filter(athlete=athlete).exists()
    notes = " ".join(batch.preview["summary"]["notes"])
    assert "resting HR, HRV and sleep of 3 days (3 Nov 2025 to 6 Nov 2025)" in notes
    assert "not imported: no bed and wake times" in notes
    assert "not turned into check-ins" in notes


def test_a_night_in_the_journal_is_left_as_it_is(athlete, athlete_client):
    by_hand = SleepEntryFactory(athlete=athlete, date=date(2025, 11, 3))
    import_file(athlete_client, EXPORT.encode(), "wellness.csv")
    by_hand.refresh_from_db()
    assert (by_hand.resting_hr, by_hand.hrv_ms, by_hand.import_batch) == (None, None, None)


def test_a_second_import_adds_nothing_and_undo_removes_exactly_the_batch(athlete, athlete_client):
    batch = import_file(athlete_client, EXPORT.encode(), "wellness.csv")
    other = import_file(athlete_client, one_row(day("2025-10-01", weight="73")), "more.csv")
    again = batch_of(upload(athlete_client, EXPORT.encode(), "wellness.csv"))
    summary = again.preview["summary"]
    assert (summary["counts"]["weigh_ins"], summary["duplicate_count"]) == (0, 3)
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    remaining = WeighIn.objects.filter(athlete=athlete)
    assert [w.import_batch_id for w in remaining] == [other.pk]


def test_detection_keeps_wellness_apart_from_the_activities_and_other_csvs():
    assert formats.detect("wellness.csv", HEADER.encode()).KEY == "intervals_wellness"
    assert formats.detect("w.csv", b"id,restingHR\n").KEY == "intervals_wellness"
    assert formats.detect("w.csv", b"id,weight,mood\n").KEY == "intervals_wellness"
    assert formats.detect("activities.csv", ACTIVITIES.encode()).KEY == "intervals_icu"
    # One common word beside an id is not enough, nor an activities-like file
    assert formats.detect("w.csv", b"id,weight\n") is None
    assert formats.detect("w.csv", b"id,start_date_local,type,moving_time,restingHR\n") is None
    garmin = b"Sleep Score 4 Weeks,Score,Resting Heart Rate,HRV Status,Bedtime,Wake Time\n"
    assert formats.detect("wellness.csv", garmin).KEY == "garmin_sleep"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "wellness.csv: The submitted file is empty."),
        (HEADER.encode() + b"\n", "has a header but no rows"),
        (b"Activity ID,Activity Date,Activity Type\n1,x,Run\n", "not an export Rebound reads"),
        (
            one_row(day("2025-11-03", weight="")),
            "it has no weight, and the resting HR, HRV and sleep of 1 day (3 Nov 2025 to 3 Nov "
            "2025) are not imported: no bed and wake times",
        ),
        (b"id,ctl,atl,steps\n2025-11-03,50,60,9000\n", "holds no weight"),
        ((HEADER + "\n2025-11-0").encode(), "line 2: “2025-11-0” is not a day"),
        (one_row(day("2025-11-03") + ",x,y"), "but the header has"),
        (one_row(day("0001-01-01")), "“0001-01-01” is out of range"),
        (one_row(day("9999-12-31")), "“9999-12-31” is out of range"),
        (one_row(day("2025-11-03", weight="900")), "A weight of 900 kg is not a body mass"),
        (one_row(day("2025-11-03", weight="7\x002")), "line 2: The weight “7\ufffd2” is not"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_its_message_never_a_500(athlete_client, content, message):
    assert message in error_of(upload(athlete_client, content, "wellness.csv"))


def test_absurd_values_and_a_nul_byte_are_problems_with_their_line(athlete_client):
    rows = [
        day("2025-11-03"),
        day("2025-11-04", weight="900"),
        day("2025-11-05\x00"),
        day("2025-11-06", weight="abc"),
        day("2100-01-01"),
        day("2025-11-07", resting="900", hrv="9000"),  # neither is read: its weight stays
    ]
    content = "\n".join([HEADER, *rows]) + "\n"
    batch = batch_of(upload(athlete_client, content.encode(), "wellness.csv"))
    summary = batch.preview["summary"]
    assert summary["counts"]["weigh_ins"] == 2
    messages = {p["where"]: p["message"] for p in summary["problems"]}
    assert sorted(messages) == ["line 3", "line 4", "line 5", "line 6"]
    assert "1 Jan 2100 is in the future" in messages["line 6"]
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/")
    assert page.status_code == 200
    assert "\x00" not in page.content.decode()
