"""journal.portability: the ZIP export, its documented columns, and its formula-safe CSV cells."""

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal import portability
from journal.models import Athlete, SleepEntry, Workout
from recovery.models import CoachNote
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    IntakeFactory,
    MealFactory,
    UserFactory,
    WorkoutFactory,
)
from tests.journal.portability_data import read_csv, realistic_journal, unzip

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "export.md"


def documented_columns() -> dict[str, list[str]]:
    """The column tables of docs/export.md: {"workouts.csv": ["workout_number", …], …}."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text().splitlines():
        heading = re.match(r"^#+ `([a-z_]+\.csv)`\s*$", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
        elif line.startswith("#"):
            current = None
        elif current is not None:
            row = re.match(r"^\| `([a-z_0-9]+)` \|", line)
            if row:
                current.append(row.group(1))
    return tables


# --- Export -----------------------------------------------------------------------------------


def test_export_holds_a_csv_per_kind_and_journal_json(athlete):
    realistic_journal(athlete)
    files = unzip(portability.export_journal(athlete))
    assert set(files) == set(portability.csv_columns()) | {"journal.json", "day_states.csv"}
    journal = json.loads(files["journal.json"])
    assert journal["format_version"] == 1
    assert datetime.fromisoformat(journal["exported_at"]).utcoffset() is not None
    assert journal["profile"]["timezone"] == athlete.timezone
    assert journal["profile"]["units"] == athlete.units
    assert journal["profile"]["sleep_target_h"] == athlete.sleep_target_h
    assert len(journal["workouts"]) == Workout.objects.filter(athlete=athlete).count()
    assert len(journal["sleep"]) == SleepEntry.objects.filter(athlete=athlete).count()
    sport = next(w for w in journal["workouts"] if w["kind"] == "sport")
    assert sport["rpe"] == 7.5
    assert [s["exercise"] for s in sport["sets"]] == ["Sled push", "Sled push"]
    assert sport["sets"][0]["rir"] is None
    assert datetime.fromisoformat(sport["started_at"]).utcoffset() is not None
    checkin = next(c for c in journal["checkins"] if c["note"])
    assert checkin["sore_areas"] == ["quads", "lower_back"]
    rows = read_csv(files["checkins.csv"])
    header = rows[0]
    sore = [row[header.index("sore_areas")] for row in rows[1:]]
    assert "quads;lower_back" in sore


def test_export_datetimes_carry_the_athletes_offset(db):
    athlete = AthleteFactory(timezone="America/New_York")
    WorkoutFactory(
        athlete=athlete,
        date=date(2025, 1, 15),
        started_at=datetime(2025, 1, 15, 23, 30, tzinfo=UTC),
    )
    journal = portability.journal_as_dict(athlete)
    assert journal["workouts"][0]["started_at"] == "2025-01-15T18:30:00-05:00"


def test_csv_columns_match_docs_export_md(athlete):
    realistic_journal(athlete)
    files = unzip(portability.export_journal(athlete))
    documented = documented_columns()
    derived = {derived(athlete)[0] for derived in portability.DERIVED_FILES}
    assert set(documented) == set(portability.csv_columns()) | derived
    for filename, columns in documented.items():
        rows = read_csv(files[filename])
        assert rows[0] == columns, filename
        assert all(len(row) == len(columns) for row in rows), filename
        assert len(rows) > 1, f"{filename} should have data rows in this test"


def test_csv_cells_that_could_run_as_formulas_get_a_quote(athlete):
    workout = WorkoutFactory(athlete=athlete, title='=HYPERLINK("http://evil","x")', notes="@SUM")
    ExerciseSetFactory(workout=workout, exercise=ExerciseFactory(name="+Cable fly"))
    MealFactory(athlete=athlete, description="-1+1")
    IntakeFactory(athlete=athlete, name="\tTab")
    CheckInFactory(athlete=athlete, note="fine = good")
    files = unzip(portability.export_journal(athlete))

    def column(filename: str, name: str) -> list[str]:
        rows = read_csv(files[filename])
        return [row[rows[0].index(name)] for row in rows[1:]]

    assert column("workouts.csv", "title") == ['\'=HYPERLINK("http://evil","x")']
    assert column("workouts.csv", "notes") == ["'@SUM"]
    assert column("sets.csv", "exercise") == ["'+Cable fly"]
    assert column("meals.csv", "description") == ["'-1+1"]
    assert column("intakes.csv", "name") == ["'\tTab"]
    assert column("checkins.csv", "note") == ["fine = good"]  # only a leading sign counts
    # journal.json keeps the text as typed: it is data, not a spreadsheet.
    journal = json.loads(files["journal.json"])
    assert journal["workouts"][0]["title"] == '=HYPERLINK("http://evil","x")'


def test_export_query_count_does_not_grow_with_the_journal(athlete):
    def queries_for(someone: Athlete) -> int:
        someone = Athlete.objects.select_related("user").get(pk=someone.pk)
        with CaptureQueriesContext(connection) as captured:
            portability.export_journal(someone)
        return len(captured.captured_queries)

    WorkoutFactory(athlete=athlete)  # with no workout at all, the sets query is skipped
    small = queries_for(athlete)
    realistic_journal(athlete)
    # the records, day tags, weigh-ins, coach notes, day states
    assert queries_for(athlete) == small == 10


def test_export_has_only_this_athletes_data(athlete):
    WorkoutFactory(athlete=athlete, title="Mine")
    other = AthleteFactory()
    realistic_journal(other)
    WorkoutFactory(athlete=other, title="Theirs", notes="secret-of-other")
    CoachNote.objects.create(athlete=other, author=UserFactory(), date=other.today(), text="no")
    archive = portability.export_journal(athlete)
    assert b"secret-of-other" not in b"".join(unzip(archive).values())
    journal = portability.journal_as_dict(athlete)
    assert [w["title"] for w in journal["workouts"]] == ["Mine"]
    assert journal["sleep"] == journal["meals"] == journal["checkins"] == []
    assert journal["coach_notes"] == []
    assert journal["profile"]["username"] == athlete.user.username


@pytest.mark.parametrize(
    "typed", ["|cmd", ";=1+1", "\n=1+1", "  =1+1", "\r\n@SUM(A1)", "|calc'!A0"]
)
def test_csv_cells_starting_a_command_or_a_formula_after_white_space_get_a_quote(athlete, typed):
    CheckInFactory(athlete=athlete, note=typed)
    rows = read_csv(unzip(portability.export_journal(athlete))["checkins.csv"])
    assert rows[1][rows[0].index("note")] == "'" + typed
