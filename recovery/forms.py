"""Forms of the coach's pages: notes, targets and per-athlete rule overrides."""

from datetime import date

from django import forms
from django.forms.fields import InvalidJSONInput
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from journal.forms import ProfileForm, use_range_messages
from journal.models import Athlete
from recovery.engine import REGISTRY, validate_params
from recovery.models import CoachNote


class CoachNoteForm(forms.ModelForm):
    class Meta:
        model = CoachNote
        fields = ["date", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"text": _("Note for the athlete")}

    def __init__(self, *args, athlete: Athlete | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if self.athlete and day > self.athlete.today():
            raise forms.ValidationError(_("Notes go on a day that has started."))
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


PARAM_PREFIX = "param_"
PARAMS_MAX_CHARS = 2000


class ParamsJSONField(forms.JSONField):
    """Raw parameters in admin, where a rule's typed fields can't be drawn (a new setting,
    an unknown code): short, flat JSON only, so no text can exhaust the parser."""

    def to_python(self, value):
        if isinstance(value, str) and len(value) > PARAMS_MAX_CHARS:
            raise forms.ValidationError(
                _("Keep the parameters under %(chars)s characters.") % {"chars": PARAMS_MAX_CHARS}
            )
        try:
            return super().to_python(value)
        except RecursionError:
            raise forms.ValidationError(_('Give the parameters as {"name": number}.')) from None

    def bound_data(self, data, initial):
        # Redrawn as typed when it is too long or too deep to parse again.
        if isinstance(data, str) and len(data) > PARAMS_MAX_CHARS:
            return InvalidJSONInput(data)
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return InvalidJSONInput(data)


def _fmt(value: float, unit: str) -> str:
    return f"{value:g} {unit}".strip()


def describe_params(rule, params: dict) -> list[str]:
    """A saved change in words: "alert below this many hours: 5.5 h (default 6 h)"."""
    if rule is None:
        return [f"{name} = {value}" for name, value in params.items()]
    schema = {param.name: param for param in rule.params}
    return [
        gettext("%(what)s: %(value)s (default %(default)s)")
        % {
            "what": gettext(schema[name].help) if schema[name].help else name,
            "value": _fmt(value, schema[name].unit),
            "default": _fmt(schema[name].default, schema[name].unit),
        }
        for name, value in params.items()
        if name in schema
    ]


class RuleConfigForm(forms.ModelForm):
    """On or off, a severity, and one typed field per parameter of the form's rule, with
    its unit, default and bounds; an empty field is the default. Coaches (per athlete) and
    admins (for everyone) use it, built for one rule by `rule_config_form`."""

    rule = None  # set by rule_config_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name, value in (self.instance.params or {}).items():
                if PARAM_PREFIX + name in self.fields:
                    self.initial[PARAM_PREFIX + name] = value

    def clean(self):
        cleaned = super().clean()
        raw = {p.name: cleaned.get(PARAM_PREFIX + p.name) for p in self.rule.params}
        params, errors = validate_params(self.rule.code, raw)
        for name, message in errors.items():
            # The engine's English (marked with N_ where it has no numbers), translated here.
            self.add_error(PARAM_PREFIX + name, gettext(message))
        self.instance.code = self.rule.code
        self.instance.params = params
        return cleaned


def _capitalize_translated(text: str) -> str:
    """A rule parameter's help (English in the engine), translated, with a capital."""
    return gettext(text).capitalize() if text else ""


_capitalized = lazy(_capitalize_translated, str)


def param_field(param) -> forms.Field:
    field_class = forms.IntegerField if param.kind is int else forms.FloatField
    unit = f" ({param.unit})" if param.unit else ""
    bounds = {"min_value": param.min}
    if param.max != float("inf"):
        bounds["max_value"] = param.max
    step = "1" if param.kind is int else "any"
    return field_class(
        label=f"{param.name.replace('_', ' ').capitalize()}{unit}",
        required=False,
        help_text=format_lazy(
            _("{what}. Default {default}; leave empty for the default."),
            what=_capitalized(param.help),
            default=_fmt(param.default, param.unit),
        ),
        widget=forms.NumberInput(attrs={"step": step, "placeholder": f"{param.default:g}"}),
        **bounds,
    )


def rule_config_form(model, rule, fields=("enabled", "severity")) -> type[RuleConfigForm]:
    """A RuleConfigForm class for `rule` on `model` (RuleSetting or AthleteRuleOverride)."""
    attrs = {PARAM_PREFIX + param.name: param_field(param) for param in rule.params}
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    return type("RuleConfigForm", (RuleConfigForm,), {"rule": rule, "Meta": meta, **attrs})


def _rule_choices() -> list[tuple[str, str]]:
    return [(code, f"{gettext(rule.title)} ({code})") for code, rule in REGISTRY.items()]


class RuleChoiceForm(forms.Form):
    """Which rule to change: the coach's page then shows that rule's fields."""

    rule = forms.ChoiceField(label=_("Rule"), choices=_rule_choices)
