from datetime import date

from django.core.management.base import BaseCommand, CommandError

from recovery.summaries import iso_week_start
from recovery.tasks import enqueue_weekly_digests


class Command(BaseCommand):
    help = (
        "Queue the weekly digest for every athlete who opted in (run it from cron on Monday "
        "morning; `manage.py db_worker` sends them). Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", help="ISO week to send, e.g. 2026-W47; default: last week")

    def handle(self, *args, **options):
        week_start: date | None = None
        if options.get("week"):
            try:
                year, week = options["week"].split("-W")
                week_start = iso_week_start(int(year), int(week))
            except ValueError:
                raise CommandError("--week must look like 2026-W47.") from None
        queued = enqueue_weekly_digests(week_start)
        self.stdout.write(f"Queued {queued} weekly digest{'s' if queued != 1 else ''}.")
