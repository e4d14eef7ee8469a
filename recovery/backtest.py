"""Back-test readiness against how athletes said they felt, on PMData-format folders.

Each folder `pNN/` is imported as one athlete through the journal's own models, and its day
states are computed by `recovery.states`, as for any athlete. The readiness the athletes
reported is kept aside as the target and never imported. Scales:

- `pmsys/wellness.csv`: PMSys items run 1-5 with 5 the best, 0 = not answered. Rebound's
  Hooper items run 1-7 with 1 the best: 5 -> 1, 4 -> 2, 3 -> 4, 2 -> 6, 1 -> 7 (the middle
  stays the middle). Energy (1-5, 5 the best) is PMSys's mood. A day with any item
  unanswered has no check-in. `sleep_duration_h` is the night that ended that morning,
  with PMSys's sleep quality as the night's quality (both 1-5 with 5 the best).
  `readiness` (0-10, 0 = not answered) is the target.
- `fitbit/sleep_score.csv`: its timestamp is taken as the wake time of that morning's night
  and `resting_heart_rate` as its resting HR.
- `pmsys/srpe.csv`: one workout per session, dated by its start (end - duration), with its
  CR-10 RPE and minutes.
- `googledocs/reporting.csv`: `weight` (kg) becomes the check-in's body mass.
Times are UTC in the files; the athletes lived in Europe/Oslo.
"""

import csv
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction

from journal.models import Athlete, CheckIn, SleepEntry, Workout, note_change, one_refresh
from recovery.engine.agreement import spearman
from recovery.states import Span, read_states

ZONE = ZoneInfo("Europe/Oslo")
HOOPER_FROM_PMSYS = {5: 1, 4: 2, 3: 4, 2: 6, 1: 7}
ITEMS = ("fatigue", "sleep_quality", "stress", "soreness", "energy")
PARTS = ("wellness", "sleep", "load", "physiology")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).astimezone(UTC)


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _whole(text: str) -> int:
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return 0


@dataclass
class Imported:
    athlete: Athlete
    reported: dict[date, int] = field(default_factory=dict)


def import_folder(folder: Path) -> Imported:
    """One PMData participant as a Rebound athlete; their reported readiness kept aside."""
    user = User.objects.create_user(f"backtest-{folder.name}")
    athlete = Athlete.objects.create(
        user=user, display_name=folder.name, body_mass_kg=75, timezone="Europe/Oslo"
    )
    imported = Imported(athlete)
    wakes = {}
    for row in _rows(folder / "fitbit" / "sleep_score.csv"):
        wake = _moment(row["timestamp"])
        wakes[wake.astimezone(ZONE).date()] = (wake, _whole(row.get("resting_heart_rate")))
    masses = {}
    for row in _rows(folder / "googledocs" / "reporting.csv"):
        try:
            day = datetime.strptime(row["date"], "%d/%m/%Y").date()
            masses[day] = float(row["weight"])
        except (KeyError, ValueError):
            continue
    checkins, nights, workouts = {}, {}, []
    for row in _rows(folder / "pmsys" / "wellness.csv"):
        reported_at = _moment(row["effective_time_frame"])
        day = reported_at.astimezone(ZONE).date()
        items = {name: _whole(row.get(name)) for name in (*ITEMS[:4], "mood")}
        if _whole(row.get("readiness")):
            imported.reported[day] = _whole(row["readiness"])
        if all(items.values()):
            checkins[day] = CheckIn(
                athlete=athlete,
                date=day,
                sleep_quality=HOOPER_FROM_PMSYS[items["sleep_quality"]],
                fatigue=HOOPER_FROM_PMSYS[items["fatigue"]],
                stress=HOOPER_FROM_PMSYS[items["stress"]],
                soreness=HOOPER_FROM_PMSYS[items["soreness"]],
                energy=items["mood"],
                body_mass_kg=masses.get(day),
            )
        hours = float(row.get("sleep_duration_h") or 0)
        if 0 < hours <= 16:
            wake, resting_hr = wakes.get(day, (reported_at, 0))
            nights[day] = SleepEntry(
                athlete=athlete,
                date=day,
                bedtime=wake - timedelta(hours=hours),
                wake_time=wake,
                quality=items["sleep_quality"] or 3,  # both 1-5 with 5 the best
                resting_hr=resting_hr or None,
            )
    for row in _rows(folder / "pmsys" / "srpe.csv"):
        minutes, rpe = _whole(row.get("duration_min")), _whole(row.get("perceived_exertion"))
        if not 0 < minutes <= 1440 or not 0 <= rpe <= 10:
            continue
        started = _moment(row["end_date_time"]) - timedelta(minutes=minutes)
        workouts.append(
            Workout(
                athlete=athlete,
                date=started.astimezone(ZONE).date(),
                started_at=started,
                kind=Workout.Kind.CARDIO,
                duration_min=minutes,
                rpe=rpe,
            )
        )
    with transaction.atomic(), one_refresh():
        CheckIn.objects.bulk_create(checkins.values())
        SleepEntry.objects.bulk_create(nights.values())
        Workout.objects.bulk_create(workouts)
        note_change(athlete.pk, None)  # bulk inserts send no signal
    return imported


@dataclass
class Rho:
    pooled: float | None
    within_mean: float | None
    within_median: float | None
    athletes: int
    days: int


def _signals(state) -> dict[str, float]:
    """Every signal of a scored day: the score, each part (0..1), each item, the Hooper sum.
    Items are turned so that higher is better, like the readiness the athletes reported."""
    out: dict[str, float] = {}
    if state.readiness.score is not None:
        out["score"] = state.readiness.score
    for part in state.readiness.parts:
        if part.value is not None:  # weighed in the score or not
            out[f"part: {part.name}"] = part.value
    checkin = state.record.checkin if state.record else None
    if checkin is not None:
        for name in ITEMS[:4]:
            out[f"item: {name}"] = -getattr(checkin, name)
        out["item: energy"] = checkin.energy
        out["Hooper sum"] = -checkin.hooper
    return out


HALVES = {
    None: "All days",
    "first": "Each athlete's first half (where the weights were chosen)",
    "later": "Each athlete's later half (the check)",
}


def rho_table(imported: list[Imported], half: str | None = None) -> dict[str, Rho]:
    """Spearman's rho of each signal against the reported readiness: pooled over every
    athlete-day, and within each athlete (mean and median of their rhos). With `half`,
    only the second half of each athlete's reported days (a time split)."""
    pooled: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    within: dict[str, list[float]] = defaultdict(list)
    for entry in imported:
        athlete = entry.athlete
        days = sorted(entry.reported)
        if not days:
            continue
        states = read_states({athlete: Span(days[0], days[-1])})[athlete.pk]
        pairs = [(states.on(d), entry.reported[d]) for d in days if states.on(d) is not None]
        if half == "first":
            pairs = pairs[: len(pairs) // 2]
        elif half == "later":
            pairs = pairs[len(pairs) // 2 :]
        mine: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        for state, target in pairs:
            for name, value in _signals(state).items():
                for store in (mine[name], pooled[name]):
                    store[0].append(value)
                    store[1].append(target)
        for name, (values, targets) in mine.items():
            rho = spearman(values, targets)
            if rho is not None:
                within[name].append(rho)
    table = {}
    for name, (values, targets) in sorted(pooled.items()):
        rhos = within.get(name, [])
        table[name] = Rho(
            pooled=spearman(values, targets),
            within_mean=statistics.fmean(rhos) if rhos else None,
            within_median=statistics.median(rhos) if rhos else None,
            athletes=len(rhos),
            days=len(values),
        )
    return table


def format_table(title: str, table: dict[str, Rho]) -> str:
    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:+.3f}"

    lines = [
        title,
        "",
        "| signal | pooled | within, mean | within, median | athletes | days |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, rho in table.items():
        lines.append(
            f"| {name} | {cell(rho.pooled)} | {cell(rho.within_mean)} |"
            f" {cell(rho.within_median)} | {rho.athletes} | {rho.days} |"
        )
    return "\n".join(lines)
