"""What every way in (forms, the import, admin, the API) refuses before a value reaches a
column: text PostgreSQL cannot store, and moments outside the years a journal covers.

SQLite stores a NUL byte or a lone surrogate without complaint and PostgreSQL rejects
both, so the check lives here rather than in the database.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

EARLIEST_DATE = date(1990, 1, 1)  # imports bring old history, so not the sign-up date
# The first moment of EARLIEST_DATE anywhere on Earth, and a moment every backend and
# Python can read back: the database refuses anything outside them (moment_constraint).
EARLIEST_MOMENT = datetime.combine(EARLIEST_DATE - timedelta(days=1), time(), tzinfo=UTC)
LATEST_STORABLE = datetime(2200, 1, 1, tzinfo=UTC)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None."""
    if "\x00" in value:
        return "Remove the NUL character (\\0): text can't hold it."
    if _LONE_SURROGATE.search(value):
        return "Remove the broken character (a lone UTF-16 surrogate): text can't hold it."
    return None


def showable(text: str) -> str:
    """`text` with each character no page or column can hold replaced by �."""
    if text_problem(text) is None:
        return text
    return "".join("\ufffd" if text_problem(ch) else ch for ch in text)


def validate_text(value) -> None:
    if isinstance(value, str) and (problem := text_problem(value)):
        raise ValidationError(problem, code="unstorable")


def latest_moment() -> datetime:
    """The latest moment an entry may have: a day past now, for any time zone's evening."""
    return timezone.now() + timedelta(days=1)


def moment_problem(value: datetime) -> str | None:
    """Why an entry cannot happen at `value`, or None. Compared on the naive clock first,
    so a moment near year 1 or 9999 is refused before converting it could overflow."""
    if timezone.is_naive(value):
        return "Give the time with its UTC offset."
    earliest, latest = EARLIEST_MOMENT, latest_moment()
    if not earliest.year <= value.year <= latest.year or not earliest <= value <= latest:
        return f"Enter a time between {EARLIEST_DATE:%-d %B %Y} and tomorrow ({latest:%-d %B %Y})."
    return None


def validate_moment(value) -> None:
    if isinstance(value, datetime) and (problem := moment_problem(value)):
        raise ValidationError(problem, code="out_of_range")


def moment_constraint(field: str, model: str) -> models.CheckConstraint:
    """The database's own bound on a moment, for what bypasses validation (raw SQL, bulk
    writes): a row whose time no page could read back is refused on write."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": EARLIEST_MOMENT, f"{field}__lt": LATEST_STORABLE}),
        name=f"{model}_{field}_in_range",
    )


def validate_plain_name(value) -> None:
    """A name shown in lists and menus: plain text on one line, no markup."""
    if isinstance(value, str) and any(ch in value for ch in "<>\n\r\t"):
        raise ValidationError(
            "Use plain text on one line for a name: no <, > or line breaks.", code="markup"
        )
