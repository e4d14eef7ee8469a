"""What every journal form shares: mass and load in the athlete's units, ranges, the date
and number inputs, and the day an entry may be filed under."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from journal.models import EARLIEST_DATE, LB_PER_KG, Athlete, ExerciseSet
from journal.models.fields import limits


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


def range_text(message: str, low: float, high: float, **more: str) -> str:
    """`message` with its %(low)s and %(high)s (and any `more`) filled in, the numbers as
    the language writes them (1000, 0.8 in English; 0,8 in German)."""
    return message % {"low": number_format(low), "high": number_format(high), **more}


def set_range(
    form: forms.BaseForm,
    name: str,
    message: str,
    below: str = "",
    model: type[models.Model] | None = None,
) -> None:
    """Bound a field to its model field's range, with one message that names it (`below`
    for values under the low end). Both may hold %(low)s and %(high)s. `model` is the
    form's own model unless given (for a form that is not a ModelForm).

    Model validators are not copied onto form fields, so the form checks the range itself.
    """
    low, high = limits(model or form._meta.model, name)
    field = form.fields[name]
    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ]
    message = range_text(message, low, high)
    below = range_text(below, low, high) if below else message
    field.validators += [MinValueValidator(low, below), MaxValueValidator(high, message)]
    field.widget.attrs.update(min=low, max=high)


def load_range(imperial: bool, lb_digits: int = 1) -> str:
    """The message for a load outside a set's range, its top in the athlete's units."""
    low, high = limits(ExerciseSet, "load_kg")
    top = f"{high * LB_PER_KG:.{lb_digits}f} lb" if imperial else f"{number_format(high)} kg"
    return _("Load must be between %(low)s and %(top)s.") % {"low": number_format(low), "top": top}


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
