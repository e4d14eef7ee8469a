"""The athlete's own records, and the links that let a coach read them.

`people` holds the athlete and their coach links, `exercises` the catalogue, `entries` the
journal entries, `routines` what is kept to log again, and `changes` the `journal_changed`
hook. Import from here: `from journal.models import Workout`. ImportBatch lives with the
importers (journal/imports/) and LanguagePreference with the user's language
(journal/language.py); they are imported here so the app registry knows them.
"""

from journal.imports.models import ImportBatch
from journal.language import LanguagePreference
from journal.models.changes import JournalQuerySet, journal_changed, note_change, one_refresh
from journal.models.entries import (
    ENTRY_MODELS,
    CheckIn,
    DayTags,
    Entry,
    ExerciseSet,
    FormSubmission,
    Intake,
    Meal,
    SleepEntry,
    WeighIn,
    Workout,
)
from journal.models.exercises import MUSCLE_GROUP_KEYS, MUSCLE_GROUPS, Exercise, ExerciseQuerySet
from journal.models.fields import NOTE_MAX_CHARS, WATER_MAX_ML, between, note_field
from journal.models.people import (
    LB_PER_KG,
    PROTEIN_DEFAULT_BY_FOCUS,
    Athlete,
    CoachLink,
    timezone_names,
    validate_timezone,
)
from journal.models.routines import FavouriteMeal, Routine, RoutineSet
from journal.validators import EARLIEST_DATE

__all__ = [
    "EARLIEST_DATE",
    "ENTRY_MODELS",
    "LB_PER_KG",
    "MUSCLE_GROUPS",
    "MUSCLE_GROUP_KEYS",
    "NOTE_MAX_CHARS",
    "PROTEIN_DEFAULT_BY_FOCUS",
    "WATER_MAX_ML",
    "Athlete",
    "CheckIn",
    "CoachLink",
    "DayTags",
    "Entry",
    "Exercise",
    "ExerciseQuerySet",
    "ExerciseSet",
    "FavouriteMeal",
    "FormSubmission",
    "ImportBatch",
    "Intake",
    "JournalQuerySet",
    "LanguagePreference",
    "Meal",
    "Routine",
    "RoutineSet",
    "SleepEntry",
    "WeighIn",
    "Workout",
    "between",
    "note_field",
    "journal_changed",
    "note_change",
    "one_refresh",
    "timezone_names",
    "validate_timezone",
]
