"""Background jobs, run by `manage.py db_worker` (django-tasks-db): the weekly digest, the
check-in reminder and the coach digest (recovery.reminders, recovery.coach_digest), and
the refresh of day states after a change of rule settings."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_tasks import task

from journal.access import AthleteAccess
from journal.language import override_for
from journal.models import Athlete
from recovery import pages
from recovery.models import DigestSent
from recovery.summaries import iso_week_label

logger = logging.getLogger(__name__)


def last_full_week(athlete: Athlete) -> date:
    """Monday of the athlete's most recent finished ISO week, in their own time zone."""
    today = athlete.today()
    return today - timedelta(days=today.weekday() + 7)


@task()
def send_weekly_digest(athlete_id: int, week_start: str) -> bool:
    """E-mail one athlete the summary of one week; True if sent, False if it was already.

    The DigestSent row is written in the same transaction as the send: a second run for the
    same athlete and week finds the row (or loses the race on the unique constraint) and
    sends nothing. If sending fails, the row is rolled back and a later run tries again.
    """
    monday = date.fromisoformat(week_start)
    athlete = Athlete.objects.select_related("user__language_preference").get(pk=athlete_id)
    if not athlete.weekly_digest or not athlete.user.email:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(athlete=athlete, week_start=monday)
            acc = AthleteAccess(athlete=athlete, is_owner=True, can_manage=True)
            with override_for(athlete.user):  # the athlete's language, not the worker's
                context = pages.labelled_week_context(acc, iso_week_label(monday))
                context["site_url"] = settings.SITE_URL.rstrip("/")
                subject = _("Your Rebound week %(week)s") % {"week": context["label"]}
                message = EmailMultiAlternatives(
                    subject=subject,
                    body=render_to_string("recovery/email/digest.txt", context),
                    to=[athlete.user.email],
                )
                message.attach_alternative(
                    render_to_string("recovery/email/digest.html", context), "text/html"
                )
            message.send()
    except IntegrityError:
        return False
    logger.info("Weekly digest for athlete %s, week of %s sent", athlete_id, monday)
    return True


def enqueue_weekly_digests(week_start: date | None = None) -> int:
    """Queue a digest for every athlete who opted in and has not had this week's yet."""
    athletes = list(Athlete.objects.filter(weekly_digest=True).exclude(user__email=""))
    mondays = {athlete.pk: week_start or last_full_week(athlete) for athlete in athletes}
    sent = set(
        DigestSent.objects.filter(
            athlete__in=athletes, week_start__in=set(mondays.values())
        ).values_list("athlete_id", "week_start")
    )
    queued = 0
    for athlete in athletes:
        if (athlete.pk, mondays[athlete.pk]) in sent:
            continue
        send_weekly_digest.enqueue(athlete.pk, mondays[athlete.pk].isoformat())
        queued += 1
    return queued


@task()
def refresh_stale_states() -> int:
    """Re-step every athlete whose states were computed with older rule settings; the
    number of athletes refreshed. Each athlete is its own transaction: pages keep reading
    while this runs, and re-run the rules in memory for the athletes not yet done."""
    from recovery.states import refresh, stale_athlete_ids

    athlete_ids = stale_athlete_ids()
    for athlete_id in athlete_ids:
        refresh(athlete_id, None)
    logger.info("Day states refreshed for %s athletes after a rule change", len(athlete_ids))
    return len(athlete_ids)


@task()
def send_checkin_reminder(athlete_id: int, day: str) -> bool:
    """E-mail one athlete's check-in reminder for their local `day` (ISO date); True if
    sent. Idempotent per athlete and day (recovery.reminders.send_reminder)."""
    from recovery.reminders import send_reminder

    return send_reminder(athlete_id, date.fromisoformat(day))


@task()
def send_coach_digest(coach_id: int, week_start: str) -> bool:
    """E-mail one coach the digest of their athletes for the ISO week starting `week_start`;
    True if sent. Idempotent per coach and week (recovery.coach_digest.send_digest)."""
    from recovery.coach_digest import send_digest

    return send_digest(coach_id, date.fromisoformat(week_start))
