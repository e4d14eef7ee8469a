"""The gym-floor workout logger and routines: a grid of sets per exercise, saved set by set
over htmx; routines saved from a workout, started with one tap, and given by a coach."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import access, logger
from journal.forms import kg_from, shown_load
from journal.models import Athlete, Exercise, Routine, RoutineSet, Workout
from journal.navigation import requested_day
from journal.validators import validate_text


def _own_routine(user, pk: int, lock: bool = False) -> Routine:
    """One of the user's own routines, or 404 (through access.own_entry's owner check)."""
    return access.own_entry(user, Routine, pk, lock=lock)


def _routine_from_query(request: HttpRequest, athlete: Athlete) -> Routine | None:
    try:
        pk = int(request.GET.get("routine", ""))
    except ValueError:
        return None
    return Routine.objects.filter(pk=pk, athlete=athlete).first()


@login_required
@require_http_methods(["GET", "POST"])
def logger_start(request: HttpRequest) -> HttpResponse:
    """GET: the routines to start from, and an empty workout. POST: start one."""
    athlete = access.own_athlete(request.user)
    if request.method == "POST":
        day = requested_day(request, athlete)
        routine = None
        if request.POST.get("routine"):
            try:
                routine = _own_routine(request.user, int(request.POST["routine"]))
            except ValueError:
                raise Http404 from None
        workout = logger.start_workout(athlete, day, routine)
        url = reverse("journal:logger", args=[workout.pk])
        return redirect(f"{url}?routine={routine.pk}" if routine else url)
    context = {
        "athlete": athlete,
        "day": requested_day(request, athlete),
        "routines": Routine.objects.filter(athlete=athlete).prefetch_related("sets"),
    }
    return render(request, "journal/logger_start.html", context)


def _logger_context(athlete: Athlete, workout: Workout, routine: Routine | None) -> dict:
    return {
        "athlete": athlete,
        "workout": workout,
        "routine": routine,
        "unit": "lb" if athlete.imperial else "kg",
        "blocks": logger.workout_blocks(athlete, workout, routine),
        "finish_form": logger.FinishForm(
            initial={
                "duration_min": workout.duration_min,
                "rpe": None if workout.rpe_estimated else workout.rpe,
            }
        ),
        "recent": logger.search_exercises(athlete, "", limit=8),
    }


@login_required
@require_GET
def logger_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The logger for one of the athlete's workouts (in progress or done)."""
    athlete = access.own_athlete(request.user)
    workout = access.own_entry(request.user, Workout, pk)
    context = _logger_context(athlete, workout, _routine_from_query(request, athlete))
    return render(request, "journal/logger.html", context)


@login_required
@require_GET
def logger_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """The picker's results for `?q=` (name or muscle group), recent exercises first."""
    athlete = access.own_athlete(request.user)
    workout = access.own_entry(request.user, Workout, pk)
    query = request.GET.get("q", "").replace("\x00", "")
    context = {"workout": workout, "found": logger.search_exercises(athlete, query), "q": query}
    return render(request, "journal/logger.html#picker-results", context)


@login_required
@require_GET
def logger_exercise(request: HttpRequest, pk: int) -> HttpResponse:
    """One exercise's grid, pre-filled from the last time, to add to the page."""
    athlete = access.own_athlete(request.user)
    workout = access.own_entry(request.user, Workout, pk)
    try:
        exercise = Exercise.objects.visible_to(athlete).get(pk=int(request.GET.get("exercise")))
    except (TypeError, ValueError, Exercise.DoesNotExist):
        return HttpResponse(_("Choose an exercise from the list."), status=400)
    context = {
        "workout": workout,
        "block": logger.planned_block(athlete, exercise, workout),
        "unit": "lb" if athlete.imperial else "kg",
    }
    return render(request, "journal/logger.html#exercise-block", context)


def _row_from_post(form: logger.LoggedSetForm, athlete: Athlete) -> logger.SetRow:
    """The row as the athlete sent it, to redraw with its errors beside the fields."""
    data = form.data

    def number(name, kind):
        try:
            return kind(data.get(name))
        except (TypeError, ValueError):
            return None

    return logger.SetRow(
        client_id=str(data.get("client_id", ""))[:36].replace("\x00", ""),
        exercise_id=number("exercise", int) or 0,
        load=number("load", float),
        reps=number("reps", int),
        rir=number("rir", int),
        warmup=bool(data.get("warmup")),
        errors={name: " ".join(errors) for name, errors in form.errors.items()},
    )


@login_required
@require_POST
def logger_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a set done (or change a done one), or untick it (`undo`). Answers the row."""
    athlete = access.own_athlete(request.user)
    workout = access.own_entry(request.user, Workout, pk)
    form = logger.LoggedSetForm(request.POST, athlete=athlete)
    context = {"workout": workout, "unit": "lb" if athlete.imperial else "kg"}
    if request.POST.get("undo") and "client_id" not in form.errors:
        form.is_valid()
        set_pk = form.cleaned_data.get("set")
        logger.undo_set(workout, athlete, form.cleaned_data["client_id"], set_pk)
        row = _row_from_post(form, athlete)
        row.errors = {}
        return render(request, "journal/logger.html#set-row", context | {"row": row})
    if form.is_valid():
        try:
            saved = logger.save_set(workout, form)
        except forms.ValidationError as error:
            form.add_error("client_id", error)
        else:
            row = logger.SetRow(
                client_id=str(form.cleaned_data["client_id"]),
                exercise_id=saved.exercise_id,
                load=shown_load(saved.load_kg, athlete.imperial),
                reps=saved.reps,
                rir=saved.rir,
                warmup=saved.set_type == saved.SetType.WARMUP,
                done=True,
                set_pk=saved.pk,
            )
            return render(request, "journal/logger.html#set-row", context | {"row": row})
    row = _row_from_post(form, athlete)
    return render(request, "journal/logger.html#set-row", context | {"row": row}, status=400)


@login_required
@require_POST
def logger_finish(request: HttpRequest, pk: int) -> HttpResponse:
    """Session RPE and duration at the end: the workout is done."""
    athlete = access.own_athlete(request.user)
    workout = access.own_entry(request.user, Workout, pk)
    form = logger.FinishForm(request.POST)
    if form.is_valid():
        logger.finish_workout(workout, form)
        messages.success(request, _("Workout saved."))
        return redirect("today" if workout.date == athlete.today() else workout.day_url())
    context = _logger_context(athlete, workout, _routine_from_query(request, athlete))
    context["finish_form"] = form
    return render(request, "journal/logger.html", context, status=400)


# --- Routines -----------------------------------------------------------------------------------


class RoutineNameForm(forms.Form):
    name = forms.CharField(label=_l("Routine name"), max_length=80, validators=[validate_text])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(placeholder=_("e.g. Lower A"), autocomplete="off")
        self.fields["name"].error_messages["required"] = _("Give the routine a name.")


@login_required
@require_POST
def routine_from_workout(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one of the athlete's workouts as a routine."""
    workout = access.own_entry(request.user, Workout, pk)
    form = RoutineNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["name"]))
        return redirect("journal:logger", pk=workout.pk)
    if not workout.sets.exists():
        messages.error(request, _("Tick at least one set first: a routine is made of its sets."))
        return redirect("journal:logger", pk=workout.pk)
    routine = logger.routine_from_workout(workout, form.cleaned_data["name"])
    messages.success(request, _("Saved as the routine “%(name)s”.") % {"name": routine.name})
    return redirect("journal:routines")


@login_required
@require_GET
def routines(request: HttpRequest) -> HttpResponse:
    athlete = access.own_athlete(request.user)
    rows = Routine.objects.filter(athlete=athlete).prefetch_related("sets__exercise")
    return render(request, "journal/routines.html", {"athlete": athlete, "routines": rows})


@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a routine and drop planned sets from it."""
    if request.method == "POST":
        with transaction.atomic():
            routine = _own_routine(request.user, pk, lock=True)
            form = RoutineNameForm(request.POST)
            if form.is_valid():
                routine.name = form.cleaned_data["name"]
                routine.save(update_fields=["name", "updated_at"])
                dropped = [v for v in request.POST.getlist("drop") if v.isdigit()]
                RoutineSet.objects.filter(routine=routine, pk__in=dropped).delete()
                messages.success(request, _("Routine saved."))
                return redirect("journal:routines")
    else:
        routine = _own_routine(request.user, pk)
        form = RoutineNameForm(initial={"name": routine.name})
    context = {"routine": routine, "form": form, "sets": routine.sets.select_related("exercise")}
    return render(request, "journal/routine_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def routine_delete(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        routine = _own_routine(request.user, pk, lock=True)
        routine.delete()
    messages.success(request, _("Routine deleted."))
    return redirect("journal:routines")


class GiveLineForm(forms.Form):
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(), required=False, label=_l("Exercise")
    )
    sets = forms.IntegerField(
        min_value=1, max_value=10, required=False, initial=3, label=_l("Sets")
    )
    reps = forms.IntegerField(
        min_value=1, max_value=100, required=False, initial=5, label=_l("Reps")
    )
    load = forms.FloatField(min_value=0, required=False, label=_l("Load"))

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.fields["exercise"].queryset = Exercise.objects.visible_to(athlete)
        self.fields["exercise"].empty_label = _("Choose an exercise")
        self.fields["load"].label = _("Load (%(unit)s)") % {
            "unit": "lb" if athlete.imperial else "kg"
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exercise") and not self.errors:
            kg = kg_from(cleaned.get("load") or 0.0, self.athlete.imperial)
            if kg > 1000:
                self.add_error("load", _("Load must be at most 1000 kg."))
            cleaned["load_kg"] = kg
            cleaned["sets"] = cleaned.get("sets") or 3
            cleaned["reps"] = cleaned.get("reps") or 5
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
def routine_give(request: HttpRequest, public_id) -> HttpResponse:
    """A coach with manage access gives the athlete a routine (view-only: 403; others: 404)."""
    acc = access.athlete_access(request.user, public_id)
    acc.require_manage()
    athlete = acc.athlete
    line_forms = [
        GiveLineForm(request.POST or None, prefix=f"line{i}", athlete=athlete) for i in range(6)
    ]
    name_form = RoutineNameForm(request.POST or None)
    if request.method == "POST":
        checked = [line.is_valid() for line in line_forms]  # each one, for its errors
        valid = name_form.is_valid() & all(checked)
        lines = [
            line.cleaned_data for line in line_forms if valid and line.cleaned_data["exercise"]
        ]
        if valid and not lines:
            name_form.add_error(None, _("Add at least one exercise."))
        elif valid:
            logger.give_routine(athlete, request.user, name_form.cleaned_data["name"], lines)
            messages.success(
                request, _("Routine given to %(name)s.") % {"name": athlete.display_name}
            )
            return redirect("journal:routine_give", public_id=athlete.public_id)
    context = {
        "acc": acc,
        "athlete": athlete,
        "name_form": name_form,
        "line_forms": line_forms,
        "given": Routine.objects.filter(athlete=athlete, given_by=request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/routine_give.html", context, status=status)
