from django.core.management.base import BaseCommand

from recovery.coach_digest import enqueue_coach_digests


class Command(BaseCommand):
    help = (
        "Queue this week's digest for every coach who opted in (run it from cron on Monday "
        "morning; `manage.py db_worker` sends them). Safe to run twice: each coach gets one "
        "digest a week."
    )

    def handle(self, *args, **options):
        queued = enqueue_coach_digests()
        self.stdout.write(f"Queued {queued} coach digest{'s' if queued != 1 else ''}.")
