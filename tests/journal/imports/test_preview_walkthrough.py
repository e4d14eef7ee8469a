"""What a new athlete's walkthrough of the import preview found: the wording of estimated
RPEs, which file failed, exercise names the matching missed, assisted and timed sets, and
undo asking first. The Hevy rows follow the column list Hevy documents for "Export
workouts", as in test_hevy.py; the Garmin rows follow Garmin Connect's activities CSV as in
test_garmin_connect.py."""

import re

import pytest

from journal.models import ExerciseSet, Workout
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload
from tests.journal.imports.test_garmin_connect import EXPORT as GARMIN
from tests.journal.imports.test_hevy import COLUMNS, PUSH, row

pytestmark = pytest.mark.django_db


def hevy(*rows: str) -> bytes:
    return ("\n".join([COLUMNS, *rows]) + "\n").encode()


def test_the_preview_claims_no_estimate_when_none_is_estimated(athlete_client):
    batch = batch_of(upload(athlete_client, GARMIN.encode(), "Activities.csv"))
    assert batch.preview["summary"]["counts"]["estimated"] == 0
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/").content.decode()
    assert "4 workouts come without a session RPE." in page
    assert "estimated from heart rate or from the sets" not in page


def test_a_refused_file_is_named_alone_or_among_several(athlete_client):
    single = error_of(upload(athlete_client, b"a,b,c\n1,2,3\n", "mystery.csv"))
    assert single.startswith("mystery.csv: This CSV is not an export Rebound reads")
    both = error_of(
        upload(athlete_client, b"a,b,c\n1,2,3\n", "one.csv", (b"\x89PNG\r\n", "two.png"))
    )
    assert "one.csv: This CSV is not" in both and "two.png: Rebound can't read" in both
    empty = error_of(upload(athlete_client, b"x,y,z\n", "ok.csv", (b"", "blank.csv")))
    assert "blank.csv: The submitted file is empty." in empty


def test_one_bad_file_among_good_ones_is_named_on_the_preview(athlete_client):
    batch = batch_of(
        upload(athlete_client, GARMIN.encode(), "Activities.csv", (b"a,b,c\n1,2,3\n", "x.csv"))
    )
    problems = batch.preview["summary"]["problems"]
    assert any(p["where"] == "x.csv" and "not an export" in p["message"] for p in problems)


def test_a_machine_lat_pulldown_goes_to_the_catalogues(athlete_client):
    content = hevy(row(PUSH, "Lat Pulldown (Machine)", 0, "normal", "50", "10"))
    batch = batch_of(upload(athlete_client, content, "workouts.csv"))
    [match] = batch.preview["summary"]["matches"]
    assert (match["exercise_name"], match["how"]) == ("Lat pulldown", "alias")


def test_an_assisted_exercise_stores_no_load_and_keeps_its_assistance_in_the_notes(
    athlete_client,
):
    content = hevy(
        row(PUSH, "Pull Up (Assisted)", 0, "normal", "20", "8"),
        row(PUSH, "Pull Up (Assisted)", 1, "normal", "15", "6"),
    )
    batch = import_file(athlete_client, content, "workouts.csv")
    sets = ExerciseSet.objects.filter(workout__import_batch=batch)
    assert [s.load_kg for s in sets] == [0.0, 0.0]
    assert sets[0].exercise.name == "Pull Up (Assisted)"  # not the same lift as a pull-up
    workout = Workout.objects.get(import_batch=batch)
    assert "20.0 kg of assistance (not load)" in workout.notes
    assert "15.0 kg of assistance" in workout.notes
    assert any("assistance, not load" in n for n in batch.preview["summary"]["notes"])


def test_a_timed_plank_is_kept_in_the_notes_and_said_so(athlete_client):
    content = hevy(
        row(PUSH, "Bench Press (Barbell)", 0, "normal", "80", "5"),
        row(PUSH, "Plank", 0, "normal", "", "", seconds="60"),
    )
    batch = batch_of(upload(athlete_client, content, "workouts.csv"))
    [problem] = batch.preview["summary"]["problems"]
    assert problem["where"] == "line 3"
    assert "Plank: a set of 60 s without repetitions" in problem["message"]
    assert "kept in the workout's notes" in problem["message"]
    athlete_client.post(f"/settings/data/import/{batch.pk}/confirm/")
    assert "Plank: 60 s" in Workout.objects.get(title="Push A").notes


def test_undo_asks_first_on_both_pages_without_script(athlete_client):
    batch = import_file(athlete_client, GARMIN.encode(), "Activities.csv")
    for url in ("/settings/data/", f"/settings/data/import/{batch.pk}/"):
        html = athlete_client.get(url).content.decode()
        details = re.search(r'<details[^>]*data-testid="undo-confirm".*?</details>', html, re.S)
        assert details, url
        assert f'action="/settings/data/import/{batch.pk}/undo/"' in details[0]
        assert "<summary" in details[0] and "onclick" not in details[0]
