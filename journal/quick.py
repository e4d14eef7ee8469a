"""One-tap logging: water and caffeine amounts, a repeat of a recent or favourite meal, the
check-in's water (which adds to the day's logged water), and the morning screen (last
night's sleep and the check-in, saved together)."""

import uuid
from datetime import date, datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import access, defaults
from journal.checkin import checkin_context, save_checkin, save_day_tags
from journal.forms import CheckInForm, SleepForm, journal_day
from journal.models import (
    Athlete,
    CheckIn,
    FavouriteMeal,
    FormSubmission,
    Intake,
    Meal,
    Routine,
    SleepEntry,
    one_refresh,
)
from journal.navigation import requested_day, safe_next

# What each one-tap button logs. Caffeine is logged by the serving: Rebound gives no dose.
AMOUNTS = {
    "water-250": (_l("Water"), Intake.Category.WATER, "", 250, Intake.Unit.ML),
    "water-500": (_l("Water"), Intake.Category.WATER, "", 500, Intake.Unit.ML),
    "espresso": (_l("Espresso"), Intake.Category.CAFFEINE, "Espresso", 1, Intake.Unit.SERVING),
    "coffee": (_l("Coffee"), Intake.Category.CAFFEINE, "Coffee", 1, Intake.Unit.SERVING),
}
BUTTON_LABELS = {"water-250": _l("+250 ml"), "water-500": _l("+500 ml"), "espresso": _l("Espresso"),
                 "coffee": _l("Coffee")}  # fmt: skip

# The one water intake a day that holds what the check-in's water field gives.
CHECKIN_WATER_NAME = gettext_noop("From the check-in")
# Names Rebound itself gives an intake: stored in English, shown in the reader's language.
GIVEN_NAMES = frozenset(
    {CHECKIN_WATER_NAME, *(name for _, _, name, _, _ in AMOUNTS.values() if name)}
)


def day_water_ml(athlete: Athlete, day: date) -> float:
    """The day's water: the sum of every water intake logged (the check-in's included)."""
    rows = Intake.objects.filter(athlete=athlete, date=day, category=Intake.Category.WATER)
    total = 0.0
    for amount, unit in rows.values_list("amount", "unit"):
        total += amount * 1000 if unit == Intake.Unit.L else amount
    return total


def save_checkin_water(athlete: Athlete, day: date, water_ml: int | None) -> None:
    """The check-in's water, kept as one water intake of the day, so that it adds to the
    water logged through the day instead of replacing it. Empty: what was given before
    stays (the field is drawn empty, which costs Today no query); 0: none."""
    if water_ml is None:
        return
    rows = Intake.objects.filter(
        athlete=athlete, date=day, category=Intake.Category.WATER, name=CHECKIN_WATER_NAME
    )
    row = rows.first()
    if not water_ml:
        if row is not None:
            row.delete()
        return
    if row is None:
        Intake.objects.create(
            athlete=athlete,
            date=day,
            taken_at=datetime.combine(day, time(12, 0), tzinfo=athlete.tz),
            category=Intake.Category.WATER,
            name=CHECKIN_WATER_NAME,
            amount=water_ml,
            unit=Intake.Unit.ML,
        )
    elif row.amount != water_ml or row.unit != Intake.Unit.ML:
        row.amount, row.unit = water_ml, Intake.Unit.ML
        row.save(update_fields=["amount", "unit", "updated_at"])


def checkin_values_adding_water(athlete: Athlete, day: date, form: CheckInForm) -> dict:
    """The check-in's columns, with its water moved to the day's intakes (see above). A
    check-in total saved before this (CheckIn.water_ml) is drawn in the form, so it moves
    across on the next save."""
    values = form.checkin_values()
    save_checkin_water(athlete, day, values.pop("water_ml"))
    values["water_ml"] = None
    return values


def recent_meals(athlete: Athlete, limit: int = 10) -> list[Meal]:
    """The last `limit` meals, one per description and kind (the latest of each)."""
    seen, found = set(), []
    for meal in Meal.objects.filter(athlete=athlete).order_by("-date", "-eaten_at")[:60]:
        key = (meal.kind, meal.description.strip().lower(), meal.kcal)
        if key in seen:
            continue
        seen.add(key)
        found.append(meal)
        if len(found) == limit:
            break
    return found


def quick_context(athlete: Athlete, day: date) -> dict:
    water = day_water_ml(athlete, day)
    target = round(athlete.water_target_ml_per_kg * athlete.body_mass_kg)
    return {
        "athlete": athlete,
        "quick_day": day,
        "is_today": day == athlete.today(),
        "buttons": [(key, BUTTON_LABELS[key], uuid.uuid4()) for key in AMOUNTS],
        "water_ml": water,
        "water_target_ml": target,
        "recent_meals": [(meal, uuid.uuid4()) for meal in recent_meals(athlete)],
        "favourites": [
            (favourite, uuid.uuid4())
            for favourite in FavouriteMeal.objects.filter(athlete=athlete)[:10]
        ],
        "routines": list(Routine.objects.filter(athlete=athlete)[:4]),
    }


def _day_from(request: HttpRequest, athlete: Athlete) -> date:
    try:
        return journal_day(date.fromisoformat(request.POST.get("date", "")), athlete)
    except (ValueError, forms.ValidationError):
        return athlete.today()


def _client_id(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        return None


def _panel(request: HttpRequest, athlete: Athlete, day: date, status: int = 200, note=""):
    context = quick_context(athlete, day) | {"quick_note": note, "opened": True}
    if not request.htmx:
        if note:
            messages.success(request, note)
        return redirect(safe_next(request, reverse("today")))
    return render(request, "journal/quick.html#quick-panel", context, status=status)


@login_required
@require_GET
def quick_panel(request: HttpRequest) -> HttpResponse:
    """The one-tap panel for `?date=` (Today loads it over htmx)."""
    athlete = access.own_athlete(request.user)
    context = quick_context(athlete, requested_day(request, athlete))
    return render(request, "journal/quick.html#quick-panel", context)


@login_required
@require_POST
def quick_add(request: HttpRequest) -> HttpResponse:
    """Log one of the one-tap amounts. Its client id makes a resend log nothing more."""
    athlete = access.own_athlete(request.user)
    day = _day_from(request, athlete)
    what = AMOUNTS.get(request.POST.get("what", ""))
    if what is None:
        return _panel(request, athlete, day, status=400, note=_("Choose one of the buttons."))
    label, category, name, amount, unit = what
    with transaction.atomic(), one_refresh():
        if FormSubmission.first_use(_client_id(request), athlete):
            Intake.objects.create(
                athlete=athlete,
                date=day,
                taken_at=datetime.combine(
                    day, defaults.default_time(athlete, day, Intake) or time(12, 0), athlete.tz
                ),
                category=category,
                name=name,
                amount=amount,
                unit=unit,
            )
    return _panel(request, athlete, day, note=_("%(what)s logged.") % {"what": label})


@login_required
@require_POST
def quick_meal(request: HttpRequest) -> HttpResponse:
    """Log again one of the last meals (`meal`) or a favourite (`favourite`), macros and all;
    `keep` makes the meal a favourite instead."""
    athlete = access.own_athlete(request.user)
    day = _day_from(request, athlete)
    source = None
    if request.POST.get("favourite", "").isdigit():
        source = FavouriteMeal.objects.filter(
            athlete=athlete, pk=int(request.POST["favourite"])
        ).first()
    elif request.POST.get("meal", "").isdigit():
        source = access.own_entry(request.user, Meal, int(request.POST["meal"]))
    if source is None:
        return _panel(
            request, athlete, day, status=400, note=_("That meal is not in your journal.")
        )
    fields = ("kind", "description", "protein_g", "carbs_g", "fat_g", "kcal")
    values = {name: getattr(source, name) for name in fields}
    if request.POST.get("keep") and isinstance(source, Meal):
        with transaction.atomic():
            if not FavouriteMeal.objects.filter(athlete=athlete, **values).exists():
                FavouriteMeal.objects.create(athlete=athlete, **values)
        return _panel(request, athlete, day, note=_("Kept as a favourite."))
    clock = defaults.repeat_time(athlete, day, defaults.usual_time(athlete, Meal, kind=source.kind))
    with transaction.atomic(), one_refresh():
        if FormSubmission.first_use(_client_id(request), athlete):
            Meal.objects.create(
                athlete=athlete,
                date=day,
                eaten_at=datetime.combine(day, clock, tzinfo=athlete.tz),
                **values,
            )
    return _panel(request, athlete, day, note=_("%(meal)s logged again.") % {"meal": source})


@login_required
@require_POST
def favourite_delete(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = access.own_athlete(request.user)
    with transaction.atomic():
        access.own_entry(request.user, FavouriteMeal, pk, lock=True).delete()
    return _panel(request, athlete, athlete.today(), note=_("Favourite removed."))


# --- The morning screen ---------------------------------------------------------------------


class MorningSleepForm(SleepForm):
    """Last night on the morning screen: bedtime and wake; the rest folds away, and the
    night's rating comes from the check-in's sleep quality when left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quality"].required = False
        self.fields["date"].widget = forms.HiddenInput()
        del self.fields["notes"], self.fields["notes_shared"]


def rating_from_hooper(sleep_quality: int) -> int:
    """The night's 1–5 rating (5 best) from the check-in's 1–7 sleep quality (1 best)."""
    return round(5 - (sleep_quality - 1) * 4 / 6)


@login_required
@require_http_methods(["GET", "POST"])
def morning(request: HttpRequest) -> HttpResponse:
    """Last night's sleep and the check-in on one screen, saved together (or not at all)."""
    athlete = access.own_athlete(request.user)
    source = request.POST if request.method == "POST" else request.GET
    try:
        day = journal_day(date.fromisoformat(source.get("date", "")), athlete)
    except (ValueError, forms.ValidationError):
        day = requested_day(request, athlete)
    night = SleepEntry.objects.filter(athlete=athlete, date=day).first() or SleepEntry()
    checkin = CheckIn.objects.filter(athlete=athlete, date=day).first()
    if request.method == "POST":
        data = request.POST.copy()
        data["sleep-date"] = data["date"] = day.isoformat()
        sleep_form = MorningSleepForm(data, instance=night, athlete=athlete, prefix="sleep")
        checkin_form = CheckInForm(data, athlete=athlete)
        if sleep_form.is_valid() & checkin_form.is_valid():
            with transaction.atomic(), one_refresh():
                if sleep_form.cleaned_data.get("quality") is None:
                    sleep_form.instance.quality = rating_from_hooper(
                        checkin_form.cleaned_data["sleep_quality"]
                    )
                sleep_form.save()
                values = checkin_values_adding_water(athlete, day, checkin_form)
                save_checkin(athlete, day, values)
                save_day_tags(athlete, day, checkin_form.cleaned_data["tags"])
            messages.success(request, _("Sleep and check-in saved."))
            if day == athlete.today():
                return redirect("today")
            return redirect("journal:day", day.isoformat())
        status = 400
    else:
        initial = {"date": day}
        if not night.pk:
            initial.update(defaults.sleep_defaults(athlete))
        sleep_form = MorningSleepForm(
            instance=night, athlete=athlete, prefix="sleep", initial=initial
        )
        checkin_form = None
        status = 200
    context = checkin_context(athlete, day, form=checkin_form, checkin=checkin)
    context.update(
        {
            "athlete": athlete,
            "day": day,
            "sleep_form": sleep_form,
            "night_exists": bool(night.pk),
            "checkin_has_errors": status == 400,
        }
    )
    return render(request, "journal/morning.html", context, status=status)
