"""The coaches' weekly digest: the roster worst first, as /coach/ shows it, with what
changed since last week, and a link to each athlete.

The rows come from recovery.pages.roster_rows over the coach's active links
(journal.access.active_links), so the e-mail and the roster page list the same athletes in
the same order. Nothing from an athlete's notes is read: only day states.
`manage.py send_coach_digests` (cron, hourly or more often) queues one
`recovery.tasks.send_coach_digest` per coach whose digest is due: from Monday 07:00 in the
coach's own time zone, once per ISO week.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from journal import access
from journal.language import override_for
from journal.models import CoachLink
from recovery import pages
from recovery.reach_models import CoachDigestSent, CoachDigestSetting
from recovery.reminders import local_moment, site_url
from recovery.state_reads import AthleteStates, Span, read_states
from recovery.summaries import iso_week_label

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "recovery.coach_digest.unsubscribe"
WEEK = timedelta(days=7)
DIGEST_LOCAL_TIME = time(7, 0)  # on Monday, in the coach's time zone


@dataclass(frozen=True)
class DigestRow:
    """One athlete in a coach's digest: the roster row and what changed in a week."""

    link: CoachLink
    summary: pages.RosterSummary
    band_week_ago: str | None
    new_alerts: tuple[str, ...]  # titles of alerts this week that last week did not have
    missed_checkins: int  # days of the last 7 (to yesterday) without a check-in
    athlete_url: str
    targets_url: str | None  # manage access only

    @property
    def band_changed(self) -> bool:
        return self.band_week_ago != self.summary.band


def coach_week_start(coach, now: datetime | None = None) -> date | None:
    """Monday of the coach's current ISO week once its digest is due (from Monday 07:00 in
    the coach's own time zone, UTC without a journal of their own), else None."""
    own = access.own_athlete_or_none(coach)
    tz = own.tz if own else UTC
    now = now or timezone.now()
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return monday if now >= local_moment(monday, DIGEST_LOCAL_TIME, tz) else None


def alerts(states: AthleteStates, first: date, last: date) -> dict[str, str]:
    """The alerts (code: title) found on any day from `first` to `last`."""
    found: dict[str, str] = {}
    for offset in range((last - first).days + 1):
        state = states.on(first + timedelta(days=offset))
        for finding in state.findings if state else ():
            if finding.severity == "alert":
                found.setdefault(finding.code, finding.title)
    return found


def digest_rows(coach) -> list[DigestRow]:
    """The coach's athletes worst first (the roster's order), each with the change since a
    week ago; only athletes shared through an active link."""
    links = list(access.active_links(coach).select_related("athlete"))
    roster, _counts = pages.roster_rows(links, "", "")
    today_of = {link.athlete_id: link.athlete.today() for link, _ in roster}
    spans = {
        link.athlete: Span(today_of[link.athlete_id] - 2 * WEEK, today_of[link.athlete_id])
        for link, _ in roster
    }
    states = read_states(spans)
    rows = []
    for link, summary in roster:
        today = today_of[link.athlete_id]
        athlete_states = states[link.athlete_id]
        week_ago = athlete_states.on(today - WEEK)
        yesterday = athlete_states.on(today - timedelta(days=1))
        this_week = alerts(athlete_states, today - WEEK + timedelta(days=1), today)
        last_week = alerts(athlete_states, today - 2 * WEEK + timedelta(days=1), today - WEEK)
        public_id = link.athlete.public_id
        manage = link.access == CoachLink.Access.MANAGE
        rows.append(
            DigestRow(
                link=link,
                summary=summary,
                band_week_ago=week_ago.readiness.band if week_ago else None,
                new_alerts=tuple(t for code, t in this_week.items() if code not in last_week),
                missed_checkins=7 - (yesterday.metrics.checkins_7d if yesterday else 0),
                athlete_url=site_url(reverse("coach_athlete", args=[public_id])),
                targets_url=site_url(reverse("coach_targets", args=[public_id]))
                if manage
                else None,
            )
        )
    return rows


def digest_message(coach, week_start: date, rows: list[DigestRow]) -> EmailMultiAlternatives:
    unsubscribe_url = site_url(reverse("coach_digest_unsubscribe", args=[unsubscribe_token(coach)]))
    context = {
        "coach": coach,
        "rows": rows,
        "label": iso_week_label(week_start),
        "week_start": week_start,
        "roster_url": site_url(reverse("coach")),
        "settings_url": site_url(reverse("reminder_settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=_("Your athletes this week (%(week)s)") % {"week": context["label"]},
        body=render_to_string("recovery/email/coach_digest.txt", context),
        to=[coach.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("recovery/email/coach_digest.html", context), "text/html"
    )
    return message


def send_digest(coach_id: int, week_start: date) -> bool:
    """E-mail one coach the digest for the ISO week starting `week_start`; True if sent.

    Nothing is sent to a coach who opted out, has no e-mail or coaches nobody right now.
    The CoachDigestSent row is claimed in the send's transaction: a second run finds it
    taken (or waits on it, then finds it), and a failed send leaves no row behind.
    """
    coach = (
        get_user_model()
        .objects.select_related("language_preference")
        .filter(pk=coach_id, is_active=True)
        .first()
    )
    if coach is None or not coach.email:
        return False
    if not CoachDigestSetting.objects.filter(coach=coach, enabled=True).exists():
        return False
    if coach_week_start(coach) != week_start:
        return False  # queued last week and run late, or not due yet
    rows = digest_rows(coach)
    if not rows:
        return False
    try:
        with transaction.atomic():
            CoachDigestSent.objects.create(coach=coach, week_start=week_start)
            with override_for(coach):  # the coach's language, not the worker's
                message = digest_message(coach, week_start, rows)
            message.send()
    except IntegrityError:
        return False
    logger.info("Coach digest for user %s, week of %s sent", coach_id, week_start)
    return True


def enqueue_coach_digests() -> int:
    """Queue this week's digest for every coach who opted in and has not had it; the number
    queued."""
    from recovery.tasks import send_coach_digest

    settings_rows = (
        CoachDigestSetting.objects.filter(enabled=True, coach__is_active=True)
        .exclude(coach__email="")
        .select_related("coach__athlete")
    )
    due = {row.coach_id: coach_week_start(row.coach) for row in settings_rows}
    weeks = {coach_id: week for coach_id, week in due.items() if week is not None}
    sent = set(
        CoachDigestSent.objects.filter(
            coach_id__in=weeks, week_start__in=set(weeks.values())
        ).values_list("coach_id", "week_start")
    )
    queued = 0
    for coach_id, week_start in weeks.items():
        if (coach_id, week_start) not in sent:
            send_coach_digest.enqueue(coach_id, week_start.isoformat())
            queued += 1
    return queued


def unsubscribe_token(coach) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(coach.pk)


def coach_for_token(token: str):
    """The user a digest unsubscribe token was made for, or None for a forged one."""
    try:
        coach_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(coach_id, int):
        return None
    return get_user_model().objects.filter(pk=coach_id).first()


def turn_off(coach) -> None:
    CoachDigestSetting.objects.filter(coach=coach).update(enabled=False, updated_at=timezone.now())
