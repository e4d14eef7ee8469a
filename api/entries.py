"""The journal's entries for the API: listed by date range, read, and written through the
same forms as the pages, so the limits and messages are the pages' own.

The API speaks kg whatever the athlete's units (the pages speak lb to imperial athletes).
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch, QuerySet
from ninja import Field, Schema

from api import schemas
from api.errors import ApiError, form_errors
from journal import access
from journal.access import AthleteAccess
from journal.checkin import day_tags, save_checkin, save_day_tags
from journal.forms import (
    CheckInForm,
    IntakeForm,
    MealForm,
    SleepForm,
    WorkoutForm,
    exercise_set_formset,
)
from journal.models import (
    Athlete,
    CheckIn,
    DayTags,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    Workout,
    one_refresh,
)

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
MAX_SETS = 60


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items a page, at most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class Listing(Paging):
    """A date range (both ends included) and a page of it."""

    from_: date | None = Field(None, alias="from", description="First day, yyyy-mm-dd.")
    to: date | None = Field(None, description="Last day, yyyy-mm-dd.")

    def range_errors(self) -> None:
        if self.from_ and self.to and self.to < self.from_:
            raise ApiError({"to": ["The last day comes before the first."]})


def page(rows: list, count: int, listing: Paging) -> dict:
    return {"count": count, "limit": listing.limit, "offset": listing.offset, "items": rows}


def in_kg(athlete: Athlete) -> Athlete:
    """The athlete as the forms see them, with metric units: the API reads and writes kg.
    A copy, never saved."""
    metric = copy.copy(athlete)
    metric.units = Athlete.Units.METRIC
    return metric


def form_value(value):
    """A JSON value as a form field reads it."""
    if value is None:
        return ""
    if isinstance(value, date):  # and time
        return value.isoformat()
    return value


# ---------------------------------------------------------------- reading


def _local_time(moment, athlete: Athlete) -> str:
    """The wall-clock time of `moment` in the athlete's zone, "07:30"."""
    return moment.astimezone(athlete.tz).strftime("%H:%M")


def workout_out(workout: Workout, owner: bool) -> dict:
    athlete = workout.athlete
    return {
        "id": workout.pk,
        "date": workout.date,
        "time": _local_time(workout.started_at, athlete),
        "started_at": workout.started_at,
        "kind": workout.kind,
        "title": workout.title,
        "duration_min": workout.duration_min,
        "rpe": float(workout.rpe),
        "session_load_au": workout.session_load,
        "notes": workout.notes if owner or workout.notes_shared else "",
        "notes_shared": workout.notes_shared,
        "sets": [
            {
                "id": s.pk,
                "exercise_id": s.exercise_id,
                "exercise": s.exercise.name,
                "reps": s.reps,
                "load_kg": s.load_kg,
                "rir": s.rir,
            }
            for s in workout.sets.all()
        ],
        "updated_at": workout.updated_at,
    }


def sleep_out(night: SleepEntry, owner: bool) -> dict:
    athlete = night.athlete
    return {
        "id": night.pk,
        "date": night.date,
        "bedtime": _local_time(night.bedtime, athlete),
        "wake_time": _local_time(night.wake_time, athlete),
        "bedtime_at": night.bedtime,
        "wake_time_at": night.wake_time,
        "duration_h": night.duration_h,
        **{
            name: getattr(night, name)
            for name in ("quality", "awakenings", "resting_hr", "hrv_ms", "hrv_sdnn_ms")
        },
        "notes": night.notes if owner or night.notes_shared else "",
        "notes_shared": night.notes_shared,
        "updated_at": night.updated_at,
    }


def meal_out(meal: Meal, owner: bool) -> dict:
    fields = ("kind", "description", "protein_g", "carbs_g", "fat_g", "kcal", "updated_at")
    return {
        "id": meal.pk,
        "date": meal.date,
        "time": _local_time(meal.eaten_at, meal.athlete),
        "eaten_at": meal.eaten_at,
        **{name: getattr(meal, name) for name in fields},
    }


def intake_out(intake: Intake, owner: bool) -> dict:
    fields = ("category", "name", "amount", "unit", "updated_at")
    return {
        "id": intake.pk,
        "date": intake.date,
        "time": _local_time(intake.taken_at, intake.athlete),
        "taken_at": intake.taken_at,
        **{name: getattr(intake, name) for name in fields},
    }


def checkin_out(checkin: CheckIn, owner: bool, tags: list[str] | None = None) -> dict:
    if tags is None:
        row = DayTags.objects.filter(athlete_id=checkin.athlete_id, date=checkin.date).first()
        tags = row.tags if row else []
    scales = ("sleep_quality", "fatigue", "stress", "soreness", "energy")
    return {
        "id": checkin.pk,
        "date": checkin.date,
        **{name: getattr(checkin, name) for name in scales},
        "hooper": checkin.hooper,
        "sore_areas": list(checkin.sore_areas or []),
        "body_mass_kg": checkin.body_mass_kg,
        "water_ml": checkin.water_ml,
        "feel_ready": checkin.feel_ready,
        "tags": list(tags),
        "note": checkin.note if owner or checkin.note_shared else "",
        "note_shared": checkin.note_shared,
        "updated_at": checkin.updated_at,
    }


@dataclass(frozen=True)
class Kind:
    """One kind of entry: its model, the page's form, how it is shown and ordered."""

    model: type[Model]
    out: Callable[..., dict]
    schema: type[Schema]
    order: tuple[str, ...]
    form: type[forms.ModelForm] | None = None
    renamed: tuple[tuple[str, str], ...] = ()

    def rows(self, athlete: Athlete) -> QuerySet:
        rows = self.model.objects.filter(athlete=athlete).select_related("athlete")
        if self.model is Workout:
            sets = ExerciseSet.objects.select_related("exercise")
            rows = rows.prefetch_related(Prefetch("sets", queryset=sets))
        return rows.order_by(*self.order, "pk")


WORKOUTS = Kind(Workout, workout_out, schemas.WorkoutOut, ("date", "started_at"), WorkoutForm)
SLEEP = Kind(SleepEntry, sleep_out, schemas.SleepOut, ("date",), SleepForm)
MEALS = Kind(Meal, meal_out, schemas.MealOut, ("date", "eaten_at"), MealForm)
INTAKES = Kind(Intake, intake_out, schemas.IntakeOut, ("date", "taken_at"), IntakeForm)
CHECKINS = Kind(
    CheckIn, checkin_out, schemas.CheckInOut, ("date",), renamed=(("body_mass", "body_mass_kg"),)
)


def list_entries(acc: AthleteAccess, kind: Kind, listing: Listing) -> dict:
    """A page of the athlete's entries of one kind, oldest first, for its owner or a coach
    (who does not see the notes the athlete keeps to themselves)."""
    listing.range_errors()
    rows = kind.rows(acc.athlete)
    if listing.from_:
        rows = rows.filter(date__gte=listing.from_)
    if listing.to:
        rows = rows.filter(date__lte=listing.to)
    count = rows.count()
    found = list(rows[listing.offset : listing.offset + listing.limit])
    if kind is CHECKINS:
        days = [checkin.date for checkin in found]
        tags = dict(
            DayTags.objects.filter(athlete=acc.athlete, date__in=days).values_list("date", "tags")
        )
        items = [checkin_out(c, acc.is_owner, tags.get(c.date, [])) for c in found]
    else:
        items = [kind.out(entry, acc.is_owner) for entry in found]
    return page(items, count, listing)


def own_entry(request, kind: Kind, pk: int, lock: bool = False) -> Model:
    """One of the caller's own entries with what is shown beside it, or 404."""
    entry = access.own_entry(request.user, kind.model, pk, lock=lock)
    if kind is WORKOUTS and not lock:
        entry = kind.rows(entry.athlete).get(pk=entry.pk)
    return entry


# ---------------------------------------------------------------- writing


def _bound_data(kind: Kind, entry: Model, athlete: Athlete, changes: dict) -> dict:
    """The form's data: for an edit, what the form shows of the entry now, then the
    changes sent."""
    data = {}
    if entry.pk:
        shown = kind.form(instance=entry, athlete=athlete, initial={"date": entry.date})
        data = {name: form_value(shown[name].value()) for name in shown.fields}
    data.update({name: form_value(value) for name, value in changes.items()})
    return data


def save_entry(request, kind: Kind, changes: dict, pk: int | None = None) -> tuple[int, Model]:
    """Create (pk None) or change one of the caller's entries through the page's form.
    Runs in the caller's transaction (api.idempotency.once); bad input raises ApiError."""
    athlete = in_kg(access.own_athlete(request.user))
    entry = access.own_entry(request.user, kind.model, pk, lock=True) if pk else kind.model()
    sets = changes.pop("sets", None)
    form = kind.form(_bound_data(kind, entry, athlete, changes), instance=entry, athlete=athlete)
    formset = None
    if sets is not None:
        if len(sets) > MAX_SETS:
            raise ApiError({"sets": [f"A workout holds at most {MAX_SETS} sets."]})
        formset = exercise_set_formset()(_set_rows(entry, sets), instance=entry, athlete=athlete)
    errors = {} if form.is_valid() else form_errors(form)
    if formset is not None:
        errors.update(_formset_errors(formset))
    if errors:
        raise ApiError(errors)
    try:
        with transaction.atomic(), one_refresh():
            form.save()
            if formset is not None:
                formset.instance = form.instance
                formset.save()
    except IntegrityError:
        if isinstance(form, SleepForm):
            form.night_taken()
            raise ApiError(form_errors(form)) from None
        raise ApiError({"__all__": ["This entry could not be saved. Check the values."]}) from None
    saved = form.instance
    if kind is WORKOUTS:
        saved = kind.rows(athlete).get(pk=saved.pk)
    return (200 if pk else 201), saved


def _set_rows(workout: Workout, sets: list[dict]) -> dict:
    """Formset data that leaves the workout with exactly `sets`, in order: the existing
    rows are changed in place, the extra ones added or deleted."""
    existing = list(workout.sets.order_by("position", "pk")) if workout.pk else []
    total = max(len(existing), len(sets))
    data = {
        "sets-TOTAL_FORMS": total,
        "sets-INITIAL_FORMS": len(existing),
        "sets-MIN_NUM_FORMS": 0,
        "sets-MAX_NUM_FORMS": MAX_SETS,
    }
    for index in range(total):
        prefix = f"sets-{index}-"
        if index < len(existing):
            data[prefix + "id"] = existing[index].pk
        if index < len(sets):
            row = sets[index]
            data[prefix + "exercise"] = form_value(row.get("exercise_id"))
            data[prefix + "reps"] = form_value(row.get("reps"))
            data[prefix + "load"] = form_value(row.get("load_kg"))
            data[prefix + "rir"] = form_value(row.get("rir"))
        else:
            data[prefix + "DELETE"] = "on"
    return data


def _formset_errors(formset) -> dict:
    if formset.is_valid():
        return {}
    renamed = {"exercise": "exercise_id", "load": "load_kg"}
    errors: dict[str, list[str]] = {}
    for index, form in enumerate(formset.forms):
        if form.errors:
            errors.update(form_errors(form, renamed, prefix=f"sets.{index}."))
    if formset.non_form_errors():
        errors["sets"] = list(formset.non_form_errors())
    return errors or {"sets": ["Check the sets."]}


def delete_entry(request, kind: Kind, pk: int) -> None:
    entry = access.own_entry(request.user, kind.model, pk, lock=True)
    entry.delete()


# ---------------------------------------------------------------- the check-in


def save_checkin_answers(request, changes: dict, pk: int | None = None) -> tuple[int, CheckIn]:
    """The day's check-in through the page's form: created, or updated when the day has
    one, keeping what the update leaves out. With `pk`, the answers that change."""
    athlete = access.own_athlete(request.user)
    data: dict = {}
    if pk is None and isinstance(changes.get("date"), date):
        # A second check-in for a day updates it: what it leaves out (a note, sore areas)
        # stays as the day has it, as its tags do.
        pk = (
            CheckIn.objects.filter(athlete=athlete, date=changes["date"])
            .values_list("pk", flat=True)
            .first()
        )
    if pk is not None:
        checkin = access.own_entry(request.user, CheckIn, pk, lock=True)
        data = {name: form_value(getattr(checkin, name)) for name in CheckInForm.model_fields}
        data.update(
            date=checkin.date.isoformat(),
            body_mass=form_value(checkin.body_mass_kg),
            tags=day_tags(athlete, checkin.date),
        )
    for name, value in changes.items():
        data["body_mass" if name == "body_mass_kg" else name] = form_value(value)
    if "tags" not in data and isinstance(changes.get("date"), date):
        data["tags"] = day_tags(athlete, changes["date"])  # left out: the day's stay
    form = CheckInForm(data, athlete=in_kg(athlete))
    if not form.is_valid():
        raise ApiError(form_errors(form, dict(CHECKINS.renamed)))
    day = form.cleaned_data["date"]
    existed = pk is not None or CheckIn.objects.filter(athlete=athlete, date=day).exists()
    with transaction.atomic(), one_refresh():
        save_checkin(athlete, day, form.checkin_values())
        save_day_tags(athlete, day, form.cleaned_data["tags"])
    checkin = CheckIn.objects.get(athlete=athlete, date=day)
    return (200 if existed else 201), checkin
