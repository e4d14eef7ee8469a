"""The import's two forms: the upload, and the preview's confirmation (exercise matches, the
RPE of unrated sessions, the person on a shared scale)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from journal.forms import number_input
from journal.imports import formats
from journal.imports.preview import DEFAULT_RPE, Choices
from journal.models import Athlete, Exercise, Workout
from journal.models.fields import limits
from journal.validators import showable

NEW = "new"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files; `clean` gives a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [self._one(item, initial) for item in data] if data else [super().clean(None)]
        return [self._one(data, initial)]

    def _one(self, item, initial):
        """One file, cleaned; its error names it, since several may come at once."""
        try:
            return super().clean(item, initial)
        except forms.ValidationError as error:
            name = showable(getattr(item, "name", "") or "")[:120]
            if not name:
                raise
            raise forms.ValidationError(
                [f"{name}: {message}" for message in error.messages]
            ) from None


class UploadForm(forms.Form):
    """Files from other apps and devices; `cleaned_data["import_files"]` is a list of
    formats.Upload."""

    import_files = MultipleFileField(
        label="Files to import",
        help_text="FIT, GPX, TCX, a Strong or Hevy CSV, Apple Health's export (its ZIP or "
        "export.xml), WHOOP's physiological_cycles.csv, Oura's Trends CSV, Garmin Connect's "
        "activities or sleep CSV, intervals.icu's activities or wellness CSV, or a ZIP of such "
        "files. Several files at once are "
        "fine. Up to 100 MB in all.",
        widget=MultipleFileInput(
            attrs={"accept": ".fit,.gpx,.tcx,.csv,.xml,.zip", "aria-describedby": "import-limits"}
        ),
    )

    def clean_import_files(self) -> list[formats.Upload]:
        files = self.cleaned_data["import_files"]
        if sum(f.size for f in files) > formats.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("This upload is larger than 100 MB. Split it into parts.")
        return [formats.Upload(f.name, f, f.size) for f in files]


class ConfirmForm(forms.Form):
    """The athlete's decisions on a preview, built from its summary."""

    default_rpe = forms.DecimalField(
        label="Session RPE for the workouts the file does not rate",
        min_value=Decimal(limits(Workout, "rpe")[0]),
        max_value=Decimal(limits(Workout, "rpe")[1]),
        decimal_places=1,
        required=False,
        initial=Decimal(str(DEFAULT_RPE)),
        help_text="0 rest … 10 maximal. They are marked “estimated” until you change the RPE "
        "of one in the journal.",
        widget=number_input(step="0.5", inputmode="decimal"),
    )

    def __init__(self, *args, athlete: Athlete, summary: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.summary = summary
        if not summary["counts"].get("unrated"):
            del self.fields["default_rpe"]
        self.matched_names: list[str] = []
        matches = summary.get("matches", [])
        if matches:
            catalogue = list(Exercise.objects.visible_to(athlete).order_by("name"))
            for number, match in enumerate(matches):
                new_label = f"Add “{match['name'][:80]}” as my own exercise"
                choices = [(NEW, new_label)] + [(str(e.pk), e.name) for e in catalogue]
                field = forms.ChoiceField(
                    label=match["name"],
                    choices=choices,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                    initial=str(match["exercise_id"]) if match["exercise_id"] else NEW,
                )
                field.match = match
                self.fields[f"exercise_{number}"] = field
                self.matched_names.append(match["name"])
        people = summary.get("people") or {}
        if people:
            self.fields["person"] = forms.TypedChoiceField(
                label="Which person on the scale are you?",
                choices=sorted(people.items()),
                coerce=int,
                required=False,
                empty_value=summary.get("person"),
                initial=str(summary.get("person")),
                help_text="Only that person's weigh-ins are imported.",
            )

    def exercise_fields(self):
        return [self[f"exercise_{n}"] for n in range(len(self.matched_names))]

    def choices(self) -> Choices:
        data = self.cleaned_data
        exercises = {}
        for number, name in enumerate(self.matched_names):
            field = self.fields[f"exercise_{number}"]
            chosen = data.get(f"exercise_{number}") or field.initial  # left out: as proposed
            exercises[name] = None if chosen == NEW else int(chosen)
        return Choices(
            exercises=exercises,
            default_rpe=float(data.get("default_rpe") or DEFAULT_RPE),
            person=data.get("person"),
        )
