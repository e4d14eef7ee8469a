"""Restore a journal.json export into a user's empty account, as /settings/data/ does."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from journal import portability
from journal.models import Athlete


class Command(BaseCommand):
    help = (
        "Import a Rebound journal.json (or the export's ZIP) into USERNAME's account, which must "
        "have no journal entries yet. All or nothing; coach links and notes are not imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("path", type=Path, help="journal.json from a Rebound export")
        parser.add_argument(
            "--profile",
            action="store_true",
            help="also restore the profile (name, targets, time zone, units) from the file",
        )

    def handle(self, *args, username: str, path: Path, profile: bool = False, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"No user has the username “{username}”.") from None
        try:
            athlete = user.athlete
        except Athlete.DoesNotExist:
            raise CommandError(f"“{username}” has no athlete profile to import into.") from None
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Can't read {path}: {error.strerror or error}.") from None
        try:
            data = portability.read_journal_file(content)
            counts = portability.import_journal(athlete, data, restore_profile=profile)
        except portability.JournalImportError as error:
            raise CommandError("\n".join(["Nothing was imported.", *error.messages])) from None
        self.stdout.write(
            self.style.SUCCESS(f"Imported {portability.describe_counts(counts)} for {username}.")
        )
