"""WHOOP's physiological_cycles.csv, written from WHOOP's support article "How to Export Your
Data" (its columns, in order: Cycle start time, Cycle end time, Cycle timezone, Recovery
score %, Resting heart rate (bpm), Heart rate variability (ms), Skin temp (celsius), Blood
oxygen %, Day Strain, Energy burned (cal), Max HR (bpm), Average HR (bpm), Sleep onset, Wake
onset, Sleep performance %, …)."""

from datetime import date

import pytest

from journal.models import SleepEntry
from tests.journal.imports.conftest import batch_of, import_file, upload

pytestmark = pytest.mark.django_db

HEADER = (
    "Cycle start time,Cycle end time,Cycle timezone,Recovery score %,Resting heart rate (bpm),"
    "Heart rate variability (ms),Skin temp (celsius),Blood oxygen %,Day Strain,"
    "Energy burned (cal),Max HR (bpm),Average HR (bpm),Sleep onset,Wake onset,"
    "Sleep performance %,Respiratory rate (rpm),Asleep duration (min),In bed duration (min)"
)
CYCLES = (
    "\n".join(
        [
            HEADER,
            "2025-02-04 22:41:10,,UTC+01:00,,,,,,4.1,800,120,70,,,,,,",  # under way: no sleep yet
            "2025-02-03 23:02:11,2025-02-04 22:41:10,UTC+01:00,71,51,88,33.5,96,12.5,2500,171,"
            "74,2025-02-03 23:02:11,2025-02-04 06:58:40,90,15.2,440,476",
            "2025-02-02 22:30:00,2025-02-03 23:02:11,UTC+01:00,55,54,70,33.4,95,10.1,2300,160,"
            "72,2025-02-02 22:30:00,2025-02-03 06:30:00,85,15.0,430,480",
        ]
    )
    + "\n"
)


def test_cycles_become_nights_with_hrv_and_resting_hr(athlete, athlete_client):
    athlete.timezone = "Europe/Paris"
    athlete.save()
    batch = import_file(athlete_client, CYCLES.encode(), "physiological_cycles.csv")
    assert batch.source == "whoop"
    assert (batch.counts["nights"], batch.counts["hrv_days"]) == (2, 2)
    night = SleepEntry.objects.get(athlete=athlete, date=date(2025, 2, 4))
    assert (night.hrv_ms, night.hrv_sdnn_ms, night.resting_hr) == (88.0, None, 51)
    assert night.bedtime.isoformat() == "2025-02-03T22:02:11+00:00"  # 23:02 at UTC+01:00
    assert night.quality is None


def test_a_second_import_adds_nothing_and_undo_removes_the_nights(athlete, athlete_client):
    batch = import_file(athlete_client, CYCLES.encode(), "physiological_cycles.csv")
    again = batch_of(upload(athlete_client, CYCLES.encode(), "physiological_cycles.csv"))
    assert again.preview["summary"]["duplicate_count"] == 2
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert not SleepEntry.objects.filter(athlete=athlete).exists()


def test_a_bad_offset_is_reported_with_its_line(athlete_client):
    content = CYCLES.replace("UTC+01:00,55", "somewhere,55")
    batch = batch_of(upload(athlete_client, content.encode(), "physiological_cycles.csv"))
    problems = batch.preview["summary"]["problems"]
    assert problems == [{"where": "line 4", "message": "“somewhere” is not a time zone offset."}]
