"""The daily check-in's form and the day's tags."""

from collections.abc import Sequence

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from journal.forms.base import journal_day, large_controls, number_input, set_range, shown_mass
from journal.forms.profile import BodyMassMixin
from journal.models import MUSCLE_GROUPS, NOTE_MAX_CHARS, Athlete, CheckIn, DayTags

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
        error_messages={"invalid_choice": _l("Choose tags from the list: %(value)s is not one.")},
    )


class DayTagsForm(forms.Form):
    """The day's tags, on the day page."""

    tags = tags_field(_l("Tags"))


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
        set_range(
            self, "water_ml", _("Water must be between %(low)s and %(high)s ml."), model=CheckIn
        )
        set_range(
            self,
            "feel_ready",
            _("How ready you feel is a whole number from %(low)s to %(high)s."),
            model=CheckIn,
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
