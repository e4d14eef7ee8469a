"""FIT files: the real device samples, and files written by tests/journal/imports/fit_writer.py."""

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from journal.imports import fit
from journal.models import ImportBatch, WeighIn, Workout
from tests.factories import WorkoutFactory
from tests.journal.imports import fit_writer
from tests.journal.imports.conftest import batch_of, error_of, import_file, sample, upload

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 1, 7, 30, tzinfo=UTC)


def test_a_real_ride_becomes_a_cardio_workout(athlete, athlete_client):
    batch = import_file(athlete_client, sample("fit/garmin-edge-500-activity.fit"), "ride.fit")
    workout = Workout.objects.get(import_batch=batch)
    assert (workout.kind, workout.title) == ("cardio", "Cycling")
    assert workout.started_at == datetime(2011, 9, 25, 13, 0, 21, tzinfo=UTC)  # FIT times: UTC
    assert workout.duration_min == 177  # the timer's time, not the 211 min elapsed
    assert workout.avg_hr_bpm == 162
    assert workout.distance_km == pytest.approx(92.622)
    assert workout.rpe_estimated  # no maximum heart rate in the file: the athlete's value
    assert workout.source_id.startswith("fit:3820987521:")


def test_heart_rate_gives_an_estimated_rpe_labelled_so(athlete, athlete_client):
    batch = batch_of(upload(athlete_client, sample("fit/garmin-fenix-5-bike.fit"), "bike.fit"))
    shown = batch.preview["summary"]["workouts"][0]
    assert shown["title"] == "Bike"  # the sport's name on the watch
    assert shown["rpe_estimated"] and "55 % of 183 bpm" in shown["rpe_basis"]
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/").content.decode()
    assert "(estimated)" in page and "heart-rate zones" in page


def test_a_walk_is_active_recovery(athlete, athlete_client):
    batch = import_file(athlete_client, sample("fit/garmin-fenix-5-walk.fit"), "walk.fit")
    assert Workout.objects.get(import_batch=batch).kind == "active_recovery"


def test_a_session_of_seconds_is_reported_not_imported(athlete_client):
    response = upload(athlete_client, sample("fit/Activity.fit"), "Activity.fit")
    assert "14 s, under a minute" in error_of(response)


def test_a_cut_short_file_is_refused_with_the_reason(athlete_client):
    response = upload(athlete_client, sample("fit/activity-settings-nodata.fit"), "x.fit")
    assert "cut short" in error_of(response)


def test_a_multi_user_scale_gives_the_athletes_weigh_ins(athlete, athlete_client):
    athlete.body_mass_kg = 60
    athlete.save()
    batch = batch_of(upload(athlete_client, sample("fit/WeightScaleMultiUser.fit"), "scale.fit"))
    summary = batch.preview["summary"]
    assert summary["person"] == 1  # the person whose weights are nearest the profile's 60 kg
    assert summary["weigh_ins"] == [{"date": "2009-09-09", "body_mass_kg": 58.2}]
    response = athlete_client.post(f"/settings/data/import/{batch.pk}/confirm/", {"person": "0"})
    assert response.status_code == 302
    assert list(WeighIn.objects.filter(athlete=athlete).values_list("body_mass_kg", flat=True)) == [
        75.8
    ]


def test_weigh_ins_count_from_their_day(athlete, athlete_client):
    from recovery.models import DayState

    day = athlete.today() - timedelta(days=2)
    moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7)
    WorkoutFactory(athlete=athlete, date=day - timedelta(days=3))
    import_file(athlete_client, fit_writer.weight_scale([(moment, 81.5)]), "scale.fit")
    masses = dict(DayState.objects.filter(athlete=athlete).values_list("date", "record__mass"))
    assert masses[day - timedelta(days=1)] == 75.0  # the profile's, before
    assert masses[day] == masses[athlete.today()] == 81.5


def test_written_files_counts_second_import_and_undo(athlete, athlete_client):
    mine = WorkoutFactory(athlete=athlete, date=START.date() + timedelta(days=40), title="mine")
    files = [  # with an hour of records each: members bigger than a read of the ZIP
        fit_writer.activity(
            START + timedelta(days=n), 45 + n, serial=7, avg_hr=140 + n, records=3600
        )
        for n in range(5)
    ]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for number, content in enumerate(files):
            out.writestr(f"activities/{number}.fit", content)
        out.writestr("activities/notes.txt", "not a FIT file")
    batch = import_file(athlete_client, archive.getvalue(), "garmin.zip")
    assert batch.counts["workouts"] == 5
    assert batch.preview["summary"]["problems"][0]["where"] == "notes.txt"
    workouts = Workout.objects.filter(import_batch=batch).order_by("started_at")
    assert [w.duration_min for w in workouts] == [45, 46, 47, 48, 49]
    assert all(w.rpe_estimated for w in workouts)
    # 140 bpm of 190: 74 % of HRmax, "moderate" on ACSM's bands, RPE 4.6.
    assert float(workouts[0].rpe) == pytest.approx(4.6)

    again = batch_of(upload(athlete_client, archive.getvalue(), "garmin.zip"))
    assert again.preview["summary"]["counts"]["workouts"] == 0
    assert again.preview["summary"]["duplicate_count"] == 5

    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(Workout.objects.filter(athlete=athlete)) == [mine]


def test_the_same_session_logged_by_hand_is_a_duplicate(athlete, athlete_client):
    WorkoutFactory(athlete=athlete, date=START.date(), started_at=START, duration_min=60)
    response = upload(athlete_client, fit_writer.activity(START, 60), "run.fit")
    summary = batch_of(response).preview["summary"]
    assert summary["counts"]["workouts"] == 0
    assert "same start and duration" in summary["duplicates"][0]["why"]


def test_a_file_without_a_session_is_summed_from_its_records(athlete, athlete_client):
    content = fit_writer.activity(START, 0, records=1800, with_session=False, avg_hr=130)
    batch = import_file(athlete_client, content, "run.fit")
    workout = Workout.objects.get(import_batch=batch)
    assert workout.duration_min == 30
    assert workout.avg_hr_bpm == 130


@pytest.mark.parametrize(
    ("sport", "sub_sport", "kind"),
    [
        ("training", "strength_training", "strength"),
        ("training", "yoga", "mobility"),
        ("soccer", "generic", "sport"),
        ("running", "generic", "cardio"),
    ],
)
def test_sport_and_sub_sport_give_the_kind(athlete, athlete_client, sport, sub_sport, kind):
    content = fit_writer.activity(START, 40, sport=sport, sub_sport=sub_sport)
    batch = import_file(athlete_client, content, "a.fit")
    assert Workout.objects.get(import_batch=batch).kind == kind


def test_a_drive_is_not_training(athlete_client):
    response = upload(athlete_client, fit_writer.activity(START, 40, sport="driving"), "car.fit")
    assert "not training" in error_of(response)


def test_a_damaged_header_is_refused(athlete_client):
    content = bytearray(fit_writer.activity(START, 40))
    content[0] = 40  # the header's size
    assert "header is damaged" in error_of(upload(athlete_client, bytes(content), "a.fit"))
    assert "no FIT header" in error_of(upload(athlete_client, b"garbage" * 10, "a.fit"))


def test_a_file_damaged_inside_is_refused_with_the_byte(athlete_client):
    content = bytearray(fit_writer.activity(START, 40))
    content[14 + 21] = 0x0F  # after file_id's definition: a local type never defined
    assert "damaged at byte" in error_of(upload(athlete_client, bytes(content), "a.fit"))


def test_rpe_from_heart_rate_follows_the_acsm_bands():
    assert fit.rpe_from_heart_rate(95, 190) == 1.0  # 50 %
    assert fit.rpe_from_heart_rate(121.6, 190) == pytest.approx(3.0)  # 64 %: moderate begins
    assert fit.rpe_from_heart_rate(180.5, 190) == pytest.approx(8.0)  # 95 %
    assert fit.rpe_from_heart_rate(200, 190) == 10.0


def test_the_skim_keeps_the_summary_and_drops_the_records():
    content = fit_writer.activity(START, 60, records=3600)
    skimmed, has_records = fit.skim(content)
    assert has_records
    assert len(skimmed) < len(content) / 20
    assert ImportBatch.objects.count() == 0


def test_a_weigh_in_shows_on_its_day(athlete, athlete_client):
    day = athlete.today() - timedelta(days=1)
    moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7, minutes=5)
    import_file(athlete_client, fit_writer.weight_scale([(moment, 81.5)]), "scale.fit")
    page = athlete_client.get(f"/journal/{day.isoformat()}/").content.decode()
    assert "81.5 kg at 07:05" in page
