"""A whole journal out and back in: the ZIP export (a CSV per kind + journal.json) and its
import.

`format` says what an export holds and has the hooks through which other apps add to it;
`export` writes an export; `restore` reads one back, once `checks` has passed every record.
`/export/`, `/settings/data/` and `manage.py import_journal` use the names below.
docs/export.md documents every CSV column and the JSON layout; tests keep the two in step.
"""

from . import checks, export, format, restore
from .checks import JournalImportError
from .export import csv_cell, csv_rows, export_journal, journal_as_dict
from .format import (
    CHECKIN_FIELDS,
    CSV_COLUMNS,
    DAY_TAG_FIELDS,
    DERIVED_FILES,
    FORMAT,
    FORMAT_VERSION,
    INTAKE_FIELDS,
    MEAL_FIELDS,
    PROFILE_FIELDS,
    SECTIONS,
    SET_FIELDS,
    SLEEP_FIELDS,
    WEIGH_IN_FIELDS,
    WORKOUT_FIELDS,
    Section,
    add_section,
    csv_columns,
    json_value,
)
from .restore import (
    MAX_IMPORT_BYTES,
    NOT_EMPTY,
    NOT_JSON,
    check_format,
    describe_counts,
    has_entries,
    import_journal,
    read_journal_file,
)

__all__ = [
    "CHECKIN_FIELDS",
    "CSV_COLUMNS",
    "DAY_TAG_FIELDS",
    "DERIVED_FILES",
    "FORMAT",
    "FORMAT_VERSION",
    "INTAKE_FIELDS",
    "MAX_IMPORT_BYTES",
    "MEAL_FIELDS",
    "NOT_EMPTY",
    "NOT_JSON",
    "PROFILE_FIELDS",
    "SECTIONS",
    "SET_FIELDS",
    "SLEEP_FIELDS",
    "WEIGH_IN_FIELDS",
    "WORKOUT_FIELDS",
    "JournalImportError",
    "Section",
    "add_section",
    "check_format",
    "checks",
    "csv_cell",
    "csv_columns",
    "csv_rows",
    "describe_counts",
    "export",
    "export_journal",
    "format",
    "has_entries",
    "import_journal",
    "journal_as_dict",
    "json_value",
    "read_journal_file",
    "restore",
]
