"""The athlete's profile and sign-up: time zones, body mass and the targets' ranges."""

from datetime import date
from functools import cache
from importlib import resources

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from journal.forms.base import date_input, kg_from, range_text, shown_mass
from journal.models import (
    EARLIEST_DATE,
    LB_PER_KG,
    PROTEIN_DEFAULT_BY_FOCUS,
    Athlete,
    timezone_names,
)
from journal.models.fields import limits

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
    groups = [(_l("Common"), [shown(n) for n in COMMON_ZONES if n in names])]
    groups.append((_l("All zones"), [shown(n) for n in regional]))
    if current and current not in set(COMMON_ZONES) | set(regional) and current in names:
        groups.insert(0, (_l("Yours"), [shown(current)]))
    return groups


class BodyMassMixin:
    """Adds `body_mass` in the athlete's units; cleaned_data gets `body_mass_kg` in kg."""

    mass_limits_kg = limits(Athlete, "body_mass_kg")  # a check-in's and a weigh-in's too

    def clean_body_mass_in_units(self, field: str, imperial: bool) -> float | None:
        value = self.cleaned_data.get(field)
        if value is None:
            return None
        low, high = self.mass_limits_kg
        kg = kg_from(value, imperial)
        if not low <= kg <= high:
            if imperial:
                message = _("Body mass must be between %(low)s and %(high)s lb.")
                self.add_error(
                    field, range_text(message, round(low * LB_PER_KG), round(high * LB_PER_KG))
                )
            else:
                message = _("Body mass must be between %(low)s and %(high)s kg.")
                self.add_error(field, range_text(message, low, high))
            return None
        return kg


def target_help(message: str, name: str, **more: str) -> str:
    """A target's help text, naming the athlete model's range in the request's language."""
    return lazy(lambda: range_text(str(message), *limits(Athlete, name), **more), str)()


PROFILE_HELP = {
    "sleep_target_h": target_help(_l("Hours a night, %(low)s to %(high)s."), "sleep_target_h"),
    "protein_target_g_per_kg": target_help(
        _l(
            "Grams per kg of body mass a day, %(low)s to %(high)s. Empty: the default for your "
            "focus (%(defaults)s)."
        ),
        "protein_target_g_per_kg",
        defaults=", ".join(f"{focus} {value}" for focus, value in PROTEIN_DEFAULT_BY_FOCUS.items()),
    ),
    "water_target_ml_per_kg": target_help(
        _l("Millilitres per kg of body mass a day, %(low)s to %(high)s."), "water_target_ml_per_kg"
    ),
    "kcal_target": target_help(_l("Optional: kcal a day, %(low)s to %(high)s."), "kcal_target"),
}

# The targets' ranges are the athlete model's (journal/models/people.py).
RANGE_MESSAGES = {
    "sleep_target_h": _l("Sleep target must be between %(low)s and %(high)s hours."),
    "protein_target_g_per_kg": _l("Protein target must be between %(low)s and %(high)s g/kg."),
    "water_target_ml_per_kg": _l("Water target must be between %(low)s and %(high)s ml/kg."),
    "kcal_target": _l("Energy target must be between %(low)s and %(high)s kcal."),
}


def use_range_messages(form: forms.BaseForm) -> None:
    """Replace Django's generic min/max messages with one sentence that names the athlete
    model's range."""
    for name, message in RANGE_MESSAGES.items():
        if name in form.fields:
            message = range_text(str(message), *limits(Athlete, name))
            form.fields[name].error_messages.update(min_value=message, max_value=message)
            for validator in form.fields[name].validators:
                if hasattr(validator, "limit_value"):
                    validator.message = message


class SignupForm(BodyMassMixin, UserCreationForm):
    email = forms.EmailField(
        help_text=_l("For password resets and, if you want it, a weekly digest.")
    )
    display_name = forms.CharField(
        max_length=80, help_text=_l("How Rebound and your coach greet you.")
    )
    body_mass = forms.FloatField(
        label=_l("Body mass"), help_text=_l("In kg, or in lb with imperial units.")
    )
    focus = forms.ChoiceField(choices=Athlete.Focus.choices, initial=Athlete.Focus.MIXED)
    goal = forms.ChoiceField(choices=Athlete.Goal.choices, initial=Athlete.Goal.MAINTAIN)
    timezone = forms.ChoiceField(
        label=_l("Time zone"),
        initial="UTC",
        help_text=_l(
            "Your days start at midnight here. Filled in from your browser when it can be."
        ),
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
            raise forms.ValidationError(_("An account already uses this e-mail address."))
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
