"""The check-in reminder: when it falls due in each athlete's own time zone, and the e-mail.

`manage.py send_reminders` (cron, every few minutes) calls `enqueue_due_reminders`, which
queues one `recovery.tasks.send_checkin_reminder` per athlete whose reminder is due; the
worker (`manage.py db_worker`) runs `send_reminder`. docs/reminders.md has the whole story.
"""

import logging
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.language import override_for
from journal.models import Athlete, CheckIn
from recovery.reach_models import CheckInReminder, ReminderSent

logger = logging.getLogger(__name__)

# A reminder is sent from its due moment until this much later, so a trigger that missed a
# run (or a worker that was down) still sends it, but never hours after the time asked for.
LATE_LIMIT = timedelta(hours=2)
UNSUBSCRIBE_SALT = "recovery.reminders.unsubscribe"


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The instant (aware, UTC) at which the clock in `tz` first shows `at` on `day`.

    A time that occurs twice (the repeated hour when clocks go back) gives its first
    occurrence. A time that does not occur (skipped when clocks go forward) gives the first
    instant after the gap, the moment the clocks jump: 02:30 on a spring-forward day in
    Europe/Madrid is 03:00 CEST.
    """
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=tz)  # fold=0: the earlier of a repeated time
    instant = first.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall:
        return instant
    # In a gap: the two folds map to instants on either side of the jump. Find the jump.
    low, high = sorted([instant, wall.replace(tzinfo=tz, fold=1).astimezone(UTC)])
    while high - low > timedelta(seconds=1):
        middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def due_day(reminder: CheckInReminder, now: datetime | None = None) -> date | None:
    """The athlete's local day whose reminder is due at `now`, or None.

    Due from the day's moment (local_moment) until LATE_LIMIT later, on a chosen weekday of
    the athlete's local calendar, and only for a moment after the reminder was last saved.
    Whether it was sent already, or the athlete checked in, is for the caller to ask.
    """
    if not reminder.enabled or not reminder.weekdays:
        return None
    now = now or timezone.now()
    tz = reminder.athlete.tz
    today = now.astimezone(tz).date()
    if today.isoweekday() not in reminder.weekdays:
        return None
    due = local_moment(today, reminder.local_time, tz)
    if not due <= now < due + LATE_LIMIT:
        return None
    if reminder.updated_at and due < reminder.updated_at:
        return None
    return today


def enqueue_due_reminders(now: datetime | None = None) -> int:
    """Queue a reminder for every athlete whose reminder is due now, who has not had that
    day's reminder and has not checked in that day; the number queued."""
    from recovery.tasks import send_checkin_reminder

    now = now or timezone.now()
    reminders = (
        CheckInReminder.objects.filter(enabled=True, athlete__user__is_active=True)
        .exclude(athlete__user__email="")
        .select_related("athlete")
    )
    due = {r.athlete_id: day for r in reminders if (day := due_day(r, now)) is not None}
    if not due:
        return 0
    days = set(due.values())
    done = set(
        ReminderSent.objects.filter(athlete_id__in=due, day__in=days).values_list(
            "athlete_id", "day"
        )
    )
    done |= set(
        CheckIn.objects.filter(athlete_id__in=due, date__in=days).values_list("athlete_id", "date")
    )
    queued = 0
    for athlete_id, day in due.items():
        if (athlete_id, day) not in done:
            send_checkin_reminder.enqueue(athlete_id, day.isoformat())
            queued += 1
    return queued


def send_reminder(athlete_id: int, day: date, now: datetime | None = None) -> bool:
    """E-mail the athlete their check-in reminder for local `day`; True if sent.

    Everything is asked again here, since the task may run a while after it was queued:
    still due, still no check-in. The ReminderSent row is claimed in the same transaction as
    the send: a second worker blocks on the unique row and then finds it taken; a failed
    send rolls the row back, and the next run tries again.
    """
    reminder = (
        CheckInReminder.objects.select_related("athlete__user__language_preference")
        .filter(athlete_id=athlete_id)
        .first()
    )
    if reminder is None or due_day(reminder, now) != day:
        return False
    user = reminder.athlete.user
    if not user.email or not user.is_active:
        return False
    if CheckIn.objects.filter(athlete_id=athlete_id, date=day).exists():
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(athlete_id=athlete_id, day=day)
            with override_for(user):  # the athlete's language, not the worker's
                message = reminder_message(reminder.athlete, day)
            message.send()
    except IntegrityError:
        return False
    logger.info("Check-in reminder for athlete %s on %s sent", athlete_id, day)
    return True


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def reminder_message(athlete: Athlete, day: date) -> EmailMultiAlternatives:
    """The reminder e-mail, in text and HTML, with a one-click unsubscribe (RFC 8058)."""
    unsubscribe_url = site_url(reverse("reminder_unsubscribe", args=[unsubscribe_token(athlete)]))
    context = {
        "athlete": athlete,
        "day": day,
        "checkin_url": site_url(reverse("journal:checkin")),
        "settings_url": site_url(reverse("reminder_settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=_("Time for your Rebound check-in"),
        body=render_to_string("recovery/email/reminder.txt", context),
        to=[athlete.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("recovery/email/reminder.html", context), "text/html"
    )
    return message


def unsubscribe_token(athlete: Athlete) -> str:
    """A signed token naming the athlete, for the unsubscribe link: it needs no log-in, and
    stays the same (no time stamp), so the link in an old e-mail still works."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(str(athlete.public_id))


def athlete_for_token(token: str) -> Athlete | None:
    """The athlete an unsubscribe token was made for, or None for a forged or broken one."""
    try:
        public_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    try:
        return Athlete.objects.filter(public_id=uuid.UUID(str(public_id))).first()
    except ValueError:
        return None


def turn_off(athlete: Athlete) -> None:
    """Stop the athlete's reminders (an unsubscribe)."""
    CheckInReminder.objects.filter(athlete=athlete).update(enabled=False, updated_at=timezone.now())
