"""The only bridge from the ORM to the engine: journal rows in, `DayState` rows out.

Writes: `refresh(athlete_id, from_day)` re-steps the athlete's days from the changed day to
today, inside the write's transaction, with the athlete row locked. It reads the journal
rows of those days, the stored states of the LOOKBACK_DAYS before them, and upserts the new
states in bulk: a fixed number of queries, whatever the number of days.

Reads are in recovery.state_reads (`read_states`, `read_rosters`); their names are also
importable from here.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from journal import portability
from journal.models import (
    ENTRY_MODELS,
    Athlete,
    CheckIn,
    DayTags,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    WeighIn,
    Workout,
)
from recovery.engine import (
    LOOKBACK_DAYS,
    Carry,
    DayMetrics,
    DayRecord,
    Evaluation,
    step_days,
)
from recovery.engine import CheckIn as CheckInRecord
from recovery.engine import Intake as IntakeRecord
from recovery.engine import Meal as MealRecord
from recovery.engine import Session as SessionRecord
from recovery.engine import Sleep as SleepRecord
from recovery.engine.codec import record_from_json, state_to_json
from recovery.engine.metrics import athlete_zone, epley_e1rm
from recovery.models import DayState, RulesVersion
from recovery.state_reads import (  # noqa: F401 (the read names, re-exported for their importers)
    ONE_DAY,
    STATE_COLUMNS,
    AthleteStates,
    Span,
    StoredRoster,
    carry_of,
    profile_of,
    read_rosters,
    read_states,
    rule_configs,
    today_spans,
)

# Rows per INSERT when states are written: a refresh from years back (an old file imported)
# writes thousands, and one statement holding them all can outlast the statement timeout.
WRITE_BATCH_DAYS = 366

UPDATED_COLUMNS = [
    "rules_version",
    "readiness_score",
    "readiness_band",
    "fitness",
    "fatigue",
    "form",
    "load_ratio",
    "entries",
    "roster",
    *STATE_COLUMNS,
]


# ---------------------------------------------------------------- journal rows to records


def journal_span(athlete_id: int) -> tuple[date | None, date | None]:
    """The athlete's first and last journal days, in one query over the five entry tables."""
    parts = " UNION ALL ".join(
        f"SELECT MIN(date) AS lo, MAX(date) AS hi FROM {model._meta.db_table} WHERE athlete_id = %s"
        for model in ENTRY_MODELS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(lo), MAX(hi) FROM ({parts}) AS spans", [athlete_id] * len(ENTRY_MODELS)
        )  # noqa: S608 (table names from the models)
        first, last = cursor.fetchone()
    # SQLite answers in text.
    if isinstance(first, str):
        first, last = date.fromisoformat(first), date.fromisoformat(last)
    return first, last


# What a page that lists a day's entries shows of each (Today): stored with the day's state,
# so that Today reads no journal rows. Every write refreshes its day, so they never drift.
# The fields are the export's, less the date (the state's own).
LISTED_FIELDS = {
    Workout: portability.WORKOUT_FIELDS[1:],
    SleepEntry: portability.SLEEP_FIELDS[1:],
    Meal: portability.MEAL_FIELDS[1:],
    Intake: portability.INTAKE_FIELDS[1:],
    CheckIn: (*portability.CHECKIN_FIELDS[1:], "updated_at"),
}
LISTED_KEYS = {
    Workout: "workouts",
    SleepEntry: "sleep",
    Meal: "meals",
    Intake: "intakes",
    CheckIn: "checkin",
}
ONE_PER_DAY = {SleepEntry, CheckIn}


@dataclass
class JournalDay:
    record: DayRecord
    entries: dict


def journal_days(athlete: Athlete, first: date, last: date, mass_kg: float) -> list[JournalDay]:
    """One record per day from `first` to `last`, with its entries, from the journal rows: eight
    queries. `mass_kg` is the body mass known before `first`; a weigh-in's or a check-in's mass
    carries on (the check-in's wins on its day)."""
    zone = athlete_zone(athlete.timezone)
    listed: dict[date, dict] = defaultdict(dict)

    def rows(model, order: str | None = None) -> list[dict]:
        query = model.objects.filter(athlete=athlete, date__range=(first, last))
        if order:
            query = query.order_by(order, "pk")
        found = list(query.values("pk", "date", *LISTED_FIELDS[model]))
        key = LISTED_KEYS[model]
        for row in found:
            entry = {name: value for name, value in row.items() if name != "date"}
            if model in ONE_PER_DAY:
                listed[row["date"]][key] = entry
            else:
                listed[row["date"]].setdefault(key, []).append(entry)
        return found

    sessions: dict[date, list[SessionRecord]] = defaultdict(list)
    e1rm: dict[date, dict[str, float]] = defaultdict(dict)
    workouts = rows(Workout, "started_at")
    for w in workouts:
        started = w["started_at"].astimezone(zone)
        sessions[w["date"]].append(
            SessionRecord(w["kind"], w["duration_min"], float(w["rpe"]), started)
        )
    set_counts: dict[int, int] = defaultdict(int)
    sets = ExerciseSet.objects.filter(
        workout__athlete=athlete, workout__date__range=(first, last)
    ).values_list("workout_id", "workout__date", "exercise__name", "reps", "load_kg", "set_type")
    for workout_id, day, lift, reps, load_kg, set_type in sets:
        set_counts[workout_id] += 1
        warm_up = set_type == ExerciseSet.SetType.WARMUP  # never a best lift
        estimate = epley_e1rm(load_kg, reps) if load_kg and not warm_up else None
        best = e1rm[day]
        if estimate is not None and estimate > best.get(lift, 0):
            best[lift] = estimate
    for day_entries in listed.values():
        for workout in day_entries.get("workouts", ()):
            workout["sets"] = set_counts.get(workout["pk"], 0)

    nights = {
        s["date"]: SleepRecord(
            s["bedtime"].astimezone(zone),
            s["wake_time"].astimezone(zone),
            s["quality"],
            s["awakenings"],
            s["resting_hr"],
            s["hrv_ms"],
            s["hrv_sdnn_ms"],
        )
        for s in rows(SleepEntry)
    }
    meals: dict[date, list[MealRecord]] = defaultdict(list)
    for m in rows(Meal, "eaten_at"):
        meals[m["date"]].append(
            MealRecord(
                m["eaten_at"].astimezone(zone), m["protein_g"], m["carbs_g"], m["fat_g"], m["kcal"]
            )
        )
    intakes: dict[date, list[IntakeRecord]] = defaultdict(list)
    for i in rows(Intake, "taken_at"):
        intakes[i["date"]].append(
            IntakeRecord(
                i["taken_at"].astimezone(zone), i["category"], i["name"], i["amount"], i["unit"]
            )
        )
    checkins = {
        c["date"]: CheckInRecord(
            c["sleep_quality"],
            c["fatigue"],
            c["stress"],
            c["soreness"],
            c["energy"],
            tuple(c["sore_areas"] or ()),
            c["body_mass_kg"],
            c["water_ml"],
            c["feel_ready"],
        )
        for c in rows(CheckIn)
    }
    tags = dict(
        DayTags.objects.filter(athlete=athlete, date__range=(first, last)).values_list(
            "date", "tags"
        )
    )
    weighed = dict(
        WeighIn.objects.filter(athlete=athlete, date__range=(first, last))
        .order_by("weighed_at")
        .values_list("date", "body_mass_kg")
    )  # the day's last weigh-in

    days = []
    day = first
    while day <= last:
        checkin = checkins.get(day)
        if day in weighed:
            mass_kg = weighed[day]
        if checkin is not None and checkin.body_mass_kg:
            mass_kg = checkin.body_mass_kg
        record = DayRecord(
            day=day,
            sessions=tuple(sessions.get(day, ())),
            e1rm_by_lift=e1rm.get(day, {}),
            sleep=nights.get(day),
            meals=tuple(meals.get(day, ())),
            intakes=tuple(intakes.get(day, ())),
            checkin=checkin,
            body_mass_kg=mass_kg,
            tags=tuple(tags.get(day, ())),
        )
        days.append(JournalDay(record, listed.get(day, {})))
        day += ONE_DAY
    return days


# ---------------------------------------------------------------- writes


def roster_of(state: Evaluation) -> dict:
    """What a coach's roster shows of a day besides the plain columns, kept with the state
    (DayState.roster) so that a roster of 200 reads no more than this of each athlete."""
    m: DayMetrics = state.metrics
    return {
        "calibrating": state.readiness.calibrating,
        "top": [[f.severity, f.title, f.guidance_slug] for f in state.findings[:2]],
        "last_checkin": m.last_checkin.isoformat() if m.last_checkin else None,
        "checkins_7d": m.checkins_7d,
        "sleep_mean_7_h": m.sleep_mean_7_h,
    }


def _row(athlete_id: int, state: Evaluation, rules_version: int, entries: dict) -> DayState:
    m: DayMetrics = state.metrics
    return DayState(
        athlete_id=athlete_id,
        date=state.day,
        rules_version=rules_version,
        readiness_score=state.readiness.score,
        readiness_band=state.readiness.band or "",
        fitness=m.fitness or 0.0,
        fatigue=m.fatigue or 0.0,
        form=m.form or 0.0,
        load_ratio=m.load_ratio,
        entries=entries,
        roster=roster_of(state),
        **state_to_json(state),
    )


@transaction.atomic
def refresh(athlete_id: int, from_day: date | None = None) -> int:
    """Re-step the athlete's states from `from_day` (None: the first journal day) to today.

    Runs in the caller's transaction, with the athlete row locked: two app servers writing
    for one athlete refresh one after the other, and the second sees the first's rows.
    Returns the number of days stepped.
    """
    # NO KEY UPDATE: the journal rows just written hold a KEY SHARE lock on the athlete row,
    # which conflicts with a plain FOR UPDATE but not with this (PostgreSQL's lock table).
    athlete = Athlete.objects.select_for_update(no_key=True).filter(pk=athlete_id).first()
    if athlete is None:
        return 0  # deleted in this transaction
    first, last = journal_span(athlete_id)
    if first is None:
        DayState.objects.filter(athlete_id=athlete_id).delete()
        return 0
    end = max(last, athlete.today())
    start = first if from_day is None else min(max(from_day, first), end)
    before, recent = Carry(), []
    if start > first:
        # The latest stored states before the changed day. When the last of them is older
        # than the day before (no write since), the days in between are stepped too.
        # Only the oldest of them carries its metrics on, so the metrics come as text and
        # only the oldest's is decoded; the others give their records.
        stored = list(
            DayState.objects.filter(athlete_id=athlete_id, date__gte=first, date__lt=start)
            .annotate(metrics_text=Cast("metrics", TextField()))
            .order_by("-date")
            .values_list("date", "record", "metrics_text")[: LOOKBACK_DAYS + 1]
        )[::-1]
        if stored and (start - stored[-1][0]).days > 1:
            start = stored[-1][0] + ONE_DAY
        contiguous = bool(stored) and (stored[-1][0] - stored[0][0]).days == len(stored) - 1
        if contiguous and (len(stored) == LOOKBACK_DAYS + 1 or stored[0][0] == first):
            if len(stored) == LOOKBACK_DAYS + 1:
                oldest, record, metrics_text = stored.pop(0)
                before = carry_of(oldest, record, json.loads(metrics_text))
            recent = [record_from_json(day, record) for day, record, _ in stored]
        else:
            start = first  # the stored states have a gap: rebuild from the first day
    mass_kg = recent[-1].body_mass_kg if recent else athlete.body_mass_kg
    days = journal_days(athlete, start, end, mass_kg or athlete.body_mass_kg)
    version = RulesVersion.current()
    configs = rule_configs([athlete_id])[athlete_id]
    records = [day.record for day in days]
    states = step_days(profile_of(athlete), before, recent + records, len(recent), configs)
    DayState.objects.filter(athlete_id=athlete_id).exclude(date__range=(first, end)).delete()
    DayState.objects.bulk_create(
        [
            _row(athlete_id, state, version, day.entries)
            for state, day in zip(states, days, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["athlete", "date"],
        update_fields=UPDATED_COLUMNS,
        batch_size=WRITE_BATCH_DAYS,
    )
    return len(states)


def rebuild(athlete_id: int) -> int:
    """Every state of the athlete from the journal, as `manage.py recompute_states` does."""
    return refresh(athlete_id, None)


def stale_athlete_ids() -> list[int]:
    """Athletes with a state computed before the latest change of rule settings."""
    version = RulesVersion.current()
    return list(
        DayState.objects.filter(rules_version__lt=version)
        .values_list("athlete_id", flat=True)
        .distinct()
        .order_by("athlete_id")
    )
