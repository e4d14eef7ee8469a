"""Journal views: sign-up, the athlete's settings, and the journal itself."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Model, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from journal import access, defaults, quick
from journal.forms import (
    EARLIEST_DATE,
    CheckInForm,
    DayTagsForm,
    EntryForm,
    IntakeForm,
    MealForm,
    ProfileForm,
    SignupForm,
    SleepForm,
    WorkoutForm,
    exercise_set_formset,
    shown_load,
    shown_mass,
)
from journal.models import (
    Athlete,
    CheckIn,
    DayTags,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    WeighIn,
    Workout,
    note_change,
    one_refresh,
)


def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors. A signed-in user with a journal goes to their day; one
    without goes where their account fits: the roster for a coach, admin for staff, and for
    anyone else Settings, which offers to start a journal. Admin's "View site" comes here."""
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    return redirect(start_page(request.user))


def start_page(user) -> str:
    """The URL name of the first page for a signed-in user."""
    if access.own_athlete_or_none(user) is not None:
        return "today"
    if access.is_coach(user):
        return "coach"
    if user.is_staff:
        return "admin:index"
    return "settings"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Rebound. Start with today's check-in."))
        return redirect("today")
    return render(request, "registration/signup.html", {"form": form}, status=_status(form))


@login_required
def profile_settings(request: HttpRequest) -> HttpResponse:
    """The athlete's profile and targets. An account without a journal (a coach made in the
    admin, say) fills in the same form to start one."""
    athlete = access.own_athlete_or_none(request.user)
    starting = athlete is None
    if starting:
        user = request.user
        # By id: an instance on `user` would make the page's navigation think it exists.
        athlete = Athlete(user_id=user.pk, display_name=user.get_full_name() or user.username)
    form = ProfileForm(request.POST or None, instance=athlete)
    if starting and not form.is_bound:
        form.fields["timezone"].widget.attrs["data-browser-timezone"] = "true"
    if request.method == "POST" and form.is_valid():
        if not starting:
            with transaction.atomic():  # the day states refresh with the profile
                form.save()
            messages.success(request, _("Settings saved."))
            return redirect("settings")
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            if not Athlete.objects.filter(user_id=request.user.pk).exists():
                raise
            # else a second submit of the same form: the first one made the profile
        messages.success(request, _("Your journal is ready. Start with today's check-in."))
        return redirect("today")
    context = {"form": form, "starting": starting}
    return render(request, "journal/settings.html", context, status=_status(form))


def _status(form) -> int:
    """400 for a submitted form with errors, so clients and tests can tell; 200 otherwise."""
    return 400 if form.is_bound and form.errors else 200


# --- Shared helpers ---------------------------------------------------------------------------


def _requested_day(request: HttpRequest, athlete: Athlete) -> date:
    """The `?date=` of the request when it is a real day not in the future, else today."""
    today = athlete.today()
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today
    return day if day <= today else today


def _safe_next(request: HttpRequest, default: str) -> str:
    """`next` when it is a path on this site ("/journal/"), else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


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


# --- The journal: one day ---------------------------------------------------


def day_url(acc: access.AthleteAccess, day: date) -> str:
    """Where this viewer reads one day of the athlete's journal (owner or coach)."""
    if acc.is_owner:
        return reverse("journal:day", args=[day.isoformat()])
    return reverse("coach_athlete_day", args=[acc.athlete.public_id, day.isoformat()])


def day_context(acc: access.AthleteAccess, day: date, tags_form=None) -> dict:
    """Every entry of one local day of the athlete's journal, for its owner (who may change
    them) or a coach (who reads them, without the notes the athlete keeps to themselves),
    with the coach notes about that day. 404 for a day outside the journal."""
    athlete = acc.athlete
    today = athlete.today()
    if day > today:
        raise Http404("That day has not happened yet.")
    if day < EARLIEST_DATE:
        raise Http404(f"The journal starts in {EARLIEST_DATE.year}.")
    imperial = athlete.imperial
    workouts = list(
        Workout.objects.filter(athlete=athlete, date=day)
        .order_by("started_at")
        .prefetch_related(Prefetch("sets", queryset=ExerciseSet.objects.select_related("exercise")))
    )
    for workout in workouts:
        for exercise_set in workout.sets.all():
            exercise_set.load_shown = shown_load(exercise_set.load_kg, imperial)
    sleep = SleepEntry.objects.filter(athlete=athlete, date=day).first()
    meals = list(Meal.objects.filter(athlete=athlete, date=day).order_by("eaten_at"))
    intakes = list(Intake.objects.filter(athlete=athlete, date=day).order_by("taken_at"))
    checkin = CheckIn.objects.filter(athlete=athlete, date=day).first()
    if not acc.is_owner:  # what the athlete did not share stays theirs
        for workout in workouts:
            workout.notes = workout.notes if workout.notes_shared else ""
        if sleep is not None and not sleep.notes_shared:
            sleep.notes = ""
        if checkin is not None and not checkin.note_shared:
            checkin.note = ""
    meal_totals = {
        name: sum(getattr(meal, name) for meal in meals)
        for name in ("protein_g", "carbs_g", "fat_g", "kcal")
    }
    tags = day_tags(athlete, day)
    # Through the reverse relation: journal does not import recovery.
    coach_notes = athlete.coach_notes.filter(date=day).select_related("author")
    return {
        "acc": acc,
        "athlete": athlete,
        "day": day,
        "is_today": day == today,
        "previous_day": day - timedelta(days=1),
        "previous_url": day_url(acc, day - timedelta(days=1)),
        "next_day": day + timedelta(days=1) if day < today else None,
        "next_url": day_url(acc, day + timedelta(days=1)) if day < today else None,
        "days_url": reverse("journal_days")
        if acc.is_owner
        else reverse("coach_athlete_journal", args=[athlete.public_id]),
        "workouts": workouts,
        "day_load_au": sum(workout.session_load for workout in workouts),
        "sleep": sleep,
        "meals": meals,
        "meal_totals": meal_totals,
        "protein_g_per_kg": meal_totals["protein_g"] / _body_mass_on(athlete, day)
        if meals
        else None,
        "intakes": intakes,
        "checkin": checkin,
        "checkin_mass": shown_mass(checkin.body_mass_kg, imperial) if checkin else None,
        "weigh_ins": [
            (weigh_in.weighed_at, shown_mass(weigh_in.body_mass_kg, imperial))
            for weigh_in in WeighIn.objects.filter(athlete=athlete, date=day).order_by("weighed_at")
        ],
        "mass_unit": "lb" if imperial else "kg",
        "tags": [DayTags.Tag(tag).label for tag in tags],
        "tags_form": (tags_form or DayTagsForm(initial={"tags": tags})) if acc.is_owner else None,
        "coach_notes": list(coach_notes),
    }


@login_required
def day_view(request: HttpRequest, day: date, tags_form: DayTagsForm | None = None) -> HttpResponse:
    """Every entry of one local day, with its edit and delete links, and the day's tags."""
    context = day_context(access.own_access(request.user), day, tags_form)
    return render(request, "journal/day.html", context, status=400 if tags_form else 200)


@login_required
@require_http_methods(["POST"])
def day_tags_view(request: HttpRequest, day: date) -> HttpResponse:
    """Set the day's tags from the day page; errors redraw the page with a 400."""
    athlete = access.own_athlete(request.user)
    if day > athlete.today() or day < EARLIEST_DATE:
        raise Http404("No such day in your journal.")
    form = DayTagsForm(request.POST)
    if not form.is_valid():
        return day_view(request, day, tags_form=form)
    with transaction.atomic(), one_refresh():
        save_day_tags(athlete, day, form.cleaned_data["tags"])
    messages.success(request, _("Tags saved."))
    return redirect("journal:day", day=day.isoformat())


def _body_mass_on(athlete: Athlete, day: date) -> float:
    """The latest body mass known on or before `day` (kg): a check-in's, else the profile's."""
    return (
        CheckIn.objects.filter(athlete=athlete, date__lte=day, body_mass_kg__isnull=False)
        .order_by("-date")
        .values_list("body_mass_kg", flat=True)
        .first()
    ) or athlete.body_mass_kg


# --- Entry forms ------------------------------------------------------------------------------

ENTRY_KINDS: dict[type[Model], dict] = {
    SleepEntry: {"form": SleepForm, "title": "sleep", "slug": "sleep"},
    Meal: {"form": MealForm, "title": "meal", "slug": "meals"},
    Intake: {"form": IntakeForm, "title": "intake", "slug": "intake"},
    Workout: {"form": WorkoutForm, "title": "workout", "slug": "workouts"},
}


class AlreadySaved(Exception):
    """A second submit of a new entry's form: its one-time token was used (FormSubmission)."""


def _already_saved(request: HttpRequest, form: EntryForm, title: str) -> HttpResponse:
    """The answer to a second submit of a new entry's form: the day the first one saved."""
    messages.info(request, f"{title.capitalize()} already saved: it was sent twice.")
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
            form.add_error(None, "This entry could not be saved. Check the values and try again.")
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
                return _already_saved(request, form, kind["title"])
            if saved:
                verb = "saved" if pk is None else "updated"
                messages.success(request, f"{kind['title'].capitalize()} {verb}.")
                return redirect(form.instance.day_url())
    elif pk is None:
        entry = model()
        form = kind["form"](
            instance=entry,
            athlete=athlete,
            initial=_initial_for_new(athlete, _requested_day(request, athlete), model),
        )
    else:
        entry = access.own_entry(request.user, model, pk)
        form = kind["form"](instance=entry, athlete=athlete, initial={"date": entry.date})
    context = {"form": form, "entry": entry, "kind": kind, "athlete": athlete}
    return render(request, "journal/entry_form.html", context, status=_status(form))


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
        messages.success(request, f"{kind['title'].capitalize()} deleted.")
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
                        return _already_saved(request, form, "workout")
                    with one_refresh():
                        form.save()
                        formset.instance = form.instance
                        formset.save()
                    saved = True
        except IntegrityError:
            form.add_error(None, "This workout could not be saved. Check the values.")
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
        initial = _initial_for_new(athlete, _requested_day(request, athlete), Workout)
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


# --- The daily check-in -----------------------------------------------------------------------


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


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    """GET: the check-in (the partial for htmx). POST: save it; answer htmx with the redrawn
    partial and an HX-Trigger, or redirect back without JS."""
    athlete = access.own_athlete(request.user)
    partial = request.htmx and not request.htmx.boosted
    if request.method == "GET":
        context = checkin_context(athlete, _requested_day(request, athlete))
        return _render_checkin(request, context, partial)

    form = CheckInForm(request.POST, athlete=athlete)
    next_url = _safe_next(request, reverse("today"))
    if form.is_valid():
        day = form.cleaned_data["date"]
        with transaction.atomic(), one_refresh():
            save_checkin(athlete, day, quick.checkin_values_adding_water(athlete, day, form))
            save_day_tags(athlete, day, form.cleaned_data["tags"])
        if not partial:
            messages.success(request, _("Check-in saved."))
            return HttpResponseRedirect(next_url)
        if request.htmx.target == "checkin-status":
            # A clean form already shows what was saved: only its status line changes.
            response = render(
                request, "journal/checkin.html#checkin-status", {"checkin_saved": True}
            )
        else:
            # Redrawn from the valid form, which clears the errors of an earlier attempt.
            context = checkin_context(athlete, day, saved=True, form=form, checkin=True)
            context["checkin_next"] = next_url
            response = _render_checkin(request, context, partial)
        response["HX-Trigger"] = "checkin-saved"
        return response
    day = form.cleaned_data.get("date") or _requested_day(request, athlete)
    context = checkin_context(athlete, day, form=form) | {"checkin_next": next_url}
    if not partial:
        return _render_checkin(request, context, partial, status=400)
    # A 400 like the page's, which htmx swaps in (base.html's responseHandling): the errors
    # are redrawn in place of the whole section whatever the form targeted.
    response = _render_checkin(request, context, partial, status=400)
    return reswap(retarget(response, "#checkin"), "outerHTML")


def _render_checkin(
    request: HttpRequest, context: dict, partial: bool, status: int = 200
) -> HttpResponse:
    template = "journal/checkin.html#checkin-form" if partial else "journal/checkin.html"
    return render(request, template, context, status=status)
