from django.core.management.base import BaseCommand

from recovery.reminders import enqueue_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the check-in reminders that are due now (run it from cron or a systemd timer "
        "every 5 minutes; `manage.py db_worker` sends them). Safe to run twice or at once "
        "on two hosts: each athlete gets at most one reminder a day."
    )

    def handle(self, *args, **options):
        queued = enqueue_due_reminders()
        self.stdout.write(f"Queued {queued} check-in reminder{'s' if queued != 1 else ''}.")
