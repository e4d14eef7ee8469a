"""journal.portability: the all-or-nothing import, its refusals, and the import_journal command."""

import copy
import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from journal import portability
from journal.models import (
    ENTRY_MODELS,
    Athlete,
    CheckIn,
    DayTags,
    Exercise,
    ExerciseSet,
    Meal,
    SleepEntry,
    Workout,
)
from recovery.models import CoachNote
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    ExerciseFactory,
    SleepEntryFactory,
    UserFactory,
)
from tests.journal.portability_data import empty_journal, realistic_journal, snapshot, unzip

pytestmark = pytest.mark.django_db


# --- Round trip -------------------------------------------------------------------------------


def test_export_then_import_into_a_fresh_account_gives_identical_records(athlete):
    athlete.sleep_target_h, athlete.protein_target_g_per_kg, athlete.kcal_target = 8.5, 2.0, 3100
    athlete.timezone, athlete.units, athlete.weekly_digest = "Europe/Berlin", "imperial", True
    athlete.save()
    realistic_journal(athlete)
    fresh = AthleteFactory()
    username = fresh.user.username

    journal = json.loads(unzip(portability.export_journal(athlete))["journal.json"])
    counts = portability.import_journal(fresh, journal, restore_profile=True)

    fresh.refresh_from_db()
    assert snapshot(fresh) == snapshot(athlete)
    assert counts["workouts"] == Workout.objects.filter(athlete=athlete).count() > 10
    assert counts["sets"] == ExerciseSet.objects.filter(workout__athlete=athlete).count() > 50
    assert counts["exercises_created"] == 0
    assert counts["day_tags"] == DayTags.objects.filter(athlete=athlete).count() == 1
    assert fresh.user.username == username  # the account keeps its own name


def test_export_delete_the_user_then_import_gives_identical_records(athlete):
    realistic_journal(athlete)
    CoachLinkFactory(athlete=athlete)
    before = snapshot(athlete)
    content = unzip(portability.export_journal(athlete))["journal.json"]
    athlete_id = athlete.pk
    athlete.user.delete()
    for model in ENTRY_MODELS:
        assert not model.objects.filter(athlete_id=athlete_id).exists()
    assert not ExerciseSet.objects.filter(workout__athlete_id=athlete_id).exists()

    reborn = AthleteFactory(display_name="Someone else", body_mass_kg=60)
    portability.import_journal(reborn, portability.read_journal_file(content), restore_profile=True)

    reborn.refresh_from_db()
    assert snapshot(reborn) == before
    assert not reborn.coach_links.exists()  # links are never imported


def test_import_adds_a_missing_exercise_as_strength_and_matches_names_ignoring_case(athlete):
    ExerciseFactory(name="Zercher squat", kind=Exercise.Kind.STRENGTH)
    journal = empty_journal(
        workouts=[
            {
                "date": "2025-01-10",
                "started_at": "2025-01-10T17:00:00+00:00",
                "kind": "strength",
                "duration_min": 50,
                "rpe": 8,
                "sets": [
                    {"exercise": "zercher SQUAT", "reps": 5, "load_kg": 90},
                    {"exercise": "Atlas stone load", "reps": 3, "load_kg": 120, "rir": 1},
                ],
            }
        ]
    )
    counts = portability.import_journal(athlete, journal)
    assert counts == {
        "workouts": 1,
        "sets": 2,
        "sleep": 0,
        "meals": 0,
        "intakes": 0,
        "checkins": 0,
        "day_tags": 0,
        "weigh_ins": 0,
        "exercises_created": 1,
    }
    sets = ExerciseSet.objects.filter(workout__athlete=athlete).order_by("position")
    assert [s.exercise.name for s in sets] == ["Zercher squat", "Atlas stone load"]
    assert [s.position for s in sets] == [0, 1]
    assert Exercise.objects.get(name="Atlas stone load").kind == Exercise.Kind.STRENGTH


def test_import_leaves_out_coach_notes_and_the_username(athlete):
    source = AthleteFactory()
    SleepEntryFactory(athlete=source)
    CoachNote.objects.create(athlete=source, author=UserFactory(), date=source.today(), text="n")
    journal = portability.journal_as_dict(source)
    journal["profile"]["username"] = "hijack"
    portability.import_journal(athlete, journal)
    athlete.user.refresh_from_db()
    assert athlete.user.username != "hijack"
    assert not CoachNote.objects.filter(athlete=athlete).exists()
    assert SleepEntry.objects.filter(athlete=athlete).count() == 1


# --- Refusals: nothing saved ------------------------------------------------------------------


def assert_nothing_saved(athlete: Athlete, profile_before: tuple, exercises_before: int) -> None:
    for model in ENTRY_MODELS:
        assert not model.objects.filter(athlete=athlete).exists(), model.__name__
    athlete.refresh_from_db()
    assert snapshot(athlete)["profile"] == profile_before
    assert Exercise.objects.count() == exercises_before


@pytest.fixture
def exported() -> dict:
    source = AthleteFactory(display_name="Source", sleep_target_h=9)
    realistic_journal(source)
    return portability.journal_as_dict(source)


def test_import_refuses_an_account_with_entries(athlete, exported):
    CheckInFactory(athlete=athlete)
    with pytest.raises(portability.JournalImportError) as raised:
        portability.import_journal(athlete, exported)
    assert raised.value.messages == [
        "Import only works into an account with no journal entries yet."
    ]
    assert Workout.objects.filter(athlete=athlete).count() == 0
    assert CheckIn.objects.filter(athlete=athlete).count() == 1
    athlete.refresh_from_db()
    assert athlete.display_name != "Source"


@pytest.mark.parametrize(
    "content", [b"", b"not json", b"{'single': 'quotes'}", b"\xff\xfe\x00garbage", b"[" * 100000]
)
def test_read_journal_file_refuses_what_is_not_json(content):
    with pytest.raises(portability.JournalImportError, match="not JSON"):
        portability.read_journal_file(content)


def test_read_journal_file_accepts_the_export_zip(athlete):
    SleepEntryFactory(athlete=athlete)
    journal = portability.read_journal_file(portability.export_journal(athlete))
    assert len(journal["sleep"]) == 1


def test_read_journal_file_refuses_a_zip_without_a_readable_journal(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(portability.JournalImportError, match="no journal.json"):
        portability.read_journal_file(buffer.getvalue())
    with pytest.raises(portability.JournalImportError, match="can't be read"):
        portability.read_journal_file(b"PK\x03\x04" + b"\x00" * 40)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("journal.json", " " * 5000)  # unpacks to more than the limit
    monkeypatch.setattr(portability.restore, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(portability.JournalImportError, match="larger than 20 MB"):
        portability.read_journal_file(buffer.getvalue())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format_version": 2}, "format version 2; Rebound can import version 1"),
        ({"format_version": "1"}, "format version '1'"),
        ({"workouts": []}, "no format_version"),
        ([1, 2], "no format_version"),
        ({"format": "other-app", "format_version": 1}, "not a Rebound journal"),
    ],
)
def test_import_refuses_a_wrong_format(athlete, data, message):
    with pytest.raises(portability.JournalImportError, match=re.escape(message)):
        portability.import_journal(athlete, data)
    assert not Workout.objects.filter(athlete=athlete).exists()


def _set_reps(journal: dict, reps) -> None:
    strength = next(w for w in journal["workouts"] if w["sets"])
    strength["sets"][1]["reps"] = reps


INVALID = {
    "reps 500": (lambda j: _set_reps(j, 500), "set 2", "less than or equal to 100"),
    "reps as text": (lambda j: _set_reps(j, "5"), "set 2", "Expected a number"),
    "reps 4.5": (lambda j: _set_reps(j, 4.5), "set 2", "Expected a whole number"),
    "unknown kind": (
        lambda j: j["meals"][0].update(kind="brunch"),
        "Meal 1",
        "not a valid choice",
    ),
    "naive datetime": (
        lambda j: j["intakes"][0].update(taken_at="2025-01-01T08:00:00"),
        "Intake 1",
        "needs a UTC offset",
    ),
    "future date": (
        lambda j: j["checkins"][0].update(date=(date.today() + timedelta(days=3)).isoformat()),
        "Check-in 1",
        "in the future",
    ),
    "wake before bed": (
        lambda j: j["sleep"][0].update(wake_time=j["sleep"][0]["bedtime"]),
        "Night 1",
        "wake time must be after the bedtime",
    ),
    "two nights one day": (
        lambda j: j["sleep"][1].update(date=j["sleep"][0]["date"]),
        "Night 2",
        "Another night",
    ),
    "before 1990": (
        lambda j: j["meals"][0].update(date="1989-12-31"),
        "Meal 1",
        "Enter a date from 1990 on.",
    ),
    "water in mg": (
        lambda j: j["intakes"].insert(0, dict(j["intakes"][0], category="water", unit="mg")),
        "Intake 1",
        "Water is logged in ml or litres.",
    ),
    "9999 litres of water": (
        lambda j: j["intakes"].insert(
            0, dict(j["intakes"][0], category="water", unit="l", amount=9999)
        ),
        "Intake 1",
        "at most 10 litres",
    ),
    "note of 2001 characters": (
        lambda j: j["checkins"][0].update(note="x" * 2001),
        "Check-in 1",
        "at most 2000 characters",
    ),
    "unknown tag": (
        lambda j: j["day_tags"][0].update(tags=["travel", "party"]),
        "Day tags 1",
        "Choose tags from the list",
    ),
    "tags not a list": (
        lambda j: j["day_tags"][0].update(tags="travel"),
        "Day tags 1",
        "Expected a list",
    ),
    "two tag rows one day": (
        lambda j: j["day_tags"].append(dict(j["day_tags"][0])),
        "Day tags 2",
        "Another row of tags",
    ),
    "unknown sore area": (
        lambda j: j["checkins"][0].update(sore_areas=["spleen"]),
        "Check-in 1",
        "not a muscle group",
    ),
    "rpe 11": (lambda j: j["workouts"][0].update(rpe=11), "Workout 1", "less than or equal"),
    "missing started_at": (
        lambda j: j["workouts"][0].pop("started_at"),
        "Workout 1",
        "cannot be null",
    ),
    "null title": (lambda j: j["workouts"][0].update(title=None), "Workout 1", "cannot be null"),
    "bad profile target": (
        lambda j: j["profile"].update(sleep_target_h=12),
        "Profile",
        "less than or equal to 9",
    ),
    "bad time zone": (
        lambda j: j["profile"].update(timezone="Mars/Olympus"),
        "Profile",
        "not a time zone",
    ),
    "empty exercise name": (
        lambda j: next(w for w in j["workouts"] if w["sets"])["sets"][0].update(exercise=""),
        "set 1",
        "exercise name",
    ),
    "sets not a list": (
        lambda j: j["workouts"][0].update(sets="none"),
        "Workout 1",
        "list of sets",
    ),
    "record not an object": (lambda j: j["meals"].insert(0, "lunch"), "Meal 1", "record"),
    "section not a list": (lambda j: j.update(sleep={}), "“sleep” must be a list", ""),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_import_refuses_an_invalid_row_names_it_and_saves_nothing(athlete, exported, case):
    change, where, why = INVALID[case]
    journal = copy.deepcopy(exported)
    change(journal)
    profile_before = snapshot(athlete)["profile"]
    exercises_before = Exercise.objects.count()
    with pytest.raises(portability.JournalImportError) as raised:
        portability.import_journal(athlete, journal)
    message = " ".join(raised.value.messages)
    assert where in message
    assert why in message
    assert_nothing_saved(athlete, profile_before, exercises_before)


def test_an_invalid_row_late_in_the_file_saves_nothing_before_it(athlete, exported):
    """The import is one transaction: a bad last check-in keeps every workout out too."""
    exported["checkins"][-1]["energy"] = 9
    exported["workouts"].append(
        {
            "date": "2025-01-10",
            "started_at": "2025-01-10T17:00:00+00:00",
            "duration_min": 50,
            "rpe": 8,
            "sets": [{"exercise": "Brand new lift", "reps": 5, "load_kg": 90}],
        }
    )
    with pytest.raises(portability.JournalImportError, match=r"Check-in \d+ \("):
        portability.import_journal(athlete, exported)
    assert not Exercise.objects.filter(name="Brand new lift").exists()
    assert not Workout.objects.filter(athlete=athlete).exists()


def test_import_reports_at_most_twenty_problems(athlete, exported):
    for meal in exported["meals"]:
        meal["protein_g"] = 401
    with pytest.raises(portability.JournalImportError) as raised:
        portability.import_journal(athlete, exported)
    assert len(raised.value.messages) == 21
    assert raised.value.messages[-1] == "… and more problems after these."


def test_read_journal_file_refuses_nan():
    with pytest.raises(portability.JournalImportError, match="not JSON"):
        portability.read_journal_file(b'{"format_version": 1, "meals": [{"kcal": NaN}]}')


# --- The management command -------------------------------------------------------------------


def test_import_journal_command_restores_a_file(athlete, tmp_path):
    source = AthleteFactory()
    realistic_journal(source)
    path = tmp_path / "journal.json"
    path.write_bytes(unzip(portability.export_journal(source))["journal.json"])
    out = io.StringIO()
    call_command("import_journal", athlete.user.username, str(path), "--profile", stdout=out)
    assert "Imported" in out.getvalue()
    assert athlete.user.username in out.getvalue()
    athlete.refresh_from_db()
    source.refresh_from_db()
    assert snapshot(athlete) == snapshot(source)


def test_import_journal_command_unknown_user(tmp_path):
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(empty_journal()))
    with pytest.raises(CommandError, match="No user has the username “nobody”"):
        call_command("import_journal", "nobody", str(path))


def test_import_journal_command_reports_a_bad_file_and_saves_nothing(athlete, tmp_path):
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(empty_journal(meals=[{"date": "2025-01-01", "kcal": -5}])))
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        call_command("import_journal", athlete.user.username, str(path))
    assert "Meal 1 (2025-01-01)" in str(raised.value)
    assert not Meal.objects.filter(athlete=athlete).exists()


def test_import_journal_command_missing_file(athlete, tmp_path):
    with pytest.raises(CommandError, match="Can't read"):
        call_command("import_journal", athlete.user.username, str(tmp_path / "nope.json"))
