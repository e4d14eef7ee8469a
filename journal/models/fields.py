"""The field and validator builders the journal's models share."""

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
