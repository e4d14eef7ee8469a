"""Forms for the athlete's profile and journal. Each returns the typed values the models want."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from journal.models import LB_PER_KG, PROTEIN_DEFAULT_BY_FOCUS, Athlete, timezone_names


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in timezone_names()]


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
                self.add_error(field, f"Body mass must be between {shown[0]} and {shown[1]} lb.")
            else:
                self.add_error(field, f"Body mass must be between {low} and {high} kg.")
            return None
        return kg


PROFILE_HELP = {
    "sleep_target_h": "Hours a night, 7 to 9.",
    "protein_target_g_per_kg": "Grams per kg of body mass a day, 0.8 to 3.0. Empty: the default "
    "for your focus ({}).".format(
        ", ".join(f"{focus} {value}" for focus, value in PROTEIN_DEFAULT_BY_FOCUS.items())
    ),
    "water_target_ml_per_kg": "Millilitres per kg of body mass a day, 20 to 70.",
    "kcal_target": "Optional: kcal a day, 1000 to 6000.",
}

RANGE_MESSAGES = {
    "sleep_target_h": "Sleep target must be between 7 and 9 hours.",
    "protein_target_g_per_kg": "Protein target must be between 0.8 and 3.0 g/kg.",
    "water_target_ml_per_kg": "Water target must be between 20 and 70 ml/kg.",
    "kcal_target": "Energy target must be between 1000 and 6000 kcal.",
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
    body_mass = forms.FloatField(label="Body mass")

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
        ]
        labels = {
            "sleep_target_h": "Sleep target (h)",
            "protein_target_g_per_kg": "Protein target (g/kg/day)",
            "water_target_ml_per_kg": "Water target (ml/kg/day)",
            "kcal_target": "Energy target (kcal/day)",
            "weekly_digest": "Weekly digest by e-mail",
        }
        help_texts = PROFILE_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"] = forms.ChoiceField(label="Time zone", choices=timezone_choices())
        imperial = self.instance.imperial
        self.fields["body_mass"].help_text = "In lb." if imperial else "In kg."
        self.fields["body_mass"].initial = shown_mass(self.instance.body_mass_kg, imperial)
        self.fields["body_mass"].widget.attrs.update(inputmode="decimal", step="0.1")
        for name in ("sleep_target_h", "protein_target_g_per_kg", "water_target_ml_per_kg"):
            self.fields[name].widget.attrs.update(inputmode="decimal", step="0.1")
        self.fields["protein_target_g_per_kg"].widget.attrs["placeholder"] = (
            f"{self.instance.protein_target:g} (default for your focus)"
        )
        self.order_fields(["display_name", "body_mass"])
        use_range_messages(self)

    def clean(self):
        cleaned = super().clean()
        # The mass is read in the units the athlete had when the form was drawn.
        cleaned["body_mass_kg"] = self.clean_body_mass_in_units("body_mass", self.instance.imperial)
        return cleaned

    def save(self, commit: bool = True) -> Athlete:
        if self.cleaned_data.get("body_mass_kg") is not None:
            self.instance.body_mass_kg = self.cleaned_data["body_mass_kg"]
        return super().save(commit)
