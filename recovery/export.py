"""What recovery adds to the athlete's export: `day_states.csv`, every day's numbers as the
pages show them, and the coach notes (in journal.json and `coach_notes.csv`). RecoveryConfig
registers both with journal.portability."""

from datetime import date
from zoneinfo import ZoneInfo

from journal.models import Athlete
from journal.portability import Section, json_value
from recovery.models import CoachNote
from recovery.states import Span, read_states

EARLIEST = date(1900, 1, 1)
METRIC_COLUMNS = (
    "daily_load",
    "sessions",
    "fitness",
    "fatigue",
    "form",
    "acute_load",
    "chronic_load",
    "load_ratio",
    "weekly_load",
    "monotony",
    "strain",
    "sleep_h",
    "sleep_mean_7_h",
    "sleep_debt_7_h",
    "bedtime_sd_7_min",
    "body_mass_kg",
    "protein_g_per_kg",
    "kcal",
    "meals",
    "water_ml",
    "water_ml_per_kg",
    "hooper",
    "hooper_z",
    "energy",
)
COLUMNS = (
    "date",
    "readiness",
    "band",
    "sleep_part",
    "wellness_part",
    "load_part",
    *METRIC_COLUMNS,
    "findings",
)


def day_states_file(athlete: Athlete) -> tuple[str, tuple[str, ...], list[dict]]:
    states = read_states({athlete: Span(EARLIEST, athlete.today())})[athlete.pk]
    rows = []
    for state in states.ordered():
        parts = {part.name: part.score for part in state.readiness.parts}
        rows.append(
            {
                "date": state.day.isoformat(),
                "readiness": state.readiness.score,
                "band": state.readiness.band or "",
                "sleep_part": parts.get("sleep"),
                "wellness_part": parts.get("wellness"),
                "load_part": parts.get("load"),
                **{name: getattr(state.metrics, name) for name in METRIC_COLUMNS},
                "findings": ";".join(finding.code for finding in state.findings),
            }
        )
    return "day_states.csv", COLUMNS, rows


def coach_note_records(athlete: Athlete, tz: ZoneInfo) -> list[dict]:
    """The coach notes on the athlete's days, oldest first, as journal.json holds them."""
    notes = (
        CoachNote.objects.filter(athlete=athlete)
        .select_related("author")
        .order_by("date", "created_at", "pk")
    )
    return [
        {
            "date": note.date.isoformat(),
            "author": note.author.get_username(),
            "text": note.text,
            "created_at": json_value(note.created_at, tz),
        }
        for note in notes
    ]


COACH_NOTES = Section(
    key="coach_notes",
    filename="coach_notes.csv",
    columns=("date", "author", "text", "created_at"),
    records=coach_note_records,
)
