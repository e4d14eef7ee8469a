"""TCX files written from Garmin's TrainingCenterDatabasev2.xsd: Activities/Activity (Sport,
Id), its Laps (StartTime, TotalTimeSeconds, DistanceMeters, AverageHeartRateBpm/Value)."""

import pytest

from journal.models import Workout
from tests.factories import WorkoutFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db


def lap(start: str, seconds: int, metres: int, bpm: int) -> str:
    return (
        f'<Lap StartTime="{start}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres}</DistanceMeters><Calories>100</Calories>"
        f"<AverageHeartRateBpm><Value>{bpm}</Value></AverageHeartRateBpm>"
        f"<MaximumHeartRateBpm><Value>{bpm + 15}</Value></MaximumHeartRateBpm>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>"
        f"<Track><Trackpoint><Time>{start}</Time><HeartRateBpm><Value>{bpm}</Value>"
        "</HeartRateBpm></Trackpoint></Track></Lap>"
    )


TCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
    "<Activities>"
    '<Activity Sport="Running"><Id>2025-02-10T06:30:00Z</Id>'
    + lap("2025-02-10T06:30:00Z", 1200, 4000, 140)
    + lap("2025-02-10T06:50:00Z", 600, 2000, 160)
    + "</Activity>"
    '<Activity Sport="Biking"><Id>2025-02-11T17:00:00Z</Id>'
    + lap("2025-02-11T17:00:00Z", 3600, 30000, 135)
    + "</Activity>"
    "</Activities></TrainingCenterDatabase>"
)


def test_activities_become_workouts_from_their_laps(athlete, athlete_client):
    batch = import_file(athlete_client, TCX.encode(), "export.tcx")
    assert batch.source == "tcx" and batch.counts["workouts"] == 2
    run = Workout.objects.get(import_batch=batch, title="Run")
    assert (run.duration_min, run.distance_km, run.avg_hr_bpm) == (30, 6.0, 147)  # time-weighted
    assert run.source_id == "tcx:2025-02-10T06:30:00Z"


def test_a_second_import_adds_nothing_and_undo_removes_the_batch(athlete, athlete_client):
    mine = WorkoutFactory(athlete=athlete, title="mine")
    batch = import_file(athlete_client, TCX.encode(), "export.tcx")
    again = batch_of(upload(athlete_client, TCX.encode(), "export.tcx"))
    assert again.preview["summary"]["duplicate_count"] == 2
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(Workout.objects.filter(athlete=athlete)) == [mine]


def test_entities_are_refused(athlete_client):
    laughs = TCX.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x "xxxxxxxxxx">]>',
    ).replace("<Calories>100</Calories>", "<Calories>&x;</Calories>", 1)
    assert "declares XML entities" in error_of(upload(athlete_client, laughs.encode(), "a.tcx"))


def test_a_cut_short_file_is_refused(athlete_client):
    assert "not well-formed XML" in error_of(upload(athlete_client, TCX[:700].encode(), "a.tcx"))
