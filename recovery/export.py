"""`day_states.csv` in the athlete's export: every day's numbers as the pages show them."""

from datetime import date

from journal.models import Athlete
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
