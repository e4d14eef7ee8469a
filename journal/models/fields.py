"""The field and validator builders the journal's models share."""

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from journal.validators import validate_text

# Limits every way in (forms, the import, admin) checks through the models' own validation.
NOTE_MAX_CHARS = 2000
WATER_MAX_ML = 10_000  # 10 l in one entry


def note_field(label: str | None = None, **kwargs) -> models.TextField:
    """A free-text note of at most NOTE_MAX_CHARS characters."""
    return models.TextField(
        label,
        blank=True,
        max_length=NOTE_MAX_CHARS,
        validators=[MaxLengthValidator(NOTE_MAX_CHARS), validate_text],
        **kwargs,
    )


def between(low: float, high: float) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


def limits(model: type[models.Model], field_name: str) -> tuple[float, float]:
    """The (low, high) a model field's validators allow, as declared with `between`: what
    forms, the import and the API check and name in their messages."""
    field = model._meta.get_field(field_name)
    # The tightest bounds: an integer field adds its column's range to the declared ones.
    lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    if not lows or not highs:
        raise ImproperlyConfigured(f"{model.__name__}.{field_name} declares no range.")
    return max(lows), min(highs)
