"""Sensible starting values for a new entry: the athlete's usual time of day for its kind.

A median of the athlete's own recent entries, read in their time zone. Times are measured
from a pivot (noon for nights, 04:00 otherwise) so that 23:30 and 00:30 sit an hour apart,
not 23 hours: the median bedtime of those two nights is midnight.
"""

from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Model

from journal.models import Athlete, Intake, Meal, SleepEntry, Workout

RECENT = 60  # entries looked at: about two months of an athlete who logs daily

# The model's aware datetime column, and the hour that starts its "day" for the median.
TIME_COLUMNS: dict[type[Model], tuple[str, int]] = {
    Workout: ("started_at", 4),
    Meal: ("eaten_at", 4),
    Intake: ("taken_at", 4),
}


def median_clock(moments: list[datetime], tz, pivot_hour: int) -> time | None:
    """The median wall-clock time of `moments` in `tz`, to the minute; None for none."""
    if not moments:
        return None
    minutes = []
    for moment in moments:
        local = moment.astimezone(tz)
        minutes.append((local.hour * 60 + local.minute - pivot_hour * 60) % (24 * 60))
    middle = round(median(minutes)) + pivot_hour * 60
    middle %= 24 * 60
    return time(middle // 60, middle % 60)


def usual_time(athlete: Athlete, model: type[Model], **filters) -> time | None:
    """The athlete's median time of day for a workout, a meal or an intake (narrowed by
    `filters`, e.g. kind="breakfast"), or None before the first one."""
    column, pivot = TIME_COLUMNS[model]
    moments = list(
        model.objects.filter(athlete=athlete, **filters)
        .order_by("-date")
        .values_list(column, flat=True)[:RECENT]
    )
    return median_clock(moments, athlete.tz, pivot)


def usual_night(athlete: Athlete) -> tuple[time, time] | None:
    """The athlete's median bedtime and wake time, or None before the first night."""
    nights = list(
        SleepEntry.objects.filter(athlete=athlete)
        .order_by("-date")
        .values_list("bedtime", "wake_time")[:RECENT]
    )
    if not nights:
        return None
    bedtime = median_clock([bed for bed, _ in nights], athlete.tz, 12)
    wake = median_clock([wake for _, wake in nights], athlete.tz, 12)
    return bedtime, wake


def now_clock(athlete: Athlete) -> time:
    return datetime.now(athlete.tz).time().replace(second=0, microsecond=0)


def default_time(
    athlete: Athlete, day: date, model: type[Model] | None = None, **filters
) -> time | None:
    """A new entry's time on `day`: now when `day` is today; on a past day the athlete's
    usual time for that kind of entry (None when there is none yet: the athlete types it)."""
    if day == athlete.today():
        return now_clock(athlete)
    if model not in TIME_COLUMNS:
        return None
    return usual_time(athlete, model, **filters)


def repeat_time(athlete: Athlete, day: date, usual: time | None) -> time:
    """When a repeated meal is filed: its usual time on a past day; today, its usual time if
    that has passed (breakfast logged at lunch), else now."""
    if day != athlete.today():
        return usual or time(12, 0)
    now = now_clock(athlete)
    if usual is not None and usual <= now:
        return usual
    return now


def sleep_defaults(athlete: Athlete) -> dict:
    """Bedtime and wake time for a new night: the athlete's usual, else 23:00 to 07:00."""
    usual = usual_night(athlete)
    bedtime, wake = usual or (time(23, 0), time(7, 0))
    return {"bedtime": bedtime, "wake_time": wake}


def minutes_between(start: datetime, end: datetime) -> int:
    return max(1, round((end - start) / timedelta(minutes=1)))
