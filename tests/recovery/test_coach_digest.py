"""The coaches' weekly digest: who appears in it (the access rules), in the roster's order,
with what changed in a week; no notes; sent once per coach and week."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from journal.access import AthleteAccess
from journal.models import CoachLink
from recovery import pages
from recovery.coach_digest import coach_week_start, digest_rows, unsubscribe_token
from recovery.reach_models import CoachDigestSent, CoachDigestSetting
from recovery.tasks import send_coach_digest
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    UserFactory,
    WorkoutFactory,
)
from tests.recovery.conftest import client_for, fill_journal

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
THIS_WEEK = date(2026, 11, 23)
PRIVATE = "PRIVATE-NOTE-do-not-mail"


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coach():
    user = UserFactory(username="coach-d", email="coach@example.com")
    CoachDigestSetting.objects.create(coach=user, enabled=True)
    return user


def names_in_text(body: str) -> list[str]:
    return re.findall(r"^\d+\. (.+) \((?:view|manage)", body, flags=re.MULTILINE)


def public_ids_in_html(html: str) -> list[str]:
    return re.findall(r'data-athlete="([0-9a-f-]+)"', html)


def send_now() -> None:
    call_command("send_coach_digests", verbosity=0)


def test_the_digest_lists_the_roster_worst_first_in_the_pages_order(coach):
    stories = ["steady", "stressed", "strength", "empty"]
    for i, story in enumerate(stories):
        athlete = AthleteFactory(display_name=f"{story.title()} {i}")
        if story != "empty":
            fill_journal(athlete, story, weeks=6)
        CoachLinkFactory(athlete=athlete, coach=coach)
    roster = client_for(coach).get("/coach/").context["rows"]
    expected = [link.athlete.display_name for link, _ in roster]
    assert sorted(expected) == sorted(f"{s.title()} {i}" for i, s in enumerate(stories))

    send_now()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coach@example.com"]
    assert message.subject == "Your athletes this week (2026-W48)"
    assert names_in_text(message.body) == expected
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert public_ids_in_html(html) == [str(link.athlete.public_id) for link, _ in roster]
    for link, summary in roster:
        assert f"/coach/athletes/{link.athlete.public_id}/" in message.body
        if summary.score is not None:
            assert f"{summary.score} ({summary.band})" in message.body


def test_what_changed_since_last_week_matches_the_day_states(coach):
    athlete = AthleteFactory(display_name="Maya")
    fill_journal(athlete, "stressed", weeks=6)
    CoachLinkFactory(athlete=athlete, coach=coach)
    [row] = digest_rows(coach)
    today = athlete.today()
    owner = AthleteAccess(athlete=athlete, is_owner=True, can_manage=True)
    states = pages.day_states(owner, today - timedelta(days=13), today)
    by_day = {state.day: state for state in states}
    assert row.band_week_ago == by_day[today - timedelta(days=7)].readiness.band
    assert row.summary.band == by_day[today].readiness.band

    def alert_codes(first: int, last: int) -> set[str]:
        return {
            f.title
            for offset in range(first, last + 1)
            for f in by_day[today - timedelta(days=offset)].findings
            if f.severity == "alert"
        }

    assert set(row.new_alerts) == alert_codes(0, 6) - alert_codes(7, 13)
    checked_in = athlete.checkin_set.filter(
        date__range=(today - timedelta(days=7), today - timedelta(days=1))
    ).count()
    assert row.missed_checkins == 7 - checked_in


def test_missed_check_ins_count_the_last_seven_days(coach):
    athlete = AthleteFactory(display_name="Sparse")
    for days_back in (1, 2, 5, 9):  # three inside the last seven days, one before
        CheckInFactory(athlete=athlete, date=athlete.today() - timedelta(days=days_back))
    CheckInFactory(athlete=athlete, date=athlete.today())  # today is not yet over: not counted
    CoachLinkFactory(athlete=athlete, coach=coach)
    [row] = digest_rows(coach)
    assert row.missed_checkins == 4
    send_now()
    assert "Days without a check-in (last 7): 4" in mail.outbox[0].body


def test_only_active_links_appear_and_each_with_its_own_access(coach):
    viewed = AthleteFactory(display_name="Viewed")
    managed = AthleteFactory(display_name="Managed")
    revoked = AthleteFactory(display_name="Revoked")
    pending = AthleteFactory(display_name="Pending")
    AthleteFactory(display_name="Outsider")  # shares with nobody
    elsewhere = AthleteFactory(display_name="Elsewhere")
    CoachLinkFactory(athlete=viewed, coach=coach, access=CoachLink.Access.VIEW)
    CoachLinkFactory(athlete=managed, coach=coach, access=CoachLink.Access.MANAGE)
    CoachLinkFactory(athlete=revoked, coach=coach, status=CoachLink.Status.REVOKED)
    CoachLinkFactory(athlete=pending, coach=coach, status=CoachLink.Status.PENDING)
    CoachLinkFactory(athlete=elsewhere)  # another coach's athlete
    AthleteFactory(user=coach, display_name="Coach's own journal")

    send_now()
    body = mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert sorted(names_in_text(body)) == ["Managed", "Viewed"]
    for absent in ("Revoked", "Pending", "Outsider", "Elsewhere", "Coach's own journal"):
        assert absent not in body and absent not in html
    # A manage link also offers the targets page; a view link does not.
    assert f"/coach/athletes/{managed.public_id}/targets/" in body
    assert f"/coach/athletes/{viewed.public_id}/targets/" not in body + html
    assert "Viewed (view dashboards)" in body and "Managed (view and manage targets)" in body


def test_a_link_revoked_after_queueing_is_left_out_when_sent(coach, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    kept = AthleteFactory(display_name="Kept")
    gone = AthleteFactory(display_name="Gone")
    CoachLinkFactory(athlete=kept, coach=coach)
    link = CoachLinkFactory(athlete=gone, coach=coach)
    send_now()  # queued, not yet run
    link.status = CoachLink.Status.REVOKED
    link.save()
    assert send_coach_digest.call(coach.pk, THIS_WEEK.isoformat()) is True
    assert names_in_text(mail.outbox[0].body) == ["Kept"]


def test_private_notes_never_appear(coach):
    athlete = AthleteFactory(display_name="Noted")
    CoachLinkFactory(athlete=athlete, coach=coach, access=CoachLink.Access.MANAGE)
    today = athlete.today()
    CheckInFactory(athlete=athlete, date=today - timedelta(days=1), note=f"{PRIVATE} check-in")
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=2), notes=f"{PRIVATE} workout")
    send_now()
    message = mail.outbox[0]
    assert "Noted" in message.body
    assert PRIVATE not in message.body
    assert PRIVATE not in message.alternatives[0][0]


def test_an_athlete_who_coaches_nobody_gets_no_digest():
    owner = AthleteFactory(display_name="Just me", user__email="me@example.com")
    CoachDigestSetting.objects.create(coach=owner.user, enabled=True)
    CoachLinkFactory(athlete=owner)  # shares with a coach, coaches nobody
    send_now()
    assert not mail.outbox and not CoachDigestSent.objects.exists()


def test_opted_out_coaches_get_nothing():
    quiet = UserFactory(email="quiet@example.com")
    CoachDigestSetting.objects.create(coach=quiet, enabled=False)
    CoachLinkFactory(coach=quiet)
    CoachLinkFactory(coach=UserFactory())  # never opted in
    send_now()
    assert not mail.outbox


def test_sent_once_per_coach_and_week(coach, _monday):
    CoachLinkFactory(coach=coach)
    send_now()
    send_now()
    assert len(mail.outbox) == 1
    assert send_coach_digest.call(coach.pk, THIS_WEEK.isoformat()) is False
    assert CoachDigestSent.objects.get().week_start == THIS_WEEK == coach_week_start(coach)
    _monday.move_to(MONDAY_MORNING + timedelta(days=3))  # later the same week
    send_now()
    assert len(mail.outbox) == 1
    _monday.move_to(MONDAY_MORNING + timedelta(days=7))
    send_now()
    assert len(mail.outbox) == 2
    # A task queued last week and run late sends nothing: this week's has gone.
    assert send_coach_digest.call(coach.pk, THIS_WEEK.isoformat()) is False


def test_the_digest_is_due_from_monday_0700_in_the_coachs_own_zone(coach, _monday):
    # Monday 30 Nov 07:00 in Auckland (UTC+13) is Sunday 29 Nov 18:00 in UTC.
    AthleteFactory(user=coach, timezone="Pacific/Auckland")
    CoachLinkFactory(coach=coach)
    _monday.move_to(datetime(2026, 11, 29, 17, 59, tzinfo=UTC))
    send_now()
    assert not mail.outbox
    _monday.move_to(datetime(2026, 11, 29, 18, 0, tzinfo=UTC))
    send_now()
    assert CoachDigestSent.objects.get().week_start == date(2026, 11, 30)
    assert len(mail.outbox) == 1


def test_not_due_before_monday_0700(coach, _monday):
    CoachLinkFactory(coach=coach)
    _monday.move_to(MONDAY_MORNING - timedelta(minutes=1))
    send_now()
    assert not mail.outbox
    assert send_coach_digest.call(coach.pk, THIS_WEEK.isoformat()) is False
    _monday.move_to(MONDAY_MORNING)
    send_now()
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried(coach, monkeypatch):
    CoachLinkFactory(coach=coach)

    def broken(self, *args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(ConnectionError):
        send_coach_digest.call(coach.pk, THIS_WEEK.isoformat())
    assert not CoachDigestSent.objects.exists()
    monkeypatch.undo()
    send_now()
    assert len(mail.outbox) == 1


def test_unsubscribe_needs_no_log_in_and_refuses_a_tampered_link(coach):
    CoachLinkFactory(coach=coach)
    send_now()
    message = mail.outbox[0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert path == f"unsubscribe/coach-digest/{unsubscribe_token(coach)}/"
    assert url in message.body
    client = Client(enforce_csrf_checks=True)
    other = UserFactory()
    forged = [
        signing.Signer().sign_object(other.pk),
        signing.Signer(salt="recovery.reminders.unsubscribe").sign_object(other.pk),
        unsubscribe_token(coach)[:-2] + "xx",
    ]
    for token in forged:
        assert client.post(f"/unsubscribe/coach-digest/{token}/").status_code == 400
    assert CoachDigestSetting.objects.get(coach=coach).enabled
    assert client.get(f"/{path}").status_code == 200
    assert CoachDigestSetting.objects.get(coach=coach).enabled
    assert client.post(f"/{path}").status_code == 200
    assert not CoachDigestSetting.objects.get(coach=coach).enabled


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_queues_on_the_database_backend_and_the_worker_sends(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coach = UserFactory(email="coach@example.com")
    CoachDigestSetting.objects.create(coach=coach, enabled=True)
    CoachLinkFactory(coach=coach)
    send_now()
    assert DBTaskResult.objects.count() == 1 and not mail.outbox
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
