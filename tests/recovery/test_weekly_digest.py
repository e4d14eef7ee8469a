from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from recovery.models import DigestSent
from recovery.tasks import last_full_week, send_weekly_digest
from tests.factories import AthleteFactory, WorkoutFactory

pytestmark = pytest.mark.django_db
MONDAY_MORNING = datetime(2026, 11, 23, 7, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def opted_in():
    athlete = AthleteFactory(weekly_digest=True, user__email="runner@example.com")
    with time_machine.travel(MONDAY_MORNING, tick=False):
        WorkoutFactory(athlete=athlete, date=athlete.today() - timedelta(days=3), rpe=6)
    return athlete


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_digest_is_sent_once_per_athlete_and_week(opted_in):
    AthleteFactory(weekly_digest=False)  # did not opt in
    call_command("send_weekly_digests", verbosity=0)
    call_command("send_weekly_digests", verbosity=0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["runner@example.com"]
    assert message.subject == "Your Rebound week 2026-W47"
    assert "Training load: 360 AU" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Findings this week" in html
    assert DigestSent.objects.get().week_start == last_full_week(opted_in)


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_running_the_task_twice_sends_once(opted_in):
    monday = last_full_week(opted_in).isoformat()
    assert send_weekly_digest.call(opted_in.pk, monday) is True
    assert send_weekly_digest.call(opted_in.pk, monday) is False
    assert len(mail.outbox) == 1


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_failed_send_is_retried_next_time(opted_in, monkeypatch):
    monday = last_full_week(opted_in).isoformat()

    def broken(self, *args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(ConnectionError):
        send_weekly_digest.call(opted_in.pk, monday)
    assert not DigestSent.objects.exists()
    monkeypatch.undo()
    assert send_weekly_digest.call(opted_in.pk, monday) is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_queues_on_the_database_backend_and_the_worker_sends(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(MONDAY_MORNING, tick=False):
        AthleteFactory(weekly_digest=True)
        call_command("send_weekly_digests", verbosity=0)
        assert DBTaskResult.objects.count() == 1
        assert not mail.outbox
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_bad_week_option_is_refused():
    with pytest.raises(Exception, match="2026-W47"):
        call_command("send_weekly_digests", "--week", "last")
