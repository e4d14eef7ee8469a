"""Forms of the coach's pages: notes, targets and per-athlete rule overrides."""

from datetime import date

from django import forms

from journal.forms import ProfileForm, use_range_messages
from journal.models import Athlete
from recovery.engine import REGISTRY
from recovery.models import AthleteRuleOverride, CoachNote


class CoachNoteForm(forms.ModelForm):
    class Meta:
        model = CoachNote
        fields = ["date", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"text": "Note for the athlete"}

    def __init__(self, *args, athlete: Athlete | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if self.athlete and day > self.athlete.today():
            raise forms.ValidationError("Notes go on a day that has started.")
        return day


class TargetsForm(forms.ModelForm):
    class Meta:
        model = Athlete
        fields = [
            "sleep_target_h",
            "protein_target_g_per_kg",
            "water_target_ml_per_kg",
            "kcal_target",
        ]
        labels = ProfileForm.Meta.labels
        help_texts = ProfileForm.Meta.help_texts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sleep_target_h", "protein_target_g_per_kg", "water_target_ml_per_kg"):
            self.fields[name].widget.attrs.update(inputmode="decimal", step="0.1")
        self.fields["kcal_target"].widget.attrs["inputmode"] = "numeric"
        use_range_messages(self)


class OverrideForm(forms.ModelForm):
    params = forms.JSONField(
        required=False,
        initial=dict,
        help_text='Only the parameters to change, e.g. {"min_nights": 3}.',
    )

    class Meta:
        model = AthleteRuleOverride
        fields = ["code", "enabled", "severity", "params"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.ChoiceField(
            label="Rule",
            choices=[(code, f"{code}: {rule.title}") for code, rule in REGISTRY.items()],
        )

    def clean_params(self) -> dict:
        return self.cleaned_data.get("params") or {}
