"""The check-in reminder: when it is due in each zone (DST included), that it is sent once
per athlete and local day, never after a check-in, and that its links work."""

import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from recovery.reach_models import CheckInReminder, ReminderSent
from recovery.reminders import LATE_LIMIT, local_moment, send_reminder, unsubscribe_token
from recovery.tasks import send_checkin_reminder
from tests.factories import PASSWORD, AthleteFactory, CheckInFactory

EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_reminder(
    zone: str, at: time, weekdays=EVERY_DAY, saved_at=None, **athlete
) -> CheckInReminder:
    """An enabled reminder, saved a week before `saved_at` (default: long ago)."""
    athlete = AthleteFactory(timezone=zone, user__email="athlete@example.com", **athlete)
    with time_machine.travel(saved_at or utc(2020, 1, 1), tick=False):
        return CheckInReminder.objects.create(
            athlete=athlete, enabled=True, local_time=at, weekdays=weekdays
        )


def run_trigger_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders", verbosity=0)


# (zone, local day, local time, the instant it is due)
TIMINGS = [
    # Europe/Madrid springs forward at 02:00 CET on the last Sunday of March: 02:30 does
    # not exist, so it is sent the moment the clocks jump (03:00 CEST = 01:00 UTC).
    ("Europe/Madrid", date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0)),
    ("Europe/Madrid", date(2026, 3, 29), time(7, 30), utc(2026, 3, 29, 5, 30)),
    ("Europe/Madrid", date(2026, 3, 28), time(7, 30), utc(2026, 3, 28, 6, 30)),
    # The last Sunday of October repeats 02:00-03:00: the first 02:30 (CEST) counts.
    ("Europe/Madrid", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
    ("Europe/Madrid", date(2026, 10, 25), time(7, 30), utc(2026, 10, 25, 6, 30)),
    ("America/New_York", date(2026, 3, 8), time(2, 15), utc(2026, 3, 8, 7, 0)),
    ("America/New_York", date(2026, 3, 8), time(7, 30), utc(2026, 3, 8, 11, 30)),
    ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
    ("America/New_York", date(2026, 11, 1), time(7, 30), utc(2026, 11, 1, 12, 30)),
    # Chatham (+12:45, +13:45 in summer) jumps from 02:45 to 03:45 on the last Sunday of
    # September, and goes back from 03:45 to 02:45 on the first Sunday of April.
    ("Pacific/Chatham", date(2026, 9, 27), time(3, 0), utc(2026, 9, 26, 14, 0)),
    ("Pacific/Chatham", date(2026, 4, 5), time(3, 0), utc(2026, 4, 4, 13, 15)),
    ("Pacific/Chatham", date(2026, 6, 10), time(7, 30), utc(2026, 6, 9, 18, 45)),
    ("Asia/Kolkata", date(2026, 6, 10), time(7, 30), utc(2026, 6, 10, 2, 0)),
    ("Asia/Kolkata", date(2026, 6, 10), time(4, 0), utc(2026, 6, 9, 22, 30)),
    ("UTC", date(2026, 6, 10), time(7, 30), utc(2026, 6, 10, 7, 30)),
]


@pytest.mark.parametrize(("zone", "day", "at", "due"), TIMINGS)
def test_the_moment_a_local_time_falls_on(zone, day, at, due):
    assert local_moment(day, at, ZoneInfo(zone)) == due


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(sorted(available_timezones() - {"localtime"})),
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2032, 12, 31)),
    minute_of_day=st.integers(min_value=0, max_value=24 * 60 - 1),
)
def test_in_every_zone_the_moment_is_the_first_that_shows_the_time(zone, day, minute_of_day):
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60))
    moment = local_moment(day, wall.time(), tz)

    def shown(instant):
        return instant.astimezone(tz).replace(tzinfo=None)

    before = moment - timedelta(seconds=1)
    assert shown(moment) >= wall
    assert shown(before) < wall  # nothing earlier shows the time
    if shown(moment) != wall:  # skipped by a clock change: sent the moment the clocks jump
        assert moment.astimezone(tz).utcoffset() != before.astimezone(tz).utcoffset()


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "day", "at", "due"), TIMINGS)
def test_the_trigger_sends_at_the_moment_and_once(zone, day, at, due):
    reminder = make_reminder(zone, at)
    run_trigger_at(due - timedelta(minutes=1))
    assert not mail.outbox
    run_trigger_at(due)
    assert len(mail.outbox) == 1
    # Later runs, and the second pass of a repeated hour, send nothing more.
    for later in (5, 60, 61, 119):
        run_trigger_at(due + timedelta(minutes=later))
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().day == day  # the athlete's local day, not UTC's
    assert ReminderSent.objects.get().athlete == reminder.athlete


@pytest.mark.django_db
def test_a_repeated_hour_sends_once_when_the_first_pass_was_missed():
    # Madrid, 25 Oct 2026: 02:30 happens at 00:30 and at 01:30 UTC; a trigger that only ran
    # during the second pass still sends, and only once.
    make_reminder("Europe/Madrid", time(2, 30))
    run_trigger_at(utc(2026, 10, 25, 1, 30))
    run_trigger_at(utc(2026, 10, 25, 1, 35))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_not_on_a_weekday_left_out():
    make_reminder("Europe/Madrid", time(7, 30), weekdays=[1, 3])  # Mondays and Wednesdays
    run_trigger_at(utc(2026, 6, 9, 5, 30))  # Tuesday 07:30 in Madrid
    assert not mail.outbox
    run_trigger_at(utc(2026, 6, 10, 5, 30))  # Wednesday
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_weekday_is_the_athletes_own():
    # 04:00 on Monday 8 June in Kolkata is 22:30 on Sunday 7 June in UTC.
    make_reminder("Asia/Kolkata", time(4, 0), weekdays=[1])
    run_trigger_at(utc(2026, 6, 7, 22, 30))
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().day == date(2026, 6, 8)


@pytest.mark.django_db
def test_not_sent_after_a_check_in_that_day():
    reminder = make_reminder("America/New_York", time(19, 0))
    CheckInFactory(athlete=reminder.athlete, date=date(2026, 6, 10))
    run_trigger_at(utc(2026, 6, 10, 23, 0))
    assert not mail.outbox
    # A check-in for another day does not count.
    run_trigger_at(utc(2026, 6, 11, 23, 0))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_check_in_between_queueing_and_sending_stops_it():
    reminder = make_reminder("UTC", time(7, 0))
    with time_machine.travel(utc(2026, 6, 10, 7, 1), tick=False):
        CheckInFactory(athlete=reminder.athlete, date=date(2026, 6, 10))
        assert send_checkin_reminder.call(reminder.athlete_id, "2026-06-10") is False
    assert not mail.outbox and not ReminderSent.objects.exists()


@pytest.mark.django_db
def test_a_trigger_that_comes_too_late_sends_nothing():
    make_reminder("UTC", time(7, 0))
    run_trigger_at(utc(2026, 6, 10, 7, 0) + LATE_LIMIT - timedelta(minutes=1))
    assert len(mail.outbox) == 1  # late, but within the limit
    make_reminder("UTC", time(7, 0))
    run_trigger_at(utc(2026, 6, 10, 7, 0) + LATE_LIMIT)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_time_set_after_it_passed_starts_the_next_day():
    # Set at 08:00 for 07:00: not sent at once, but the next morning.
    late = make_reminder("UTC", time(7, 0), saved_at=utc(2026, 6, 10, 8, 0))
    run_trigger_at(utc(2026, 6, 10, 8, 5))
    assert not mail.outbox
    run_trigger_at(utc(2026, 6, 11, 7, 0))
    assert [m.to for m in mail.outbox] == [[late.athlete.user.email]]


@pytest.mark.django_db
def test_off_or_without_e_mail_nothing_is_sent():
    no_address = make_reminder("UTC", time(7, 0)).athlete.user
    no_address.email = ""
    no_address.save()
    off = make_reminder("UTC", time(7, 0))
    off.enabled = False
    off.save()
    run_trigger_at(utc(2026, 6, 10, 7, 0))
    assert not mail.outbox


@pytest.mark.django_db
def test_the_task_run_twice_sends_once_and_a_stale_day_sends_nothing():
    reminder = make_reminder("UTC", time(7, 0))
    with time_machine.travel(utc(2026, 6, 10, 7, 5), tick=False):
        assert send_checkin_reminder.call(reminder.athlete_id, "2026-06-10") is True
        assert send_checkin_reminder.call(reminder.athlete_id, "2026-06-10") is False
        assert send_checkin_reminder.call(reminder.athlete_id, "2026-06-09") is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_is_not_marked_sent_and_the_next_run_sends(monkeypatch):
    reminder = make_reminder("UTC", time(7, 0))

    def broken(self, *args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with time_machine.travel(utc(2026, 6, 10, 7, 0), tick=False), pytest.raises(ConnectionError):
        send_checkin_reminder.call(reminder.athlete_id, "2026-06-10")
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    run_trigger_at(utc(2026, 6, 10, 7, 5))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_e_mail_links_to_the_check_in_and_a_one_click_unsubscribe():
    reminder = make_reminder("Europe/Madrid", time(7, 30))
    run_trigger_at(utc(2026, 6, 10, 5, 30))
    message = mail.outbox[0]
    assert message.to == ["athlete@example.com"]
    checkin_url = django_settings.SITE_URL.rstrip("/") + "/checkin/"
    assert checkin_url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{checkin_url}"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.endswith(f"/unsubscribe/reminder/{unsubscribe_token(reminder.athlete)}/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body and unsubscribe in html
    assert "Wednesday 10 June" in message.body  # the athlete's day


@pytest.mark.django_db
def test_the_check_in_link_logged_out_goes_through_log_in_and_lands_on_the_check_in():
    reminder = make_reminder("UTC", time(7, 0))
    client = Client()
    response = client.get("/checkin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/checkin/"
    logged_in = client.post(
        "/accounts/login/?next=/checkin/",
        {"username": reminder.athlete.user.username, "password": PASSWORD, "next": "/checkin/"},
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == "/checkin/"
    assert client.get("/checkin/").status_code == 200


def unsubscribe_path(reminder) -> str:
    return f"/unsubscribe/reminder/{unsubscribe_token(reminder.athlete)}/"


@pytest.mark.django_db
def test_unsubscribe_works_logged_out_and_a_link_scanner_changes_nothing():
    reminder = make_reminder("UTC", time(7, 0))
    client = Client(enforce_csrf_checks=True)  # a mail client's one-click POST has no token
    page = client.get(unsubscribe_path(reminder))
    assert page.status_code == 200 and b'data-testid="unsubscribe-confirm"' in page.content
    reminder.refresh_from_db()
    assert reminder.enabled
    done = client.post(unsubscribe_path(reminder), {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b'data-testid="unsubscribe-done"' in done.content
    reminder.refresh_from_db()
    assert not reminder.enabled
    run_trigger_at(utc(2026, 6, 10, 7, 0))
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_or_foreign_unsubscribe_link_is_refused(method):
    reminder = make_reminder("UTC", time(7, 0))
    other = make_reminder("UTC", time(7, 0))
    token = unsubscribe_token(reminder.athlete)
    value, signature = token.rsplit(":", 1)
    others_value = unsubscribe_token(other.athlete).rsplit(":", 1)[0]
    tampered = [
        f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",  # one character
        f"{others_value}:{signature}",  # someone else's athlete, this signature
        signing.Signer().sign_object(str(other.athlete.public_id)),  # without the salt
        signing.Signer(salt="recovery.coach_digest.unsubscribe").sign_object(
            str(other.athlete.public_id)
        ),
        "nonsense",
    ]
    client = Client()
    for bad in tampered:
        response = getattr(client, method)(f"/unsubscribe/reminder/{bad}/")
        assert response.status_code == 400, bad
        assert b'data-testid="unsubscribe-broken"' in response.content
    assert CheckInReminder.objects.filter(enabled=True).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_trigger_queues_on_the_database_backend_and_the_worker_sends(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_reminder("Asia/Kolkata", time(7, 30))
    with time_machine.travel(utc(2026, 6, 10, 2, 0), tick=False):
        call_command("send_reminders", verbosity=0)
        call_command("send_reminders", verbosity=0)  # a second host, or an overlapping run
        assert DBTaskResult.objects.count() == 2
        assert not mail.outbox
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert ReminderSent.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_one_reminder():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    reminder = make_reminder("Europe/Madrid", time(7, 30))
    workers = 6
    barrier = threading.Barrier(workers)
    results: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=20)
            results.append(send_reminder(reminder.athlete_id, date(2026, 6, 10)))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    with time_machine.travel(utc(2026, 6, 10, 5, 31), tick=False):
        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [False] * (workers - 1) + [True]
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1
