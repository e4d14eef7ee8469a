"""The entry forms: a sleep entry, a meal or an intake, and a workout with its sets."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods

from journal import access, defaults
from journal.forms import (
    EntryForm,
    IntakeForm,
    MealForm,
    SleepForm,
    WorkoutForm,
    exercise_set_formset,
    shown_load,
)
from journal.models import Athlete, Intake, Meal, SleepEntry, Workout, one_refresh
from journal.navigation import requested_day
from journal.views import form_status


def _initial_for_new(athlete: Athlete, day: date, model: type[Model] | None = None) -> dict:
    """Start a new entry on the requested day: at the current time when that day is today,
    on a past day at the athlete's usual time for that kind of entry (journal.defaults)."""
    initial: dict = {"date": day}
    clock = defaults.default_time(athlete, day, model)
    if clock is not None:
        initial["time"] = clock
    if model is SleepEntry:
        initial.update(defaults.sleep_defaults(athlete))
    return initial


# --- Entry forms ------------------------------------------------------------------------------

ENTRY_KINDS: dict[type[Model], dict] = {
    SleepEntry: {"form": SleepForm, "title": "sleep", "name": _l("sleep"), "slug": "sleep"},
    Meal: {"form": MealForm, "title": "meal", "name": _l("meal"), "slug": "meals"},
    Intake: {"form": IntakeForm, "title": "intake", "name": _l("intake"), "slug": "intake"},
    Workout: {"form": WorkoutForm, "title": "workout", "name": _l("workout"), "slug": "workouts"},
}


class AlreadySaved(Exception):
    """A second submit of a new entry's form: its one-time token was used (FormSubmission)."""


def _already_saved(request: HttpRequest, form: EntryForm, name: str) -> HttpResponse:
    """The answer to a second submit of a new entry's form: the day the first one saved."""
    messages.info(
        request, _("%(kind)s already saved: it was sent twice.") % {"kind": capfirst(name)}
    )
    return redirect("journal:day", form.cleaned_data["date"].isoformat())


def _save_entry(form: EntryForm) -> bool:
    """Save the entry; a row that breaks a constraint after our checks becomes a form error.
    Raises AlreadySaved for a second submit. The token is taken in the same savepoint as the
    row, so a save that fails leaves it free for the corrected form."""
    try:
        with transaction.atomic():
            if not form.first_submission():
                raise AlreadySaved
            form.save()
    except IntegrityError:
        if isinstance(form, SleepForm):
            form.night_taken()
        else:
            form.add_error(
                None, _("This entry could not be saved. Check the values and try again.")
            )
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, model: type[Model], pk: int | None = None) -> HttpResponse:
    """New or edit form for a sleep entry, a meal or an intake."""
    athlete = access.own_athlete(request.user)
    kind = ENTRY_KINDS[model]
    if request.method == "POST":
        # Held until the save commits: an edit and a delete of one entry take turns.
        with transaction.atomic():
            entry = access.own_entry(request.user, model, pk, lock=True) if pk else model()
            form = kind["form"](request.POST, instance=entry, athlete=athlete)
            try:
                saved = form.is_valid() and _save_entry(form)
            except AlreadySaved:
                return _already_saved(request, form, kind["name"])
            if saved:
                message = _("%(kind)s saved.") if pk is None else _("%(kind)s updated.")
                messages.success(request, message % {"kind": capfirst(kind["name"])})
                return redirect(form.instance.day_url())
    elif pk is None:
        entry = model()
        form = kind["form"](
            instance=entry,
            athlete=athlete,
            initial=_initial_for_new(athlete, requested_day(request, athlete), model),
        )
    else:
        entry = access.own_entry(request.user, model, pk)
        form = kind["form"](instance=entry, athlete=athlete, initial={"date": entry.date})
    context = {"form": form, "entry": entry, "kind": kind, "athlete": athlete}
    return render(request, "journal/entry_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, model: type[Model], pk: int) -> HttpResponse:
    """GET: ask to confirm. POST: delete the entry and go back to its day. A second delete
    of the same entry, or one racing an edit, waits for the lock and then finds it gone (404)."""
    kind = ENTRY_KINDS[model]
    if request.method == "POST":
        with transaction.atomic():
            entry = access.own_entry(request.user, model, pk, lock=True)
            day_url = entry.day_url()
            entry.delete()
        messages.success(request, _("%(kind)s deleted.") % {"kind": capfirst(kind["name"])})
        return redirect(day_url)
    entry = access.own_entry(request.user, model, pk)
    return render(request, "journal/entry_confirm_delete.html", {"entry": entry, "kind": kind})


def _last_workout(athlete: Athlete, kind: str) -> Workout | None:
    return (
        Workout.objects.filter(athlete=athlete, kind=kind)
        .order_by("-date", "-started_at")
        .prefetch_related("sets")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def workout_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """New or edit form for a workout and its sets. `?repeat=<kind>` copies the last one."""
    athlete = access.own_athlete(request.user)
    repeated = None
    if request.method == "POST":
        # The workout's row is locked until its sets are written, so concurrent edits take
        # turns and the workout ends with exactly the sets of one of them.
        # A failed write rolls back the whole transaction, the one-time token with it.
        saved = False
        try:
            with transaction.atomic():
                workout = Workout()
                if pk is not None:
                    workout = access.own_entry(request.user, Workout, pk, lock=True)
                form = WorkoutForm(request.POST, instance=workout, athlete=athlete)
                formset = exercise_set_formset()(request.POST, instance=workout, athlete=athlete)
                if form.is_valid() and formset.is_valid():
                    if not form.first_submission():
                        return _already_saved(request, form, ENTRY_KINDS[Workout]["name"])
                    with one_refresh():
                        form.save()
                        formset.instance = form.instance
                        formset.save()
                    saved = True
        except IntegrityError:
            form.add_error(None, _("This workout could not be saved. Check the values."))
        if saved:
            messages.success(request, _("Workout saved.") if pk is None else _("Workout updated."))
            return redirect(form.instance.day_url())
    elif pk is not None:
        workout = access.own_entry(request.user, Workout, pk)
        form = WorkoutForm(instance=workout, athlete=athlete, initial={"date": workout.date})
        extra = 0 if workout.sets.exists() else 1
        formset = exercise_set_formset(extra)(instance=workout, athlete=athlete)
    else:
        workout = Workout()
        initial = _initial_for_new(athlete, requested_day(request, athlete), Workout)
        set_rows: list[dict] = []
        repeat_kind = request.GET.get("repeat", "")
        if repeat_kind in Workout.Kind.values:
            initial["kind"] = repeat_kind
            repeated = _last_workout(athlete, repeat_kind)
        if repeated is not None:
            initial.update(
                title=repeated.title, duration_min=repeated.duration_min, rpe=repeated.rpe
            )
            set_rows = [
                {
                    "exercise": exercise_set.exercise_id,
                    "reps": exercise_set.reps,
                    "load": shown_load(exercise_set.load_kg, athlete.imperial),
                    "rir": exercise_set.rir,
                }
                for exercise_set in repeated.sets.all()
            ]
        form = WorkoutForm(instance=workout, athlete=athlete, initial=initial)
        formset = exercise_set_formset(max(len(set_rows), 1))(
            instance=workout, athlete=athlete, initial=set_rows
        )
    repeat_kinds = (
        Workout.objects.filter(athlete=athlete).order_by("kind").values_list("kind", flat=True)
    ).distinct()
    context = {
        "form": form,
        "formset": formset,
        "workout": workout,
        "athlete": athlete,
        "repeated": repeated,
        "repeat_missing": request.method == "GET" and "repeat" in request.GET and not repeated,
        "repeat_kinds": [(kind, Workout.Kind(kind).label) for kind in repeat_kinds]
        if pk is None
        else [],
        "session_load": _session_load(form),
    }
    status = 400 if form.is_bound and (form.errors or not formset.is_valid()) else 200
    return render(request, "journal/workout_form.html", context, status=status)


def _session_load(form: WorkoutForm) -> float | None:
    """RPE × minutes for what the form shows now, when both are numbers."""
    if form.is_bound:
        rpe, minutes = form.cleaned_data.get("rpe"), form.cleaned_data.get("duration_min")
    else:
        rpe = form.initial.get("rpe", form.instance.rpe if form.instance.pk else None)
        minutes = form.initial.get(
            "duration_min", form.instance.duration_min if form.instance.pk else None
        )
    if rpe is None or minutes is None:
        return None
    return float(rpe) * minutes


@login_required
@require_GET
def workout_set_row(request: HttpRequest) -> HttpResponse:
    """One empty set row for the workout form, numbered after the rows already on the page.

    htmx sends the formset's TOTAL_FORMS; the answer also bumps it out of band.
    """
    athlete = access.own_athlete(request.user)
    try:
        index = int(request.GET.get("sets-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = min(max(index, 0), 59)
    formset = exercise_set_formset()(instance=Workout(), athlete=athlete)
    context = {"set_form": formset.row(index), "set_number": index + 1, "total_forms": index + 1}
    return render(request, "journal/workout_form.html#set-row-added", context)
