"""Training-load rules: a spike versus your usual, monotony, no rest day, a lighter
week due."""

from __future__ import annotations

from ..i18n import N_, phrase
from ..load import LOAD_RATIO_REFERENCE_BAND
from ..types import Evidence
from .base import LOOKBACK_DAYS, Hit, Param, Rule, RuleContext, _fmt, _history, _is_training_day, _r

DELOAD_BASELINE_WEEKS = 4


def _load_spike(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    ratio = ctx.metrics.load_ratio
    limit = p["ratio"]
    if ratio is None or ratio <= limit:
        return None
    escalate = ratio > p["alert_ratio"]
    low, high = LOAD_RATIO_REFERENCE_BAND
    message = (
        phrase(
            "Your recent load is {ratio} times your usual (7-day against 28-day weighted average).",
            ratio=_fmt(ratio, limit, 2),
        ),
        phrase(
            "Rebound flags a ratio above {limit}: a fixed line, the same for everyone, not a"
            " range worked out from your own history.",
            limit=f"{limit:g}",
        ),
        phrase(
            "The published reference band is {low}-{high} (Gabbett 2016).",
            low=f"{low:g}",
            high=f"{high:g}",
        ),
        phrase(
            "This is a load spike versus your usual, not a prediction. Consider building up"
            " more gradually over the next days."
        ),
    )
    evidence = [
        Evidence(N_("load ratio"), _r(ratio, 3), "x", threshold=limit, baseline=1.0),
        Evidence(
            N_("recent load (7-day weighted)"),
            _r(ctx.metrics.acute_load, 0),
            "AU/day",
            baseline=_r(ctx.metrics.chronic_load, 0),
        ),
    ]
    if escalate:
        evidence.append(Evidence(N_("alert above"), _r(ratio, 3), "x", threshold=p["alert_ratio"]))
    return Hit(message, tuple(evidence), escalate)


LOAD_SPIKE = Rule(
    code="load.spike",
    title=N_("Load spike versus your usual"),
    severity="caution",
    params=(
        Param("ratio", 1.3, 0.5, 5.0, "x", N_("load ratio above this fires")),
        Param("alert_ratio", 1.5, 0.5, 5.0, "x", N_("load ratio above this is an alert")),
    ),
    min_days=28,
    data_note=N_("days of history"),
    source="Williams et al. 2017 (EWMA load ratio); Gabbett 2016 (the 0.8-1.3 reference"
    " band); Impellizzeri et al. 2020 (its limits)",
    check=_load_spike,
    coverage=_history,
)


def _load_monotony(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    m = ctx.metrics
    limit = p["monotony"]
    if m.monotony is None or m.weekly_load is None or m.monotony <= limit:
        return None
    loads = ctx.series.loads
    four_week_mean = sum(loads[max(0, ctx.t - 27) : ctx.t + 1]) / 4.0
    if m.weekly_load <= four_week_mean:
        return None
    message = (
        phrase(
            "Your training load over the last 7 days was much the same day to day (monotony"
            " {monotony}, above {limit}) and heavier than your 4-week mean ({week} against"
            " {mean} AU).",
            monotony=_fmt(m.monotony, limit),
            limit=f"{limit:g}",
            week=f"{m.weekly_load:.0f}",
            mean=f"{four_week_mean:.0f}",
        ),
        phrase("Consider alternating harder and easier days, with a rest day in the week."),
    )
    return Hit(
        message,
        (
            Evidence(N_("monotony, last 7 days"), _r(m.monotony), "", threshold=limit),
            Evidence(N_("weekly load"), _r(m.weekly_load, 0), "AU", baseline=_r(four_week_mean, 0)),
            Evidence(N_("strain"), _r(m.strain, 0), "AU"),
        ),
    )


LOAD_MONOTONY = Rule(
    code="load.monotony",
    title=N_("Monotonous training"),
    severity="caution",
    params=(Param("monotony", 2.0, 0.0, 10.0, "", N_("7-day monotony above this fires")),),
    min_days=28,
    data_note=N_("days of history"),
    source="Foster 1998 (monotony and strain)",
    check=_load_monotony,
    coverage=_history,
)


def _training_streak(ctx: RuleContext) -> tuple[int, int]:
    """(days in a row with training, index of its last day).

    The run ends on the evaluated day, or on the day before when nothing is logged yet
    today, so the advice can still come in the morning.
    """
    days = ctx.days
    end = ctx.t if _is_training_day(days[ctx.t]) else ctx.t - 1
    # Counted over the days the rules look back over at most, like every other rule.
    floor = max(0, ctx.t - LOOKBACK_DAYS + 1)
    i = end
    while i >= floor and _is_training_day(days[i]):
        i -= 1
    return end - i, end


def _load_no_rest(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    streak, _ = _training_streak(ctx)
    limit = int(p["days"])
    if streak < limit:
        return None
    message = (
        phrase(
            "You trained {days} days in a row without a rest day (an active-recovery session"
            " does not count as training).",
            days=streak,
        ),
        phrase("Consider a rest day or an active-recovery day soon."),
    )
    return Hit(
        message,
        (Evidence(N_("training days in a row"), streak, "days", threshold=limit),),
    )


LOAD_NO_REST = Rule(
    code="load.no_rest",
    title=N_("No rest day"),
    severity="caution",
    params=(Param("days", 6, 2, 14, "days", N_("training days in a row that fire"), int),),
    min_days=6,
    data_note=N_("days of history"),
    source="Kellmann et al. 2018 (recovery and performance in sport: consensus)",
    check=_load_no_rest,
    coverage=_history,
)


def _deload_required(p: dict[str, float]) -> int:
    return (int(p["weeks"]) + DELOAD_BASELINE_WEEKS) * 7


def _weeks_without_lighter(ctx: RuleContext, p: dict[str, float]) -> tuple[int, float, float]:
    """(rolling weeks in a row with no lighter week, the last 7 days' load, the mean of the
    4 weeks before them)."""
    loads = ctx.series.loads
    start = ctx.series.history_start
    if start is None:
        return 0, 0.0, 0.0
    t = ctx.t
    most = max(int(p["weeks"]), int(p["alert_weeks"]))
    weeks_needed = most + DELOAD_BASELINE_WEEKS
    week_loads = []
    for k in range(weeks_needed):
        lo = t - 7 * k - 6
        if lo < max(start, 0):
            break
        week_loads.append(sum(loads[lo : t - 7 * k + 1]))
    fraction = p["lighter_fraction"]
    run = 0
    first_mean = 0.0
    for k in range(len(week_loads) - DELOAD_BASELINE_WEEKS):
        previous = sum(week_loads[k + 1 : k + 1 + DELOAD_BASELINE_WEEKS]) / DELOAD_BASELINE_WEEKS
        if k == 0:
            first_mean = previous
        week = week_loads[k]
        # A rest week, a restart after a break and a lighter week all end the block.
        if week <= 0 or previous <= 0 or week < fraction * previous:
            break
        run += 1
        if run >= most:
            break
    return run, (week_loads[0] if week_loads else 0.0), first_mean


def _load_deload_due(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    run, this_week, previous_mean = _weeks_without_lighter(ctx, p)
    limit = int(p["weeks"])
    if run < limit:
        return None
    escalate = run >= int(p["alert_weeks"])
    pct = p["lighter_fraction"] * 100
    message = (
        phrase(
            # xgettext:no-python-format ("{pct} %" is no %-directive)
            "{weeks} weeks of training in a row without a lighter week (one under {pct} % of"
            " the mean of the 4 weeks before it).",
            weeks=run,
            pct=f"{pct:.0f}",
        ),
        phrase("Consider planning a lighter week soon."),
    )
    evidence = [
        Evidence(N_("weeks without a lighter week"), run, "weeks", threshold=limit),
        Evidence(N_("load, last 7 days"), _r(this_week, 0), "AU", baseline=_r(previous_mean, 0)),
    ]
    if escalate:
        evidence.append(Evidence(N_("alert at"), run, "weeks", threshold=int(p["alert_weeks"])))
    return Hit(message, tuple(evidence), escalate)


LOAD_DELOAD_DUE = Rule(
    code="load.deload_due",
    title=N_("Lighter week due"),
    severity="caution",
    params=(
        Param("weeks", 6, 2, 8, "weeks", N_("weeks without a lighter week that fire"), int),
        Param(
            "alert_weeks", 8, 2, 8, "weeks", N_("weeks without a lighter week for an alert"), int
        ),
        Param(
            "lighter_fraction",
            0.6,
            0.0,
            1.0,
            "x mean",
            N_("a week under this share of the 4 before is lighter"),
        ),
    ),
    min_days=70,
    data_note=N_("days of history ((weeks + 4) x 7)"),
    source="Rogerson et al. 2024 (deloading practices: a deload every 5.6 ± 2.3 weeks)",
    check=_load_deload_due,
    coverage=_history,
    required=_deload_required,
)


RULES = (LOAD_SPIKE, LOAD_MONOTONY, LOAD_NO_REST, LOAD_DELOAD_DUE)
