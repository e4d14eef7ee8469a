"""Rebuild the day states from the journal: after a deploy that changes the engine, or to
repair them. Safe to run while the app serves: each athlete is one locked transaction."""

import sys

from django.core.management.base import BaseCommand, CommandError

from journal.models import Athlete
from recovery.states import rebuild


class Command(BaseCommand):
    help = "Recompute every athlete's day states (or one athlete's) from their journal."

    def add_arguments(self, parser):
        parser.add_argument("--athlete", metavar="USERNAME", help="only this athlete")

    def handle(self, *args, athlete: str | None = None, **options):
        athletes = Athlete.objects.order_by("pk")
        if athlete:
            athletes = athletes.filter(user__username=athlete)
            if not athletes.exists():
                raise CommandError(f"No athlete with the username {athlete!r}.")
        ids = list(athletes.values_list("pk", flat=True))
        days = 0
        show_progress = sys.stdout.isatty() and self.stdout._out is sys.stdout
        for done, athlete_id in enumerate(ids, start=1):
            days += rebuild(athlete_id)
            if show_progress:
                width = 30
                filled = width * done // len(ids)
                bar = "#" * filled + "-" * (width - filled)
                self.stdout.write(f"\r[{bar}] {done}/{len(ids)} athletes", ending="")
                self.stdout.flush()
        if show_progress:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Recomputed {days} day states for {len(ids)} athletes.")
        )
