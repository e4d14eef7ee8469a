"""GPX: the real samples (a track with times, a route without, a multi-track log), and files
written from the GPX 1.1 schema (topografix.com/GPX/1/1) with Garmin's TrackPointExtension v1
for heart rate."""

import pytest

from journal.models import Workout
from tests.factories import WorkoutFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, sample, upload

pytestmark = pytest.mark.django_db

TRACK = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <trk><name>Morning run</name><type>running</type><trkseg>
    <trkpt lat="46.0500" lon="14.5000"><time>2025-02-01T07:00:00Z</time>
      <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
    <trkpt lat="46.0590" lon="14.5000"><time>2025-02-01T07:20:00Z</time>
      <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
    <trkpt lat="46.0680" lon="14.5000"><time>2025-02-01T07:40:00Z</time></trkpt>
  </trkseg></trk>
</gpx>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&b;</name></trk></gpx>"""


def test_a_real_track_with_times_becomes_a_workout(athlete, athlete_client):
    batch = import_file(athlete_client, sample("gpx/around-visnjan-with-car.gpx"), "trip.gpx")
    workout = Workout.objects.get(import_batch=batch)
    assert workout.duration_min == 9
    assert workout.distance_km == pytest.approx(2.742, abs=0.001)
    assert workout.kind == "cardio"


def test_a_route_without_times_is_reported_as_not_importable(athlete_client):
    message = error_of(upload(athlete_client, sample("gpx/route.gpx"), "route.gpx"))
    assert "Nothing in this file can be imported" in message
    assert "route" in message and "without times" in message


def test_a_log_of_many_tracks_imports_those_with_times(athlete, athlete_client):
    batch = batch_of(upload(athlete_client, sample("gpx/cerknicko-jezero.gpx"), "lake.gpx"))
    summary = batch.preview["summary"]
    assert summary["counts"]["workouts"] == 5
    wheres = [p["where"] for p in summary["problems"]]
    assert wheres == ["track 1 “ACTIVE LOG”", "track 4 “ACTIVE LOG #4”", "track 7 “ACTIVE LOG #7”"]


def test_a_written_track_counts_once_and_undoes(athlete, athlete_client):
    mine = WorkoutFactory(athlete=athlete, title="mine")
    batch = import_file(athlete_client, TRACK.encode(), "run.gpx")
    workout = Workout.objects.get(import_batch=batch)
    assert (workout.title, workout.duration_min, workout.avg_hr_bpm) == ("Morning run", 40, 145)
    assert workout.distance_km == pytest.approx(2.0, abs=0.02)
    again = batch_of(upload(athlete_client, TRACK.encode(), "run.gpx"))
    assert again.preview["summary"]["duplicate_count"] == 1
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(Workout.objects.filter(athlete=athlete)) == [mine]


def test_xml_with_entities_is_refused_unexpanded(athlete_client):
    message = error_of(upload(athlete_client, BILLION_LAUGHS.encode(), "laughs.gpx"))
    assert "declares XML entities" in message


def test_broken_xml_is_refused_with_its_line(athlete_client):
    message = error_of(upload(athlete_client, TRACK[:400].encode(), "cut.gpx"))
    assert "not well-formed XML at line" in message
