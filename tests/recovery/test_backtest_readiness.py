"""`manage.py backtest_readiness` on a small PMData-format folder that the test writes."""

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from recovery import backtest
from recovery.engine.agreement import ranks, spearman
from recovery.models import DayState

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2020, 3, 2, 7, 30, tzinfo=UTC)


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def participant(folder: Path, days: int = 30) -> None:
    """Readiness that rises with the PMSys fatigue item (5 the best); one unanswered item
    and one unanswered readiness; sessions every other day; Fitbit wake times."""
    wellness, sessions, fitbit = [], [], []
    for i in range(days):
        morning = START + timedelta(days=i)
        fatigue = 1 + i % 5
        stress = 0 if i == 3 else 3  # day 3: an item not answered, so no check-in
        readiness = 0 if i == 4 else 2 * fatigue  # day 4: readiness not answered
        wellness.append(
            [
                morning.isoformat().replace("+00:00", "Z"),
                fatigue,
                3,
                readiness,
                7.5,
                4,
                3,
                "[]",
                stress,
            ]
        )
        fitbit.append(
            [(morning - timedelta(minutes=20)).isoformat(), i, 80, 20, 20, 40, 60, 55, 0.05]
        )
        if i % 2:
            end = morning + timedelta(hours=10)
            sessions.append([end.isoformat(), "['running']", 6, 45])
    write_csv(
        folder / "pmsys" / "wellness.csv",
        [
            "effective_time_frame",
            "fatigue",
            "mood",
            "readiness",
            "sleep_duration_h",
            "sleep_quality",
            "soreness",
            "soreness_area",
            "stress",
        ],
        wellness,
    )
    write_csv(
        folder / "pmsys" / "srpe.csv",
        ["end_date_time", "activity_names", "perceived_exertion", "duration_min"],
        sessions,
    )
    write_csv(
        folder / "fitbit" / "sleep_score.csv",
        [
            "timestamp",
            "sleep_log_entry_id",
            "overall_score",
            "composition_score",
            "revitalization_score",
            "duration_score",
            "deep_sleep_in_minutes",
            "resting_heart_rate",
            "restlessness",
        ],
        fitbit,
    )


def test_spearman_ranks_ties_and_edges():
    assert ranks([10, 20, 20, 5]) == [2.0, 3.5, 3.5, 1.0]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2], [1, 2]) is None  # too few pairs
    assert spearman([1, 1, 1], [1, 2, 3]) is None  # a constant side
    with pytest.raises(ValueError):
        spearman([1, 2, 3], [1, 2])


@pytest.mark.django_db
def test_a_folder_is_imported_through_the_journal_and_scored_without_its_readiness(tmp_path):
    participant(tmp_path / "p01")
    imported = backtest.import_folder(tmp_path / "p01")
    athlete = imported.athlete
    assert athlete.checkin_set.count() == 29  # day 3 had an unanswered item
    assert athlete.workout_set.count() == 15
    assert DayState.objects.filter(athlete=athlete).count() >= 30
    assert len(imported.reported) == 29  # day 4's readiness was not answered
    table = backtest.rho_table([imported])
    # Readiness was written to rise with the fatigue item: the item follows it exactly.
    assert table["item: fatigue"].within_mean == pytest.approx(1.0)
    assert table["score"].days == 29  # every reported day has a score (day 3 without wellness)
    assert table["item: fatigue"].days == 28  # and all but day 3 a check-in
    later = backtest.rho_table([imported], half="later")
    assert later["item: fatigue"].days == 15  # the later 15 of the 29 reported days
    assert "| score |" in backtest.format_table("## All days", table)


def test_a_folder_without_participants_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No PMData participant folders"):
        call_command("backtest_readiness", str(tmp_path))


def test_the_command_runs_in_a_throwaway_database(tmp_path):
    participant(tmp_path / "data" / "p01")
    participant(tmp_path / "data" / "p02", days=24)
    database = tmp_path / "real.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "true"}
    env.pop("REBOUND_BENCH_FLOOR", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "backtest_readiness", str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "## All days" in done.stdout and "## Each athlete's later half" in done.stdout
    assert "| item: fatigue | +" in done.stdout
    assert not database.exists() or database.stat().st_size == 0  # the real database untouched
