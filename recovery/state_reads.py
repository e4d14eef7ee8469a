"""Reading day states: `read_states` gives the states of a range of days for one athlete or
a whole roster, in one query when they are stored and current. Days after the last stored
state (today, before anything is logged) are stepped in memory from the stored ones, and so
are the findings of states computed before a change of rule settings, until the refresh task
has caught up (`refresh_stale`). Either costs one more query, whatever the number of
athletes.

The profile and rule configuration that stepping takes are here too; the writes
(recovery.states) use the same.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Max, Q, Subquery, Window
from django.db.models.functions import RowNumber

from journal.models import Athlete
from recovery.engine import (
    LOOKBACK_DAYS,
    AthleteProfile,
    Carry,
    DayRecord,
    Evaluation,
    RuleConfig,
    step_days,
)
from recovery.engine.codec import metrics_from_json, record_from_json, state_from_json
from recovery.models import AthleteRuleOverride, DayState, RuleSetting, RulesVersion

ONE_DAY = timedelta(days=1)
STATE_COLUMNS = ["record", "metrics", "readiness", "findings", "pending"]


def profile_of(athlete: Athlete) -> AthleteProfile:
    return AthleteProfile(
        body_mass_kg=athlete.body_mass_kg,
        focus=athlete.focus,
        goal=athlete.goal,
        sleep_target_h=athlete.sleep_target_h,
        protein_target_g_per_kg=athlete.protein_target,
        water_target_ml_per_kg=athlete.water_target_ml_per_kg,
        kcal_target=athlete.kcal_target,
        timezone=athlete.timezone,
    )


def rule_configs(athlete_ids: Sequence[int]) -> dict[int, dict[str, RuleConfig]]:
    """Each athlete's rule configuration: the admin's settings, then the coach's overrides."""
    shared = {
        setting.code: RuleConfig(
            enabled=setting.enabled, severity=setting.severity or None, params=setting.params
        )
        for setting in RuleSetting.objects.all()
    }
    configs = {pk: dict(shared) for pk in athlete_ids}
    for override in AthleteRuleOverride.objects.filter(athlete__in=athlete_ids):
        base = shared.get(override.code, RuleConfig())
        configs[override.athlete_id][override.code] = RuleConfig(
            enabled=override.enabled,
            severity=override.severity or base.severity,
            params={**base.params, **override.params},
        )
    return configs


def carry_of(day: date, record: dict, metrics: dict) -> Carry:
    """The carry at the end of a stored day, from its record and metrics columns."""
    return Carry.after(
        metrics_from_json(metrics), DayRecord(day=day, body_mass_kg=record.get("mass"))
    )


@dataclass(frozen=True)
class Span:
    """The days one athlete's page asks for, both ends included."""

    first: date
    last: date


def today_spans(athletes: Iterable[Athlete], days: int = 1) -> dict[Athlete, Span]:
    """The last `days` days up to each athlete's own today."""
    spans = {}
    for athlete in athletes:
        today = athlete.today()
        spans[athlete] = Span(today - timedelta(days=days - 1), today)
    return spans


def _current_rules():
    return Subquery(RulesVersion.objects.filter(pk=1).values("number"))


@dataclass
class AthleteStates:
    """One athlete's states over a span, by day; days before the first journal day have
    none. `entries` holds each day's listed entries when they were asked for."""

    days: dict[date, Evaluation] = field(default_factory=dict)
    entries: dict[date, dict] = field(default_factory=dict)

    def on(self, day: date) -> Evaluation | None:
        return self.days.get(day)

    def ordered(self) -> list[Evaluation]:
        return [self.days[day] for day in sorted(self.days)]


def read_states(
    spans: dict[Athlete, Span], *, findings: bool = True, entries: bool = False
) -> dict[int, AthleteStates]:
    """Each athlete's states over their span, keyed by athlete pk.

    One query when every asked-for state is stored (and, with `findings`, computed with the
    current rules); one more for the athletes whose states must be stepped in memory,
    whatever their number. Pass `findings=False` when the page shows no findings: metrics
    and readiness do not depend on the rule settings, so a stale state is still right.
    """
    if not spans:
        return {}
    by_pk = {athlete.pk: athlete for athlete in spans}
    # A page without findings neither reads nor decodes them.
    columns = STATE_COLUMNS if findings else ["record", "metrics", "readiness"]
    if entries:
        columns = [*columns, "entries"]
    # Plain tuples, not model instances: a page of 12 weeks reads 84 rows, and building
    # deferred-field instances cost more than decoding their JSON.
    names = ["athlete_id", "date", "rules_version", "current_rules", *columns]
    rows = (
        DayState.objects.filter(
            athlete__in=list(by_pk),
            date__range=(
                min(span.first for span in spans.values()),
                max(span.last for span in spans.values()),
            ),
        )
        .annotate(current_rules=_current_rules())
        .order_by("athlete_id", "date")
        .values_list(*names)
    )
    stored: dict[int, list[dict]] = defaultdict(list)
    version = None
    for values in rows:
        row = dict(zip(names, values, strict=True))
        span = spans[by_pk[row["athlete_id"]]]
        if span.first <= row["date"] <= span.last:
            stored[row["athlete_id"]].append(row)
        version = row["current_rules"] or 0
    out: dict[int, AthleteStates] = {}
    needy = []
    for pk, athlete in by_pk.items():
        days = stored.get(pk, [])
        out[pk] = AthleteStates(
            days={row["date"]: state_from_json(row["date"], _json_of(row)) for row in days},
            entries={row["date"]: row["entries"] for row in days} if entries else {},
        )
        stale = findings and any(row["rules_version"] != version for row in days)
        if stale or not days or days[-1]["date"] < spans[athlete].last:
            needy.append(athlete)
    if needy:
        _step_in_memory(needy, spans, out, findings)
    return out


@dataclass(frozen=True)
class StoredRoster:
    """One athlete's roster fields of a stored, current state (see roster_of)."""

    score: int | None
    band: str
    load_ratio: float | None
    roster: dict


def read_rosters(spans: dict[Athlete, Span]) -> dict[int, StoredRoster]:
    """The roster fields of each athlete's last day of their span, in one query, for those
    whose state of that day is stored with the current rules. The others are left out: read
    them with read_states, which steps them."""
    if not spans:
        return {}
    by_pk = {athlete.pk: athlete for athlete in spans}
    rows = (
        DayState.objects.filter(
            athlete__in=list(by_pk),
            date__range=(
                min(span.last for span in spans.values()),
                max(span.last for span in spans.values()),
            ),
        )
        .annotate(current_rules=_current_rules())
        .values_list(
            "athlete_id",
            "date",
            "rules_version",
            "current_rules",
            "readiness_score",
            "readiness_band",
            "load_ratio",
            "roster",
        )
    )
    out = {}
    for pk, day, version, current, score, band, load_ratio, roster in rows:
        if day == spans[by_pk[pk]].last and roster and version == (current or 0):
            out[pk] = StoredRoster(score, band, load_ratio, roster)
    return out


def _json_of(row: dict) -> dict:
    """The state columns of a stored row; those not read (findings on a page without them)
    as empty."""
    return {name: row.get(name, []) for name in STATE_COLUMNS}


def _step_in_memory(
    athletes: list[Athlete],
    spans: dict[Athlete, Span],
    out: dict[int, AthleteStates],
    findings: bool,
) -> None:
    """Step, from each athlete's last stored states, the days of their span that are not
    stored or (with `findings`) were computed with older rules. One query for them all: the
    latest stored rows of each athlete, as many as the widest span and the look-back need."""
    widest = max((spans[a].last - spans[a].first).days + 1 for a in athletes)
    keep = widest + LOOKBACK_DAYS + 1
    # Each athlete's rows up to the end of their own span, and no further back than the rows
    # kept could reach from their last stored day (an index lookup first): the query reads
    # a bounded number of rows whatever the history. Grouped by those bounds, which a roster
    # shares (one or two time zones, the same morning).
    last_stored = dict(
        DayState.objects.filter(athlete__in=[a.pk for a in athletes])
        .values("athlete_id")
        .annotate(last=Max("date"))
        .values_list("athlete_id", "last")
    )
    by_bounds: dict[tuple[date, date], list[int]] = defaultdict(list)
    for athlete in athletes:
        last = last_stored.get(athlete.pk)
        if last is None:
            continue  # no journal yet
        end = min(last, spans[athlete].last)
        by_bounds[end - timedelta(days=keep), spans[athlete].last].append(athlete.pk)
    if not by_bounds:
        return
    bounded = Q()
    for (lo, hi), pks in by_bounds.items():
        bounded |= Q(athlete__in=pks, date__range=(lo, hi))
    ranked = (
        DayState.objects.filter(bounded)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("athlete_id")], order_by=F("date").desc()),
            current_rules=_current_rules(),
        )
        .filter(rank__lte=widest + LOOKBACK_DAYS + 1)
        .only("athlete_id", "date", "rules_version", *STATE_COLUMNS)
    )
    stored: dict[int, list[DayState]] = defaultdict(list)
    version = 0
    for row in ranked:
        stored[row.athlete_id].append(row)
        version = row.current_rules or 0
    configs = rule_configs(list(stored)) if stored and findings else {}
    for athlete in athletes:
        rows = sorted(stored.get(athlete.pk, []), key=lambda row: row.date)
        if not rows:
            continue  # no journal yet
        span = spans[athlete]
        stale_from = [
            row.date
            for row in rows
            if findings and row.rules_version != version and row.date >= span.first
        ]
        stepped_from = min([*stale_from, rows[-1].date + ONE_DAY])
        if stepped_from > span.last:
            continue
        for state in _step_from(athlete, rows, stepped_from, span.last, configs.get(athlete.pk)):
            if state.day >= span.first:
                out[athlete.pk].days[state.day] = state


def _step_from(
    athlete: Athlete,
    rows: list[DayState],
    first: date,
    last: date,
    configs: dict[str, RuleConfig] | None,
) -> list[Evaluation]:
    """The states of `first`..`last` stepped from the stored `rows` (contiguous, oldest
    first): their records where stored, empty days after the last one."""
    by_day = {row.date: row for row in rows}
    lookback = [row for row in rows if row.date < first][-(LOOKBACK_DAYS + 1) :]
    if lookback and (first - lookback[0].date).days != len(lookback):
        return []  # a gap in the stored states: `manage.py recompute_states` repairs it
    before = Carry()
    if len(lookback) == LOOKBACK_DAYS + 1:
        oldest = lookback.pop(0)
        before = carry_of(oldest.date, oldest.record, oldest.metrics)
    days = [record_from_json(row.date, row.record) for row in lookback]
    looked_back = len(days)
    mass = days[-1].body_mass_kg if days else athlete.body_mass_kg
    day = first
    while day <= last:
        row = by_day.get(day)
        record = record_from_json(day, row.record) if row else DayRecord(day=day, body_mass_kg=mass)
        mass = record.body_mass_kg
        days.append(record)
        day += ONE_DAY
    return step_days(profile_of(athlete), before, days, looked_back, configs or {})
