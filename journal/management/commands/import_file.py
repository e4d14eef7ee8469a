"""Import a file from another app or device into a user's journal, as /settings/data/ does:
the same reading, preview and commit. Exits 2 with the message when the file can't be read."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from journal.imports import batches, formats
from journal.imports.commit import commit
from journal.imports.models import ADDED, ImportBatch, describe_counts
from journal.imports.preview import Choices
from journal.imports.records import ImportFileError
from journal.models import Athlete


class Command(BaseCommand):
    help = (
        "Import a FIT, GPX, Strong or Hevy CSV, … file (or a ZIP of them) into USERNAME's "
        "journal. Prints what the preview finds; --dry-run stops there."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be imported, write nothing"
        )
        parser.add_argument(
            "--rpe",
            type=float,
            default=Choices().default_rpe,
            help="session RPE for workouts the file does not rate (default %(default)s)",
        )

    def handle(self, *args, username: str, path: Path, dry_run: bool, rpe: float, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
            athlete = user.athlete
        except user_model.DoesNotExist:
            raise CommandError(f"No user has the username “{username}”.") from None
        except Athlete.DoesNotExist:
            raise CommandError(f"“{username}” has no journal to import into.") from None
        if not 0 <= rpe <= 10:
            raise CommandError("--rpe must be between 0 and 10.")
        try:
            with path.open("rb") as file:
                upload = formats.Upload(path.name, file, path.stat().st_size)
                sha256 = batches.fingerprint([upload])
                source, payload = batches.read(athlete, [upload], sha256)
        except OSError as error:
            self._bad_file(f"Can't read {path}: {error.strerror or error}.")
        except ImportFileError as error:
            self._bad_file(str(error))
        summary = payload["summary"]
        self.stdout.write(f"{path.name}: {formats.LABELS.get(source, source)}")
        self.stdout.write(f"  to add: {describe_counts(summary['counts'])}")
        self.stdout.write(f"  duplicates skipped: {summary['duplicate_count']}")
        self.stdout.write(f"  could not be read: {summary['problem_count']}")
        for problem in summary["problems"][:20]:
            where = f"{problem['where']}: " if problem["where"] else ""
            self.stdout.write(f"    {where}{problem['message']}")
        for note in summary["notes"]:
            self.stdout.write(f"  {note}")
        if dry_run:
            self.stdout.write("Dry run: nothing was imported.")
            return
        if not any(summary["counts"][key] for key in ADDED):
            self.stdout.write("Nothing new to import.")
            return
        batch = ImportBatch.objects.create(
            athlete=athlete,
            source=source,
            file_name=path.name[:255],
            file_sha256=sha256,
            status=ImportBatch.Status.READY,
            preview=payload,
        )
        try:
            counts = commit(batch, Choices(default_rpe=rpe))
        except ImportFileError as error:
            batch.delete()
            self._bad_file(str(error))
        self.stdout.write(
            self.style.SUCCESS(f"Imported {describe_counts(counts)} (import {batch.pk}).")
        )

    def _bad_file(self, message: str):
        raise CommandError(message, returncode=2)
