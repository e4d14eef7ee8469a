"""Forms for the athlete's profile and journal. Each returns the typed values the models want."""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from journal.models import (
    EARLIEST_DATE,
    LB_PER_KG,
    MUSCLE_GROUPS,
    NOTE_MAX_CHARS,
    PROTEIN_DEFAULT_BY_FOCUS,
    Athlete,
    CheckIn,
    DayTags,
    Exercise,
    ExerciseSet,
    FormSubmission,
    Intake,
    Meal,
    SleepEntry,
    Workout,
    timezone_names,
)

# The zones most athletes live in, offered first; then every current zone by region.
COMMON_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Helsinki",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Johannesburg",
    "UTC",
)
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def current_zone_names() -> frozenset[str]:
    """The zones the tz database lists for the places people live now (its zone.tab):
    Asia/Kolkata but not its old alias Asia/Calcutta. Empty if tzdata has no zone.tab."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return frozenset(row[2].strip() for row in rows if len(row) >= 3)


@cache
def timezone_choices(current: str | None = None) -> list:
    """Common zones first, then the current zones by region (no legacy aliases such as
    US/Eastern, Asia/Calcutta or Etc/GMT+5). An athlete's own zone is always offered,
    alias or not."""

    def shown(name: str) -> tuple[str, str]:
        return name, name.replace("_", " ")

    names = set(timezone_names())
    live = current_zone_names() or names
    regional = [n for n in sorted(names & live) if n.split("/", 1)[0] in REGIONS and "/" in n]
    groups = [("Common", [shown(n) for n in COMMON_ZONES if n in names])]
    groups.append(("All zones", [shown(n) for n in regional]))
    if current and current not in set(COMMON_ZONES) | set(regional) and current in names:
        groups.insert(0, ("Yours", [shown(current)]))
    return groups


def kg_from(value: float | None, imperial: bool) -> float | None:
    """Mass as stored (kg) from what the athlete typed, in lb when they use imperial units."""
    if value is None:
        return None
    return round(value / LB_PER_KG, 2) if imperial else value


def shown_mass(kg: float | None, imperial: bool) -> float | None:
    """Mass as the athlete reads it: lb for imperial units, kg otherwise."""
    if kg is None:
        return None
    return round(kg * LB_PER_KG, 1) if imperial else round(kg, 1)


class BodyMassMixin:
    """Adds `body_mass` in the athlete's units; cleaned_data gets `body_mass_kg` in kg."""

    mass_limits_kg = (25, 300)

    def clean_body_mass_in_units(self, field: str, imperial: bool) -> float | None:
        value = self.cleaned_data.get(field)
        if value is None:
            return None
        low, high = self.mass_limits_kg
        kg = kg_from(value, imperial)
        if not low <= kg <= high:
            if imperial:
                shown = (round(low * LB_PER_KG), round(high * LB_PER_KG))
                self.add_error(
                    field,
                    _("Body mass must be between %(low)s and %(high)s lb.")
                    % {"low": shown[0], "high": shown[1]},
                )
            else:
                self.add_error(
                    field,
                    _("Body mass must be between %(low)s and %(high)s kg.")
                    % {"low": low, "high": high},
                )
            return None
        return kg


PROFILE_HELP = {
    "sleep_target_h": _l("Hours a night, 7 to 9."),
    "protein_target_g_per_kg": format_lazy(
        _l("Grams per kg of body mass a day, 0.8 to 3.0. Empty: the default for your focus ({})."),
        ", ".join(f"{focus} {value}" for focus, value in PROTEIN_DEFAULT_BY_FOCUS.items()),
    ),
    "water_target_ml_per_kg": _l("Millilitres per kg of body mass a day, 20 to 70."),
    "kcal_target": _l("Optional: kcal a day, 1000 to 6000."),
}

RANGE_MESSAGES = {
    "sleep_target_h": _l("Sleep target must be between 7 and 9 hours."),
    "protein_target_g_per_kg": _l("Protein target must be between 0.8 and 3.0 g/kg."),
    "water_target_ml_per_kg": _l("Water target must be between 20 and 70 ml/kg."),
    "kcal_target": _l("Energy target must be between 1000 and 6000 kcal."),
}


def use_range_messages(form: forms.BaseForm) -> None:
    """Replace Django's generic min/max messages with one sentence that names the range."""
    for name, message in RANGE_MESSAGES.items():
        if name in form.fields:
            form.fields[name].error_messages.update(min_value=message, max_value=message)
            for validator in form.fields[name].validators:
                if hasattr(validator, "limit_value"):
                    validator.message = message


class SignupForm(BodyMassMixin, UserCreationForm):
    email = forms.EmailField(help_text="For password resets and, if you want it, a weekly digest.")
    display_name = forms.CharField(max_length=80, help_text="How Rebound and your coach greet you.")
    body_mass = forms.FloatField(
        label="Body mass", help_text="In kg, or in lb with imperial units."
    )
    focus = forms.ChoiceField(choices=Athlete.Focus.choices, initial=Athlete.Focus.MIXED)
    goal = forms.ChoiceField(choices=Athlete.Goal.choices, initial=Athlete.Goal.MAINTAIN)
    timezone = forms.ChoiceField(
        label="Time zone",
        initial="UTC",
        help_text="Your days start at midnight here. Filled in from your browser when it can be.",
    )
    units = forms.ChoiceField(choices=Athlete.Units.choices, initial=Athlete.Units.METRIC)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = timezone_choices()
        self.fields["body_mass"].widget.attrs.update(inputmode="decimal", step="0.1")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        if not self.is_bound:  # a redrawn form keeps the zone the person chose
            self.fields["timezone"].widget.attrs["data-browser-timezone"] = "true"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already uses this e-mail address.")
        return email

    def clean(self):
        cleaned = super().clean()
        imperial = cleaned.get("units") == Athlete.Units.IMPERIAL
        cleaned["body_mass_kg"] = self.clean_body_mass_in_units("body_mass", imperial)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=True)
        data = self.cleaned_data
        Athlete.objects.create(
            user=user,
            display_name=data["display_name"],
            body_mass_kg=data["body_mass_kg"],
            focus=data["focus"],
            goal=data["goal"],
            timezone=data["timezone"],
            units=data["units"],
        )
        return user


class ProfileForm(BodyMassMixin, forms.ModelForm):
    body_mass = forms.FloatField(label=_l("Body mass"))

    class Meta:
        model = Athlete
        fields = [
            "display_name",
            "focus",
            "goal",
            "sleep_target_h",
            "protein_target_g_per_kg",
            "water_target_ml_per_kg",
            "kcal_target",
            "timezone",
            "units",
            "weekly_digest",
            "cycle_day_one",
        ]
        labels = {
            "cycle_day_one": _l("First day of your last period (optional)"),
            "sleep_target_h": _l("Sleep target (h)"),
            "protein_target_g_per_kg": _l("Protein target (g/kg/day)"),
            "water_target_ml_per_kg": _l("Water target (ml/kg/day)"),
            "kcal_target": _l("Energy target (kcal/day)"),
            "weekly_digest": _l("Weekly digest by e-mail"),
        }
        help_texts = PROFILE_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"] = forms.ChoiceField(
            label=_("Time zone"),
            choices=timezone_choices(self.instance.timezone),
            help_text=_("Type the first letters to jump to it, e.g. Europe/Oslo."),
        )
        imperial = self.instance.imperial
        self.fields["body_mass"].help_text = _("In lb.") if imperial else _("In kg.")
        self.fields["body_mass"].initial = shown_mass(self.instance.body_mass_kg, imperial)
        self.fields["body_mass"].widget.attrs.update(inputmode="decimal", step="0.1")
        for name in ("sleep_target_h", "protein_target_g_per_kg", "water_target_ml_per_kg"):
            self.fields[name].widget.attrs.update(inputmode="decimal", step="0.1")
        self.fields["kcal_target"].widget.attrs["inputmode"] = "numeric"
        self.fields["protein_target_g_per_kg"].widget.attrs["placeholder"] = _(
            "%(value)s (default for your focus)"
        ) % {"value": f"{self.instance.protein_target:g}"}
        self.fields["cycle_day_one"].widget = date_input()
        self.order_fields(["display_name", "body_mass"])
        use_range_messages(self)

    def clean_cycle_day_one(self) -> date | None:
        day = self.cleaned_data.get("cycle_day_one")
        if day is None:
            return None
        if day > self.instance.today():
            raise forms.ValidationError(_("That day has not happened yet."))
        if day < EARLIEST_DATE:
            raise forms.ValidationError(
                _("Give a day from %(year)s on.") % {"year": EARLIEST_DATE.year}
            )
        return day

    def clean(self):
        cleaned = super().clean()
        # The mass is read in the units the athlete had when the form was drawn.
        cleaned["body_mass_kg"] = self.clean_body_mass_in_units("body_mass", self.instance.imperial)
        return cleaned

    def save(self, commit: bool = True) -> Athlete:
        if self.cleaned_data.get("body_mass_kg") is not None:
            self.instance.body_mass_kg = self.cleaned_data["body_mass_kg"]
        return super().save(commit)


# --- Journal entries -------------------------------------------------------------------------

LOAD_LIMITS_KG = (0, 1000)


def set_range(
    form: forms.BaseForm, name: str, low: float, high: float, message: str, below: str = ""
) -> None:
    """Bound a field to low…high with one clear message (`below` for values under `low`).

    Model validators are not copied onto form fields, so the form checks the range itself.
    """
    field = form.fields[name]
    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ]
    field.validators += [MinValueValidator(low, below or message), MaxValueValidator(high, message)]
    field.widget.attrs.update(min=low, max=high)


def local_datetime(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """An aware datetime for a wall-clock time on the athlete's local day."""
    return datetime.combine(day, clock, tzinfo=tz)


def shown_load(kg: float | None, imperial: bool) -> float | None:
    """A set's load as the athlete reads it: lb (0.1) for imperial, kg as stored otherwise."""
    if kg is None:
        return None
    return round(kg * LB_PER_KG, 1) if imperial else kg


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def number_input(step: str = "1", inputmode: str = "numeric") -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": step, "inputmode": inputmode})


def journal_day(day: date, athlete: Athlete) -> date:
    """A day an entry may be filed under: not in the future in the athlete's zone."""
    if day > athlete.today():
        raise forms.ValidationError(_("This date is in the future."))
    if day < EARLIEST_DATE:
        raise forms.ValidationError(
            _("Enter a date from %(year)s on.") % {"year": EARLIEST_DATE.year}
        )
    return day


def large_controls(form: forms.BaseForm) -> None:
    """Draw text inputs and selects at Bootstrap's large size: tap targets of 44 px or more."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
            size = "form-select-lg"
        elif isinstance(widget, forms.widgets.Input | forms.Textarea) and not isinstance(
            widget, forms.HiddenInput
        ):
            size = "form-control-lg"
        else:
            continue
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {size}".strip()


class EntryForm(forms.ModelForm):
    """A journal entry: a local `date` and, for most entries, a local time of day.

    `time_field` names the model's aware datetime filled from `date` + `time`. A date in the
    future in the athlete's zone is an error. The view passes `athlete`.
    """

    time_field: str | None = None
    time_label = _l("Time")

    date = forms.DateField(label=_l("Date"), widget=date_input())
    time = forms.TimeField(widget=time_input())
    # A new entry's one-time token (FormSubmission): a double submit saves one row.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        if self.instance.pk:
            del self.fields["submission"]
        elif not self.is_bound:
            self.initial["submission"] = uuid.uuid4()
        self.fields["time"].label = self.time_label
        if self.time_field is None:
            del self.fields["time"]
        elif self.instance.pk and not self.is_bound:
            local = getattr(self.instance, self.time_field).astimezone(athlete.tz)
            self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))
        self.fields["date"].widget.attrs["max"] = athlete.today().isoformat()
        self.order_fields(["date", "time"])
        large_controls(self)

    def clean_date(self) -> date:
        return journal_day(self.cleaned_data["date"], self.athlete)

    def clean(self):
        cleaned = super().clean()
        day, clock = cleaned.get("date"), cleaned.get("time")
        if self.time_field and day and clock:
            cleaned[self.time_field] = local_datetime(day, clock, self.athlete.tz)
        return cleaned

    def first_submission(self) -> bool:
        """Whether this is the first submit of a new entry's form (see FormSubmission)."""
        token = self.cleaned_data.get("submission")
        return FormSubmission.first_use(token, self.athlete)

    def save(self, commit: bool = True):
        entry = self.instance
        entry.athlete = self.athlete
        entry.date = self.cleaned_data["date"]
        if self.time_field:
            setattr(entry, self.time_field, self.cleaned_data[self.time_field])
        return super().save(commit)


class WorkoutForm(EntryForm):
    time_field = "started_at"
    time_label = _l("Start time")

    class Meta:
        model = Workout
        fields = ["kind", "title", "duration_min", "rpe", "notes", "notes_shared"]
        labels = {
            "duration_min": _l("Duration (min)"),
            "rpe": _l("Session RPE (0–10)"),
            "notes_shared": _l("Share these notes with my coaches"),
        }
        help_texts = {
            "rpe": _l("How hard the whole session was: 0 rest, 10 maximal."),
            "notes_shared": "",
        }
        widgets = {
            "duration_min": number_input(),
            "rpe": number_input(step="0.1", inputmode="decimal"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["placeholder"] = _("e.g. Lower body A")
        set_range(self, "duration_min", 1, 600, _("Duration must be between 1 and 600 minutes."))
        set_range(self, "rpe", 0, 10, _("Session RPE must be between 0 and 10."))
        if self.instance.rpe_estimated:
            self.fields["rpe"].help_text = _(
                "Estimated at import. Change it to how hard the session felt: it is then yours."
            )

    def save(self, commit: bool = True):
        if "rpe" in self.changed_data:
            self.instance.rpe_estimated = False  # rated by the athlete now, no estimate
        return super().save(commit)


def exercise_catalogue(athlete: Athlete) -> tuple[dict[int, Exercise], list]:
    """The exercises the athlete may pick (the shared catalogue and their own) by pk, and as
    <optgroup>s by kind for a <select>: one query."""
    catalogue = {
        exercise.pk: exercise for exercise in Exercise.objects.visible_to(athlete).order_by("name")
    }
    groups: dict[str, list[tuple[int, str]]] = {}
    for exercise in catalogue.values():
        groups.setdefault(Exercise.Kind(exercise.kind).label, []).append(
            (exercise.pk, exercise.name)
        )
    return catalogue, [("", "Choose an exercise")] + list(groups.items())


class CatalogueChoiceField(forms.ModelChoiceField):
    """An exercise picked from the catalogue that the formset read once, not one query per
    set row. `catalogue` is set by the form."""

    catalogue: dict[int, Exercise] | None = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.catalogue is None:
            return super().to_python(value)
        try:
            return self.catalogue[int(value)]
        except (KeyError, ValueError, TypeError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class ExerciseSetForm(forms.ModelForm):
    """One set. `load` is in the athlete's units; the model keeps kg."""

    load = forms.FloatField(label=_l("Load"), min_value=0, required=False)
    exercise = CatalogueChoiceField(queryset=Exercise.objects.all(), label=_l("Exercise"))

    class Meta:
        model = ExerciseSet
        fields = ["exercise", "reps", "rir"]
        labels = {"rir": _l("RIR")}
        help_texts = {"rir": ""}
        widgets = {"reps": number_input(), "rir": number_input()}

    def __init__(
        self,
        *args,
        athlete: Athlete,
        catalogue: tuple[dict[int, Exercise], list] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.imperial = athlete.imperial
        unit = "lb" if self.imperial else "kg"
        if catalogue is not None:
            self.fields["exercise"].catalogue, self.fields["exercise"].choices = catalogue
        else:
            self.fields["exercise"].queryset = Exercise.objects.visible_to(athlete)
        self.fields["exercise"].empty_label = _("Choose an exercise")
        self.fields["load"].label = _("Load (%(unit)s)") % {"unit": unit}
        self.fields["load"].widget.attrs.update(step="0.5", inputmode="decimal", min=0)
        if self.instance.pk and "load" not in self.initial:
            self.initial["load"] = shown_load(self.instance.load_kg, self.imperial)
        set_range(self, "reps", 1, 100, _("Reps must be between 1 and 100."))
        set_range(self, "rir", 0, 10, _("Reps in reserve must be between 0 and 10."))
        large_controls(self)
        self.fields["load"].error_messages["min_value"] = _("Load can't be negative.")

    def clean_load(self) -> float | None:
        value = self.cleaned_data.get("load")
        if value is None:
            return None
        low, high = LOAD_LIMITS_KG
        # An unchanged imperial load keeps its stored kg rather than drifting by rounding.
        if self.instance.pk and value == shown_load(self.instance.load_kg, self.imperial):
            return self.instance.load_kg
        kg = kg_from(value, self.imperial)
        if not low <= kg <= high:
            top = f"{high * LB_PER_KG:.1f} lb" if self.imperial else f"{high} kg"
            raise forms.ValidationError(_("Load must be between 0 and %(top)s.") % {"top": top})
        return kg

    def _get_validation_exclusions(self):
        # The form's fields already check the ranges and the catalogue. The model's own
        # validation would check them again with a query per set (the foreign key and each
        # check constraint), and the database enforces both when the sets are written.
        return super()._get_validation_exclusions() | {"exercise", "workout", "reps", "rir"}

    def save(self, commit: bool = True) -> ExerciseSet:
        self.instance.load_kg = self.cleaned_data.get("load") or 0
        return super().save(commit)


class BaseExerciseSetFormSet(forms.BaseInlineFormSet):
    """The sets of a workout. The catalogue is read once for every row's <select>, and the
    sets are written in bulk: a workout with twelve sets costs the queries of one."""

    def __init__(self, *args, athlete: Athlete, **kwargs):
        self.athlete = athlete
        self.catalogue = exercise_catalogue(athlete)
        super().__init__(*args, **kwargs)
        self.editing = self.instance.pk is not None  # before the form saves a new workout

    def get_form_kwargs(self, index):
        return {"athlete": self.athlete, "catalogue": self.catalogue}

    def row(self, index: int) -> ExerciseSetForm:
        """An empty set row with this index, for adding a row to the page in place."""
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix(index),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.renderer,
            **self.get_form_kwargs(index),
        )
        self.add_fields(form, index)
        return form

    def save(self, commit: bool = True):
        position = 0
        for form in self.forms:
            if self._should_delete_form(form) or (not form.instance.pk and not form.has_changed()):
                continue
            form.instance.position = position
            position += 1
        if not commit:
            return super().save(commit=False)
        sets = super().save(commit=False)
        # Bulk writes send no signals: the workout saved with them announces its day.
        # Split before inserting: bulk_create fills in the new sets' primary keys.
        new = [s for s in sets if s.pk is None]
        changed = [s for s in sets if s.pk is not None]
        ExerciseSet.objects.bulk_create(new)
        ExerciseSet.objects.bulk_update(changed, ["exercise", "reps", "rir", "load_kg", "position"])
        # The workout ends with exactly the sets of this form: rows it removed and rows
        # another edit added meanwhile (the view holds the workout's lock) both go.
        kept = [
            form.instance.pk
            for form in self.forms
            if form.instance.pk and not self._should_delete_form(form)
        ]
        if self.editing:
            self.instance.sets.exclude(pk__in=kept).delete()
        return sets


@cache
def exercise_set_formset(extra: int = 0) -> type[BaseExerciseSetFormSet]:
    """The formset class for a workout's sets, with `extra` blank (or pre-filled) rows."""
    return forms.inlineformset_factory(
        Workout,
        ExerciseSet,
        form=ExerciseSetForm,
        formset=BaseExerciseSetFormSet,
        extra=extra,
        can_delete=True,
        max_num=60,
        absolute_max=60,
        validate_max=True,
    )


class SleepForm(EntryForm):
    """A night, filed under the day the athlete woke up.

    Bedtime and wake time are clock times. A bedtime later on the clock than the wake time
    was the evening before; an earlier one was after midnight on the wake day.
    """

    longest_night = timedelta(hours=16)

    bedtime = forms.TimeField(label=_l("Bedtime"), widget=time_input())
    wake_time = forms.TimeField(label=_l("Wake time"), widget=time_input())

    class Meta:
        model = SleepEntry
        fields = [
            "quality",
            "awakenings",
            "resting_hr",
            "hrv_ms",
            "hrv_sdnn_ms",
            "notes",
            "notes_shared",
        ]
        labels = {
            "quality": _l("Sleep rating (5 is best)"),
            "awakenings": _l("Awakenings"),
            "resting_hr": _l("Resting heart rate (bpm)"),
            "hrv_ms": "HRV (rMSSD, ms)",
            "hrv_sdnn_ms": "HRV (SDNN, ms)",
            "notes_shared": _l("Share these notes with my coaches"),
        }
        help_texts = {
            "quality": _l(
                "1 poor … 5 excellent. The check-in's sleep quality runs the other "
                "way (1 is best there, as for all its items)."
            ),
            "hrv_ms": _l("Most chest straps and HRV apps. Optional."),
            "hrv_sdnn_ms": _l("What Apple Health records. Kept apart from rMSSD. Optional."),
            "notes_shared": "",
        }
        widgets = {
            "quality": number_input(),
            "awakenings": number_input(),
            "resting_hr": number_input(),
            "hrv_ms": number_input(step="0.1", inputmode="decimal"),
            "hrv_sdnn_ms": number_input(step="0.1", inputmode="decimal"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Wake-up date")
        self.fields["date"].help_text = _("A night belongs to the day you wake up on.")
        if self.instance.pk and not self.is_bound:
            tz = self.athlete.tz
            self.initial["bedtime"] = self.instance.bedtime.astimezone(tz).time()
            self.initial["wake_time"] = self.instance.wake_time.astimezone(tz).time()
        set_range(self, "quality", 1, 5, _("Sleep quality must be between 1 and 5."))
        self.fields["quality"].required = True  # only an imported night may go unrated
        set_range(self, "awakenings", 0, 30, _("Awakenings must be between 0 and 30."))
        set_range(
            self, "resting_hr", 25, 150, _("Resting heart rate must be between 25 and 150 bpm.")
        )
        set_range(self, "hrv_ms", 5, 300, _("HRV must be between 5 and 300 ms."))
        set_range(self, "hrv_sdnn_ms", 5, 300, _("HRV must be between 5 and 300 ms."))
        self.order_fields(["date", "bedtime", "wake_time"])

    def clean(self):
        cleaned = super().clean()
        day, bed_clock, wake_clock = (cleaned.get(k) for k in ("date", "bedtime", "wake_time"))
        if not (day and bed_clock and wake_clock):
            return cleaned
        if bed_clock == wake_clock:
            self.add_error("wake_time", _("The wake time is the same as the bedtime."))
            return cleaned
        tz = self.athlete.tz
        bed_day = day - timedelta(days=1) if bed_clock > wake_clock else day
        bedtime = local_datetime(bed_day, bed_clock, tz)
        wake_time = local_datetime(day, wake_clock, tz)
        # Subtract in UTC: aware datetimes that share a tzinfo subtract as wall-clock times,
        # which would be an hour off on the nights the clocks change.
        length = wake_time.astimezone(UTC) - bedtime.astimezone(UTC)
        if length <= timedelta(0):
            self.add_error("wake_time", _("The wake time must be after the bedtime."))
        elif length > self.longest_night:
            self.add_error("bedtime", _("A night can't be longer than 16 hours."))
        else:
            cleaned["bedtime_at"], cleaned["wake_time_at"] = bedtime, wake_time
        others = SleepEntry.objects.filter(athlete=self.athlete, date=day)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "date",
                _("You already logged the night that ended on %(day)s. Edit that entry instead.")
                % {"day": f"{day:%-d %b %Y}"},
            )
        return cleaned

    def save(self, commit: bool = True) -> SleepEntry:
        self.instance.bedtime = self.cleaned_data["bedtime_at"]
        self.instance.wake_time = self.cleaned_data["wake_time_at"]
        return super().save(commit)

    def night_taken(self) -> None:
        """Report a night saved by someone else between our check and our insert."""
        self.add_error("date", _("You already logged the night that ended on this day."))


class MealForm(EntryForm):
    time_field = "eaten_at"

    class Meta:
        model = Meal
        fields = ["kind", "description", "protein_g", "carbs_g", "fat_g", "kcal"]
        labels = {
            "protein_g": _l("Protein (g)"),
            "carbs_g": _l("Carbohydrate (g)"),
            "fat_g": _l("Fat (g)"),
            "kcal": _l("Energy (kcal)"),
        }
        help_texts = {"kcal": _l("Leave empty to work it out from the macros (4/4/9 kcal per g).")}
        widgets = {
            "protein_g": number_input(step="0.1", inputmode="decimal"),
            "carbs_g": number_input(step="0.1", inputmode="decimal"),
            "fat_g": number_input(step="0.1", inputmode="decimal"),
            "kcal": number_input(),
        }

    macro_messages = {
        "protein_g": (_l("Protein must be between 0 and 400 g."), 400),
        "carbs_g": (_l("Carbohydrate must be between 0 and 1000 g."), 1000),
        "fat_g": (_l("Fat must be between 0 and 500 g."), 500),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["placeholder"] = _("e.g. Chicken, rice and greens")
        for name, (message, high) in self.macro_messages.items():
            self.fields[name].required = False
            set_range(self, name, 0, high, message)
        self.fields["kcal"].required = False
        set_range(self, "kcal", 0, 10000, _("Energy must be between 0 and 10000 kcal."))

    def clean_protein_g(self) -> float:
        return self.cleaned_data.get("protein_g") or 0.0

    def clean_carbs_g(self) -> float:
        return self.cleaned_data.get("carbs_g") or 0.0

    def clean_fat_g(self) -> float:
        return self.cleaned_data.get("fat_g") or 0.0

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kcal") is None and not self.has_error("kcal"):
            macros = [cleaned.get(name) for name in self.macro_messages]
            if None not in macros:
                kcal = Meal.kcal_from_macros(*macros)
                if kcal > 10000:
                    self.add_error("kcal", _("These macros add up to more than 10000 kcal."))
                else:
                    cleaned["kcal"] = kcal
        amounts = [cleaned.get(name) for name in (*self.macro_messages, "kcal")]
        if not self.errors and not (cleaned.get("description") or "").strip() and not any(amounts):
            # An empty form would save a 0 kcal meal, which counts as a meal in the findings.
            self.add_error(None, _("Say what you ate, or give its kcal or protein, carbs and fat."))
        return cleaned


class IntakeForm(EntryForm):
    time_field = "taken_at"

    class Meta:
        model = Intake
        fields = ["category", "name", "amount", "unit"]
        help_texts = {"name": _l("e.g. Espresso, Creatine, Beer")}
        widgets = {"amount": number_input(step="any", inputmode="decimal")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_range(
            self,
            "amount",
            0,
            10000,
            _("Amount must be at most 10000."),
            _("Amount can't be negative."),
        )


# --- The daily check-in ----------------------------------------------------------------------

# What each point of a scale means, in the athlete's words. Hooper items: 1 best, 7 worst.
CHECKIN_SCALES: dict[str, tuple[str, list[str]]] = {
    "sleep_quality": (
        _l("Sleep quality"),
        [
            _l("excellent"),
            _l("very good"),
            _l("good"),
            _l("average"),
            _l("poor"),
            _l("very poor"),
            _l("terrible"),
        ],
    ),
    "fatigue": (
        _l("Fatigue"),
        [
            _l("very fresh"),
            _l("fresh"),
            _l("a little tired"),
            _l("tired"),
            _l("very tired"),
            _l("exhausted"),
            _l("spent"),
        ],
    ),
    "stress": (
        _l("Stress"),
        [
            _l("very relaxed"),
            _l("relaxed"),
            _l("calm"),
            _l("some stress"),
            _l("stressed"),
            _l("very stressed"),
            _l("extremely stressed"),
        ],
    ),
    "soreness": (
        _l("Soreness"),
        [
            _l("not sore"),
            _l("hardly sore"),
            _l("a little sore"),
            _l("sore"),
            _l("very sore"),
            _l("extremely sore"),
            _l("as sore as it gets"),
        ],
    ),
    "energy": (
        _l("Energy"),
        [_l("very low"), _l("low"), _l("moderate"), _l("high"), _l("very high")],
    ),
}


lazy_lower = lazy(lambda text: str(text).lower(), str)


class SharedChoicesMixin:
    """A choice field whose choices are shared, not deep-copied, by each form built from it.

    Nothing changes them after the class is defined, and copying the check-in's ~50 choices
    for every request was a fifth of the time its POST took.
    """

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class ScaleField(SharedChoicesMixin, forms.TypedChoiceField):
    """One check-in item: radio choices 1…n whose labels carry their meaning."""

    def __init__(self, name: str, **kwargs):
        title, meanings = CHECKIN_SCALES[name]
        top = len(meanings)
        # Lazy, so that each request draws them in its own language.
        choices = [
            (
                value,
                format_lazy(
                    _l("{title} {value} of {top}: {meaning}"),
                    title=title,
                    value=value,
                    top=top,
                    meaning=meaning,
                ),
            )
            for value, meaning in enumerate(meanings, start=1)
        ]
        super().__init__(choices=choices, coerce=int, widget=forms.RadioSelect, **kwargs)
        self.error_messages["required"] = format_lazy(
            _l("Choose a score for {item}."), item=lazy_lower(title)
        )
        self.meanings = meanings


class SharedMultipleChoiceField(SharedChoicesMixin, forms.MultipleChoiceField):
    pass


def tags_field(label: str) -> forms.MultipleChoiceField:
    """The day's tags as checkboxes; an unknown tag gets one clear message."""
    return SharedMultipleChoiceField(
        label=label,
        choices=DayTags.Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose tags from the list: %(value)s is not one."},
    )


class DayTagsForm(forms.Form):
    """The day's tags, on the day page."""

    tags = tags_field("Tags")


class CheckInForm(BodyMassMixin, forms.Form):
    """The 20-second check-in. Gives the values for the day's CheckIn row."""

    date = forms.DateField(widget=forms.HiddenInput)
    sleep_quality = ScaleField(
        "sleep_quality", label=_l("Sleep quality"), help_text=_l("1 best, 7 worst")
    )
    fatigue = ScaleField("fatigue", label=_l("Fatigue"), help_text=_l("1 best, 7 worst"))
    stress = ScaleField("stress", label=_l("Stress"), help_text=_l("1 best, 7 worst"))
    soreness = ScaleField("soreness", label=_l("Muscle soreness"), help_text=_l("1 best, 7 worst"))
    energy = ScaleField(
        "energy", label=_l("Energy and motivation"), help_text=_l("1 lowest, 5 highest")
    )
    sore_areas = SharedMultipleChoiceField(
        label=_l("Sore areas"),
        choices=MUSCLE_GROUPS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    body_mass = forms.FloatField(label=_l("Body mass"), required=False, widget=number_input("0.1"))
    water_ml = forms.IntegerField(
        label=_l("More water (ml)"),
        required=False,
        help_text=_l(
            "Water you did not log drink by drink: added to the day's logged water. "
            "Empty keeps what you gave here before; 0 removes it."
        ),
        widget=number_input(),
    )
    feel_ready = forms.IntegerField(
        label=_l("How ready do you feel? (0-10)"),
        required=False,
        help_text=_l(
            "Optional. Never part of the score: Trends shows how well the score follows it."
        ),
        widget=number_input(),
    )
    tags = tags_field(_l("Anything unusual today?"))
    note = forms.CharField(
        label=_l("Note"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note_shared = forms.BooleanField(label=_l("Share this note with my coaches"), required=False)

    scale_names = ("sleep_quality", "fatigue", "stress", "soreness", "energy")
    model_fields = (*scale_names, "sore_areas", "water_ml", "feel_ready", "note", "note_shared")

    def __init__(
        self,
        *args,
        athlete: Athlete,
        checkin: CheckIn | None = None,
        tags: Sequence[str] = (),
        **kwargs,
    ):
        # Its own ids, so the check-in can sit on a page next to other forms (Today).
        kwargs.setdefault("auto_id", "checkin-%s")
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        self.imperial = athlete.imperial
        unit = "lb" if self.imperial else "kg"
        self.fields["body_mass"].label = _("Body mass (%(unit)s)") % {"unit": unit}
        self.fields["body_mass"].help_text = _("Optional.")
        self.fields["body_mass"].widget.attrs["inputmode"] = "decimal"
        # drawn by hand (_input.html), not crispy
        for name in ("body_mass", "water_ml", "feel_ready", "note"):
            self.fields[name].widget.attrs["class"] = "form-control"
        set_range(self, "water_ml", 0, 10000, _("Water must be between 0 and 10000 ml."))
        set_range(
            self, "feel_ready", 0, 10, _("How ready you feel is a whole number from 0 to 10.")
        )
        large_controls(self)
        if not self.is_bound:
            self.initial.setdefault("tags", list(tags))
        if checkin is not None and not self.is_bound:
            self.initial.update({name: getattr(checkin, name) for name in self.model_fields})
            self.initial["body_mass"] = shown_mass(checkin.body_mass_kg, self.imperial)

    def clean_date(self) -> date:
        return journal_day(self.cleaned_data["date"], self.athlete)

    def clean(self):
        cleaned = super().clean()
        cleaned["body_mass_kg"] = self.clean_body_mass_in_units("body_mass", self.imperial)
        return cleaned

    def checkin_values(self) -> dict:
        """The columns of the day's CheckIn row, in the units the model keeps."""
        values = {name: self.cleaned_data[name] for name in self.model_fields}
        values["body_mass_kg"] = self.cleaned_data["body_mass_kg"]
        return values

    def scales(self) -> list:
        """The five scales for the template: (bound field, meaning of 1, meaning of the top,
        options). Each option is (id, value, label, checked), worked out here rather than by
        the widget's templates, which cost more than the rest of Today put together."""
        return [
            (
                self[name],
                self.fields[name].meanings[0],
                self.fields[name].meanings[-1],
                self._options(name),
            )
            for name in self.scale_names
        ]

    def sore_area_options(self) -> list:
        return self._options("sore_areas")

    def tag_options(self) -> list:
        return self._options("tags")

    def optional_answered(self) -> bool:
        """Whether any optional answer holds a value: the fold then opens by itself."""
        names = ("tags", "feel_ready", "sore_areas", "body_mass", "water_ml", "note")
        return any(self[name].value() not in (None, "", [], ()) for name in names)

    def _options(self, name: str) -> list[tuple[str, str, str, bool]]:
        bound = self[name]
        value = bound.value()
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        return [
            (f"{bound.auto_id}_{i}", str(option), label, str(option) in chosen)
            for i, (option, label) in enumerate(self.fields[name].choices)
        ]
