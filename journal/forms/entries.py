"""The journal's entry forms: a workout and its sets, a night's sleep, a meal, an intake."""

import uuid
from datetime import UTC, timedelta
from functools import cache

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from journal.forms.base import (
    date_input,
    journal_day,
    kg_from,
    large_controls,
    load_range,
    local_datetime,
    number_input,
    range_text,
    set_range,
    shown_load,
    time_input,
)
from journal.models import (
    Athlete,
    Exercise,
    ExerciseSet,
    FormSubmission,
    Intake,
    Meal,
    SleepEntry,
    Workout,
)
from journal.models.entries import LONGEST_NIGHT_H
from journal.models.fields import limits


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
        set_range(self, "duration_min", _("Duration must be between %(low)s and %(high)s minutes."))
        set_range(self, "rpe", _("Session RPE must be between %(low)s and %(high)s."))
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
    return catalogue, [("", _("Choose an exercise"))] + list(groups.items())


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
        set_range(self, "reps", _("Reps must be between %(low)s and %(high)s."))
        set_range(self, "rir", _("Reps in reserve must be between %(low)s and %(high)s."))
        large_controls(self)
        self.fields["load"].error_messages["min_value"] = _("Load can't be negative.")

    def clean_load(self) -> float | None:
        value = self.cleaned_data.get("load")
        if value is None:
            return None
        low, high = limits(ExerciseSet, "load_kg")
        # An unchanged imperial load keeps its stored kg rather than drifting by rounding.
        if self.instance.pk and value == shown_load(self.instance.load_kg, self.imperial):
            return self.instance.load_kg
        kg = kg_from(value, self.imperial)
        if not low <= kg <= high:
            raise forms.ValidationError(load_range(self.imperial))
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

    longest_night = timedelta(hours=LONGEST_NIGHT_H)

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
        set_range(self, "quality", _("Sleep quality must be between %(low)s and %(high)s."))
        self.fields["quality"].required = True  # only an imported night may go unrated
        set_range(self, "awakenings", _("Awakenings must be between %(low)s and %(high)s."))
        set_range(
            self,
            "resting_hr",
            _("Resting heart rate must be between %(low)s and %(high)s bpm."),
        )
        set_range(self, "hrv_ms", _("HRV must be between %(low)s and %(high)s ms."))
        set_range(self, "hrv_sdnn_ms", _("HRV must be between %(low)s and %(high)s ms."))
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
            self.add_error(
                "bedtime",
                _("A night can't be longer than %(hours)s hours.") % {"hours": LONGEST_NIGHT_H},
            )
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
        "protein_g": _l("Protein must be between %(low)s and %(high)s g."),
        "carbs_g": _l("Carbohydrate must be between %(low)s and %(high)s g."),
        "fat_g": _l("Fat must be between %(low)s and %(high)s g."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["placeholder"] = _("e.g. Chicken, rice and greens")
        for name, message in self.macro_messages.items():
            self.fields[name].required = False
            set_range(self, name, str(message))
        self.fields["kcal"].required = False
        set_range(self, "kcal", _("Energy must be between %(low)s and %(high)s kcal."))

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
                low, high = limits(Meal, "kcal")
                if kcal > high:
                    self.add_error(
                        "kcal",
                        range_text(_("These macros add up to more than %(high)s kcal."), low, high),
                    )
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
            self, "amount", _("Amount must be at most %(high)s."), _("Amount can't be negative.")
        )
