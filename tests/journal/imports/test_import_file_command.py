"""manage.py import_file: the same pipeline from a shell."""

import pytest
from django.core.management import CommandError, call_command

from journal.models import ImportBatch, Workout
from tests.journal.imports.conftest import SAMPLES, sample

pytestmark = pytest.mark.django_db


def test_dry_run_prints_the_preview_and_writes_nothing(athlete, capsys):
    sample("csv/strong.csv")
    call_command("import_file", athlete.user.username, str(SAMPLES / "csv/strong.csv"), "--dry-run")
    out = capsys.readouterr().out
    assert "to add: 15 workouts (250 sets)" in out
    assert "Dry run: nothing was imported." in out
    assert not Workout.objects.exists() and not ImportBatch.objects.exists()


def test_an_import_is_a_batch_and_a_second_adds_nothing(athlete, capsys):
    sample("csv/strong.csv")
    path = str(SAMPLES / "csv/strong.csv")
    call_command("import_file", athlete.user.username, path, "--rpe", "6")
    assert "Imported 15 workouts" in capsys.readouterr().out
    batch = ImportBatch.objects.get(athlete=athlete)
    assert batch.status == "done"
    assert {float(w.rpe) for w in Workout.objects.filter(athlete=athlete)} == {6.0}
    call_command("import_file", athlete.user.username, path)
    out = capsys.readouterr().out
    assert "duplicates skipped: 15" in out and "Nothing new to import" in out
    assert ImportBatch.objects.count() == 1


def test_a_bad_file_exits_2_with_the_message(athlete, tmp_path):
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"not a fit file at all")
    with pytest.raises(CommandError) as raised:
        call_command("import_file", athlete.user.username, str(bad))
    assert raised.value.returncode == 2
    assert "no FIT header" in str(raised.value)
