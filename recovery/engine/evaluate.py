"""The engine's entry points.

`step_days` is what the day states are made of: it steps an athlete's days one at a time
from the carry of the day before them, with the days the rules look back over in front.
`evaluate`, `evaluate_days` and `metric_series` answer for an `EngineInput` whose first day
is the athlete's first journal day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from .metrics import Series, build_series, day_metrics
from .readiness import readiness
from .rules import LOOKBACK_DAYS, REGISTRY, SEVERITY_ORDER, RuleContext
from .types import (
    AthleteProfile,
    Carry,
    DayMetrics,
    DayRecord,
    EngineInput,
    Evaluation,
    Finding,
    Pending,
    RuleConfig,
)

# Deload alert at 8 weeks plus its 4-week baseline.
WINDOW_DAYS = 84
TRENDS_DAYS = 120


def _contiguous(days: Sequence[DayRecord]) -> Sequence[DayRecord]:
    """The days as given when contiguous; otherwise sorted with gaps filled by empty days."""
    if not days:
        return days
    if (days[-1].day - days[0].day).days == len(days) - 1 and all(
        days[i].day < days[i + 1].day for i in range(len(days) - 1)
    ):
        return days
    by_day: dict[date, DayRecord] = {}
    for record in days:
        if record.day in by_day:
            raise ValueError(f"two records for {record.day.isoformat()}")
        by_day[record.day] = record
    first, last = min(by_day), max(by_day)
    filled: list[DayRecord] = []
    mass = None
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        record = by_day.get(day) or DayRecord(day=day, body_mass_kg=mass)
        mass = record.body_mass_kg if record.body_mass_kg is not None else mass
        filled.append(record)
    return filled


def _index(days: Sequence[DayRecord], on: date | None) -> int:
    if not days:
        raise ValueError("the engine needs at least one day")
    if on is None:
        return len(days) - 1
    t = (on - days[0].day).days
    if not 0 <= t < len(days):
        raise ValueError(
            f"{on.isoformat()} is outside the days given"
            f" ({days[0].day.isoformat()} to {days[-1].day.isoformat()})"
        )
    return t


def _sort_key(finding: Finding) -> tuple[int, str]:
    return SEVERITY_ORDER.get(finding.severity, 3), finding.code


def _evaluate_at(
    series: Series, t: int, rule_configs: Mapping[str, RuleConfig], metrics: DayMetrics
) -> Evaluation:
    ctx = RuleContext(series, t, metrics, rule_configs)
    findings: list[Finding] = []
    pending: list[Pending] = []
    for rule in REGISTRY.values():
        if not ctx.enabled(rule.code):
            continue
        needed = rule.days_needed(ctx)
        if needed:
            pending.append(Pending(rule.code, rule.title, needed))
            continue
        finding = rule.evaluate(ctx)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=_sort_key)
    return Evaluation(
        day=series.days[t].day,
        metrics=metrics,
        findings=tuple(findings),
        readiness=readiness(series, t, metrics),
        pending=tuple(pending),
        record=series.days[t],
    )


def step_days(
    athlete: AthleteProfile,
    before: Carry,
    days: Sequence[DayRecord],
    first_new: int,
    rule_configs: Mapping[str, RuleConfig],
) -> list[Evaluation]:
    """The states of days[first_new:], stepped one day at a time.

    `days` are contiguous, oldest first; `days[:first_new]` are the days the rules look back
    over (at least LOOKBACK_DAYS of them, or every day since the first journal day) and
    `before` is the carry of the day before days[0]. Stepping from the first journal day
    with `Carry()` gives the same numbers as stepping any later stretch from stored states.
    """
    series = build_series(athlete, days, before)
    return [
        _evaluate_at(series, t, rule_configs, day_metrics(series, t))
        for t in range(first_new, len(days))
    ]


def evaluate(inp: EngineInput, on: date | None = None) -> Evaluation:
    """Metrics, findings and readiness of `on` (default: the last day), from days <= on.

    Raises ValueError when there are no days or `on` is outside them.
    """
    days = _contiguous(inp.days)
    t = _index(days, on)
    series = build_series(inp.athlete, days[: t + 1])
    return _evaluate_at(series, t, inp.rule_configs, day_metrics(series, t))


def evaluate_days(inp: EngineInput, days: Iterable[date]) -> list[Evaluation]:
    """One evaluation per date asked for, in that order, sharing one pass over the days."""
    records = _contiguous(inp.days)
    wanted = [_index(records, on) for on in days]
    if not wanted:
        return []
    series = build_series(inp.athlete, records[: max(wanted) + 1])
    return [_evaluate_at(series, t, inp.rule_configs, day_metrics(series, t)) for t in wanted]


def metric_series(inp: EngineInput) -> list[DayMetrics]:
    """DayMetrics for every day of the input, same order, in one pass."""
    records = _contiguous(inp.days)
    series = build_series(inp.athlete, records)
    out = [day_metrics(series, t) for t in range(len(records))]
    if records is not inp.days:
        # Gaps were filled or the order fixed: answer for the days given, in their order.
        by_day = {m.day: m for m in out}
        out = [by_day[record.day] for record in inp.days]
    return out


__all__ = [
    "LOOKBACK_DAYS",
    "TRENDS_DAYS",
    "WINDOW_DAYS",
    "evaluate",
    "evaluate_days",
    "metric_series",
    "step_days",
]
