"""The daily check-in: what its form partial needs, and saving its answers and the day's
tags."""

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from journal.forms import CheckInForm
from journal.models import Athlete, CheckIn, DayTags, note_change, one_refresh

_UNKNOWN = object()


def checkin_context(
    athlete: Athlete,
    day: date,
    *,
    saved: bool = False,
    form: CheckInForm | None = None,
    checkin: CheckIn | None | object = _UNKNOWN,
    tags: Sequence[str] | None = None,
) -> dict:
    """What `journal/checkin.html#checkin-form` needs for `athlete` on local `day`.

    Merge it into a page's context and `{% include "journal/checkin.html#checkin-form" %}`.
    `form` is a bound form to redraw with its errors; by default the day's saved answers
    are filled in. A caller that already holds the day's check-in (or knows there is none)
    passes it as `checkin` and saves the query, and likewise the day's `tags`. The partial's
    root is `#checkin`; it posts to /checkin/ over htmx and, without JS, as a normal form that
    comes back to the page.
    """
    if checkin is _UNKNOWN:
        checkin = CheckIn.objects.filter(athlete=athlete, date=day).first()
    if tags is None:
        tags = day_tags(athlete, day)
    drawn_from_saved = form is None
    if form is None:
        form = CheckInForm(athlete=athlete, checkin=checkin, tags=tags, initial={"date": day})
    return {
        "checkin_form": form,
        "checkin_has_errors": not drawn_from_saved and not saved and bool(form.errors),
        "checkin_day": day,
        "checkin_is_today": day == athlete.today(),
        "checkin_exists": checkin is not None,
        "checkin_saved": saved,
        "checkin_next": None,
    }


def day_tags(athlete: Athlete, day: date) -> list[str]:
    row = DayTags.objects.filter(athlete=athlete, date=day).values_list("tags", flat=True)
    return list(row.first() or [])


def save_day_tags(athlete: Athlete, day: date, tags: Sequence[str]) -> None:
    """Set the day's tags: one row per day, none when there are no tags. Saves and deletes
    go through the model, whose signals refresh the day's state."""
    chosen = [tag for tag in DayTags.Tag.values if tag in set(tags)]
    row = DayTags.objects.filter(athlete=athlete, date=day).first()
    if not chosen:
        if row is not None:
            row.delete()
        return
    if row is None:
        DayTags.objects.create(athlete=athlete, date=day, tags=chosen)
    elif row.tags != chosen:
        row.tags = chosen
        row.save(update_fields=["tags", "updated_at"])


def save_checkin(athlete: Athlete, day: date, values: dict) -> None:
    """Create or update the athlete's one check-in for `day`.

    The usual case, a second answer on the same day, is one UPDATE. Two first submits at the
    same moment both end up on one row: the unique constraint makes the loser's INSERT fail,
    and it updates the winner's row instead. An UPDATE sends no signal, so the athlete's
    day is announced here.
    """
    rows = CheckIn.objects.filter(athlete=athlete, date=day)
    with transaction.atomic(), one_refresh():
        if rows.update(**values, updated_at=timezone.now()):
            note_change(athlete.pk, day)
            return
        try:
            with transaction.atomic():
                CheckIn.objects.create(athlete=athlete, date=day, **values)
        except IntegrityError:
            rows.update(**values, updated_at=timezone.now())
            note_change(athlete.pk, day)
