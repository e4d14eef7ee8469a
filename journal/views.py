"""Journal views: sign-up, the athlete's settings, and the journal's day page."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from journal import access

# checkin_context and start_page stay importable from here until every caller (recovery's
# views, for one) imports them from journal.checkin and journal.navigation.
from journal.checkin import checkin_context as checkin_context
from journal.checkin import day_tags, save_day_tags
from journal.forms import (
    DayTagsForm,
    ProfileForm,
    SignupForm,
    shown_load,
    shown_mass,
)
from journal.models import (
    EARLIEST_DATE,
    Athlete,
    CheckIn,
    DayTags,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    WeighIn,
    Workout,
    one_refresh,
)
from journal.navigation import day_url, start_page


def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors. A signed-in user with a journal goes to their day; one
    without goes where their account fits: the roster for a coach, admin for staff, and for
    anyone else Settings, which offers to start a journal. Admin's "View site" comes here."""
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    return redirect(start_page(request.user))


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
    return render(request, "registration/signup.html", {"form": form}, status=form_status(form))


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
    return render(request, "journal/settings.html", context, status=form_status(form))


def form_status(form) -> int:
    """400 for a submitted form with errors, so clients and tests can tell; 200 otherwise."""
    return 400 if form.is_bound and form.errors else 200


# --- The journal: one day ---------------------------------------------------


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
        "protein_g_per_kg": meal_totals["protein_g"] / athlete.body_mass_on(day) if meals else None,
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
