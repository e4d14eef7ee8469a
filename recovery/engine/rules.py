"""The rule registry and every rule.

A rule reads the days up to the evaluated day and returns a finding or nothing. Each
rule has parameters with defaults (admins and coaches may override them, validated by
`validate_params`), the data it needs before it speaks (`min_days`), a default severity
and a guidance slug. See docs/rules.md for the catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .metrics import (
    HOOPER_BASELINE_DAYS,
    HRV_LN_SD_FLOOR,
    HRV_ROLLING_DAYS,
    HRV_ROLLING_MIN,
    LOAD_RATIO_REFERENCE_BAND,
    MINUTES_PER_DAY,
    PHYSIOLOGY_BASELINE_DAYS,
    PHYSIOLOGY_BASELINE_MIN,
    RESTING_HR_SD_FLOOR,
    Series,
    body_mass_on,
    circular_mean_min,
    circular_sd_min,
    local_clock_min,
    percentile,
    water_ml,
)
from .types import (
    SEVERITIES,
    AthleteProfile,
    DayMetrics,
    DayRecord,
    Evidence,
    Finding,
    RuleConfig,
    Sleep,
)

NON_FIELD = "__all__"
RECENT_DAYS = 7
STRESS_LOOKBACK_DAYS = 14
DOMS_WINDOW_DAYS = 84
PLATEAU_WEEKS = 4
DELOAD_BASELINE_WEEKS = 4
HOOPER_MIN_BASELINE = 14
# The most days before the evaluated day that any rule reads, at any allowed parameters:
# the deload rule's 8 weeks plus its 4-week baseline. A day's state is computed from these
# days and the carry of the day before them (engine.steps).
LOOKBACK_DAYS = 84
# Which findings a day tag may explain, by the rule code's first part. A finding whose
# days carry such a tag says so: a short night on a travel day is the travel.
TAG_EXPLAINS = {
    "ill": ("sleep", "wellness", "physiology", "soreness", "fatigue", "nutrition", "hydration"),
    "travel": ("sleep", "wellness", "physiology", "fatigue"),
    "alcohol": ("sleep", "physiology", "hydration", "wellness"),
    "heat": ("physiology", "hydration", "sleep"),
    "period": ("wellness", "physiology", "soreness", "sleep"),
}
TAG_WINDOW_DAYS = 3


# ---------------------------------------------------------------- schema


@dataclass(frozen=True, slots=True)
class Param:
    """One tunable number of a rule. `kind` is int or float."""

    name: str
    default: float
    min: float
    max: float
    unit: str = ""
    help: str = ""
    kind: type = float


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule's check found; `escalate` asks for the rule's alert level."""

    message: str
    evidence: tuple[Evidence, ...]
    escalate: bool = False


Check = Callable[["RuleContext", dict[str, float]], Hit | None]
Coverage = Callable[["RuleContext", dict[str, float]], int]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    title: str
    severity: str
    params: tuple[Param, ...]
    min_days: int
    data_note: str
    source: str
    check: Check
    coverage: Coverage
    required: Callable[[dict[str, float]], int] | None = None

    @property
    def guidance_slug(self) -> str:
        return self.code.replace(".", "-").replace("_", "-")

    def days_needed(self, ctx: RuleContext) -> int:
        """How many more days of data the rule needs before it can speak (0 = ready)."""
        return ctx.outcome(self)[0]

    def evaluate(self, ctx: RuleContext) -> Finding | None:
        """The finding for ctx's day, or None (also None when disabled or short of data)."""
        if not ctx.enabled(self.code):
            return None
        needed, hit = ctx.outcome(self)
        if needed or hit is None:
            return None
        override = ctx.severity_override(self.code)
        # A configured severity is used as-is; the built-in alert escalation applies
        # only while the severity is left at the rule's default.
        severity = override or ("alert" if hit.escalate else self.severity)
        message, evidence = hit.message, hit.evidence
        tags = ctx.explaining_tags(self.code)
        if tags:
            named = ", ".join(tags)
            message += f" Your tags ({named}) in the last {TAG_WINDOW_DAYS} days may explain this."
            evidence = (*evidence, Evidence(f"tagged in the last {TAG_WINDOW_DAYS} days", named))
        return Finding(
            code=self.code,
            title=self.title,
            severity=severity,
            message=message,
            evidence=evidence,
            guidance_slug=self.guidance_slug,
            day=ctx.day,
        )


# ---------------------------------------------------------------- parameters


def _param_range_message(param: Param) -> str:
    unit = f" {param.unit}" if param.unit else ""
    lo, hi = f"{param.min:g}", f"{param.max:g}"
    if math.isinf(param.max):
        return f"must be {lo} or more{unit}"
    return f"must be between {lo} and {hi}{unit}"


def _clean_value(param: Param, raw: object) -> tuple[float | int | None, str | None]:
    if isinstance(raw, bool):
        return None, "must be a number"
    if isinstance(raw, str):
        text = raw.strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None, "must be a number"
    elif isinstance(raw, int | float):
        value = float(raw)
    else:
        return None, "must be a number"
    if not math.isfinite(value):
        return None, "must be a finite number"
    if param.kind is int:
        if value != int(value):
            return None, "must be a whole number"
        value = int(value)
    if value < param.min or value > param.max:
        return None, _param_range_message(param)
    return value, None


def validate_params(code: str, raw: Mapping[str, object]) -> tuple[dict, dict[str, str]]:
    """Check parameter overrides against a rule's schema.

    Returns (cleaned values by name, error messages by name). Empty values (None or "")
    mean "use the default" and are left out. An unknown rule is reported under "__all__".
    """
    rule = REGISTRY.get(code)
    if rule is None:
        return {}, {NON_FIELD: f"unknown rule '{code}'"}
    schema = {p.name: p for p in rule.params}
    cleaned: dict[str, float | int] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        param = schema.get(name)
        if param is None:
            errors[name] = f"unknown parameter '{name}'"
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        clean, error = _clean_value(param, value)
        if error is not None:
            errors[name] = error
        else:
            cleaned[name] = clean
    return cleaned, errors


def rule_defaults(code: str) -> dict[str, float]:
    """The default parameters of a rule (KeyError for an unknown code)."""
    return {p.name: p.default for p in REGISTRY[code].params}


# ---------------------------------------------------------------- context


class RuleContext:
    """What a rule may read: the days up to the evaluated day and the metrics."""

    __slots__ = (
        "series",
        "t",
        "metrics",
        "athlete",
        "days",
        "day",
        "_configs",
        "_params",
        "_outcomes",
    )

    def __init__(
        self,
        series: Series,
        t: int,
        metrics: DayMetrics,
        rule_configs: Mapping[str, RuleConfig],
    ) -> None:
        self.series = series
        self.t = t
        self.metrics = metrics
        self.athlete: AthleteProfile = series.athlete
        self.days = series.days
        self.day: date = series.days[t].day
        self._configs = rule_configs
        self._params: dict[str, dict[str, float]] = {}
        self._outcomes: dict[str, tuple[int, Hit | None]] = {}

    def enabled(self, code: str) -> bool:
        config = self._configs.get(code)
        return config is None or bool(config.enabled)

    def severity_override(self, code: str) -> str | None:
        config = self._configs.get(code)
        if config is None or config.severity not in SEVERITIES:
            return None
        return config.severity

    def params(self, code: str) -> dict[str, float]:
        """Defaults merged with the valid overrides from the rule's config."""
        cached = self._params.get(code)
        if cached is None:
            cached = rule_defaults(code)
            config = self._configs.get(code)
            if config is not None and config.params:
                cleaned, _ = validate_params(code, config.params)
                cached.update(cleaned)
            self._params[code] = cached
        return cached

    def explaining_tags(self, code: str) -> list[str]:
        """The tags of the last few days that may explain a finding of this rule."""
        family = code.split(".", 1)[0]
        found: list[str] = []
        for i in self.indices(TAG_WINDOW_DAYS):
            for tag in self.days[i].tags:
                if family in TAG_EXPLAINS.get(tag, ()) and tag not in found:
                    found.append(tag)
        return found

    def outcome(self, rule: Rule) -> tuple[int, Hit | None]:
        """(days still needed, hit) for a rule, computed once per context."""
        cached = self._outcomes.get(rule.code)
        if cached is None:
            p = self.params(rule.code)
            required = rule.required(p) if rule.required else rule.min_days
            needed = max(0, required - rule.coverage(self, p))
            cached = (needed, None if needed else rule.check(self, p))
            self._outcomes[rule.code] = cached
        return cached

    def indices(self, n: int, end: int | None = None) -> range:
        """Indices of the n days ending on `end` (default: the evaluated day)."""
        end = self.t if end is None else end
        return range(max(0, end - n + 1), end + 1)

    def record(self, i: int) -> DayRecord | None:
        return self.days[i] if 0 <= i <= self.t else None

    def nights(self, n: int = RECENT_DAYS) -> list[tuple[int, Sleep]]:
        """Logged nights among the last n days, oldest first."""
        days = self.days
        return [(i, days[i].sleep) for i in self.indices(n) if days[i].sleep is not None]

    def completed_days(self, n: int = RECENT_DAYS) -> range:
        """The n days before the evaluated day: complete, unlike a day still in progress."""
        return self.indices(n, self.t - 1)

    def clock(self, moment: datetime) -> str:
        local = moment.astimezone(self.series.zone)
        return f"{local:%H:%M}"


# ---------------------------------------------------------------- formatting


def _r(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def _fmt(value: float, limit: float, digits: int = 1) -> str:
    """`value` with enough decimals (up to 3) that it never prints equal to `limit`."""
    for d in range(digits, 4):
        text = f"{value:.{d}f}"
        if float(text) != limit:
            return text
    return f"{value:.3f}"


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _clock_label(minutes: float) -> str:
    m = int(round(minutes)) % int(MINUTES_PER_DAY)
    return f"{m // 60:02d}:{m % 60:02d}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------- coverage helpers


def _nights_logged(ctx: RuleContext, p: dict[str, float]) -> int:
    return len(ctx.nights())


def _meal_days(ctx: RuleContext, p: dict[str, float]) -> int:
    return sum(1 for i in ctx.completed_days() if ctx.days[i].meals)


def _water_days(ctx: RuleContext, p: dict[str, float]) -> int:
    return sum(1 for i in ctx.completed_days() if water_ml(ctx.days[i]) is not None)


def _history(ctx: RuleContext, p: dict[str, float]) -> int:
    return ctx.series.history_days(ctx.t)


def _checkins(n: int) -> Coverage:
    def count(ctx: RuleContext, p: dict[str, float]) -> int:
        return sum(1 for i in ctx.indices(n) if ctx.days[i].checkin is not None)

    return count


def _last_logged(indices: range, n: int, logged: Callable[[int], bool]) -> list[int]:
    """The last n indices in `indices` for which `logged` is true, oldest first."""
    picked = [i for i in indices if logged(i)]
    return picked[-n:]


# ---------------------------------------------------------------- sleep


def _sleep_short(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    nights = [sleep for _, sleep in ctx.nights()][-3:]
    if len(nights) < 3:
        return None
    mean_h = sum(n.duration_h for n in nights) / len(nights)
    target = ctx.athlete.sleep_target_h
    if mean_h >= target:
        return None
    alert_below = p["alert_below_h"]
    escalate = mean_h < alert_below
    message = (
        f"Your last 3 nights averaged {_fmt(mean_h, target)} h against your {target:g} h target."
    )
    if escalate:
        message += f" That is under {alert_below:g} h."
    message += (
        " Consider an earlier bedtime for the next few nights and keeping"
        " today's training on the easy side if you feel flat."
    )
    evidence = [Evidence("mean sleep, last 3 nights", _r(mean_h), "h", threshold=target)]
    if escalate:
        evidence.append(Evidence("alert below", _r(mean_h), "h", threshold=alert_below))
    return Hit(message, tuple(evidence), escalate)


def _sleep_debt(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    nights = [sleep for _, sleep in ctx.nights()]
    target = ctx.athlete.sleep_target_h
    debt = sum(max(0.0, target - n.duration_h) for n in nights)
    limit = p["debt_h"]
    if not nights or debt <= limit:
        return None
    message = (
        f"Over the last {_plural(len(nights), 'logged night')} you slept {_fmt(debt, limit)} h"
        f" less in total than your {target:g} h target. Consider protecting a longer sleep"
        " window for a few nights before adding training."
    )
    return Hit(
        message,
        (
            Evidence("sleep debt, last 7 nights", _r(debt), "h", threshold=limit),
            Evidence("nights logged", len(nights), "nights"),
            Evidence("sleep target", target, "h"),
        ),
    )


def _sleep_irregular(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    nights = ctx.nights()
    bedtimes = [local_clock_min(sleep.bedtime, ctx.series.zone) for _, sleep in nights]
    sd_min = circular_sd_min(bedtimes)
    limit = p["sd_min"]
    if sd_min is None or sd_min <= limit:
        return None
    mean_min = circular_mean_min(bedtimes)
    mean_label = _clock_label(mean_min) if mean_min is not None else None
    message = (
        f"Your bedtimes over the last {len(nights)} nights varied by {_fmt(sd_min, limit, 0)} min"
        f" (standard deviation), more than {limit:g} min."
        " Consider going to bed at a similar time each night, within about an hour."
    )
    return Hit(
        message,
        (
            Evidence("bedtime variability, last 7 nights", _r(sd_min, 1), "min", threshold=limit),
            Evidence("usual bedtime", mean_label),
        ),
    )


def _sleep_late_meal(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    min_kcal = p["kcal"]
    window = timedelta(hours=p["hours_before"])
    late_nights = 0
    largest = 0.0
    for i, sleep in ctx.nights():
        bedtime = sleep.bedtime
        heavy = [
            meal.kcal
            for j in (i - 1, i)
            if (record := ctx.record(j)) is not None
            for meal in record.meals
            if meal.kcal >= min_kcal and bedtime - window <= meal.time <= bedtime
        ]
        if heavy:
            late_nights += 1
            largest = max(largest, max(heavy))
    needed = int(p["nights"])
    if late_nights < needed:
        return None
    message = (
        f"A meal of {min_kcal:.0f} kcal or more was logged within {p['hours_before']:g} h"
        f" before bedtime on {late_nights} of the last 7 nights. Consider having the larger"
        " meal earlier in the evening and a lighter snack closer to bed."
    )
    return Hit(
        message,
        (
            Evidence("nights with a large late meal", late_nights, "nights", threshold=needed),
            Evidence("largest late meal", _r(largest, 0), "kcal", threshold=min_kcal),
        ),
    )


def _sleep_late_caffeine(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    sleep = ctx.days[ctx.t].sleep
    if sleep is None:
        return None
    bedtime = sleep.bedtime
    limit = timedelta(hours=p["hours_before"])
    latest = None
    for j in (ctx.t - 1, ctx.t):
        record = ctx.record(j)
        if record is None:
            continue
        for intake in record.intakes:
            if intake.category != "caffeine":
                continue
            gap = bedtime - intake.time
            if timedelta(0) <= gap < limit and (latest is None or intake.time > latest.time):
                latest = intake
    if latest is None:
        return None
    gap_h = (bedtime - latest.time).total_seconds() / 3600.0
    name = f" ({latest.name})" if latest.name else ""
    message = (
        f"Caffeine{name} was logged at {ctx.clock(latest.time)}, {gap_h:.1f} h before last"
        f" night's bedtime of {ctx.clock(bedtime)}. Consider keeping caffeine to earlier in"
        " the day and noticing whether your sleep changes."
    )
    return Hit(
        message,
        (
            Evidence("caffeine before bedtime", _r(gap_h), "h", threshold=p["hours_before"]),
            Evidence("last night's sleep", _r(sleep.duration_h), "h"),
        ),
    )


# ---------------------------------------------------------------- nutrition and hydration


def _protein_low(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    picked = _last_logged(ctx.completed_days(), 3, lambda i: bool(ctx.days[i].meals))
    if len(picked) < 3:
        return None
    per_day = []
    for i in picked:
        record = ctx.days[i]
        mass = body_mass_on(record, ctx.athlete)
        if mass is None:
            return None
        per_day.append(sum(m.protein_g for m in record.meals) / mass)
    mean = sum(per_day) / len(per_day)
    target = ctx.athlete.protein_target_g_per_kg
    threshold = target * p["fraction_of_target"]
    if mean >= threshold:
        return None
    message = (
        f"Your protein over the last 3 logged days averaged {_fmt(mean, threshold)} g/kg against"
        f" your {target:g} g/kg target. Consider including a protein source at each meal."
    )
    return Hit(
        message,
        (
            Evidence(
                "mean protein, last 3 logged days", _r(mean), "g/kg/day", threshold=_r(threshold)
            ),
        ),
    )


def _is_training_day(record: DayRecord) -> bool:
    return any(s.kind != "active_recovery" and s.rpe * s.duration_min > 0 for s in record.sessions)


def _under_fueled(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    picked = _last_logged(ctx.completed_days(), 3, lambda i: bool(ctx.days[i].meals))
    if len(picked) < 3:
        return None
    parts: list[str] = []
    evidence: list[Evidence] = []
    target = ctx.athlete.kcal_target
    if ctx.athlete.goal == "gain_muscle" and target:
        mean_kcal = sum(sum(m.kcal for m in ctx.days[i].meals) for i in picked) / len(picked)
        threshold = target * p["kcal_fraction"]
        if mean_kcal < threshold:
            parts.append(
                "Your intake over the last 3 logged days averaged"
                f" {_fmt(mean_kcal, threshold, 0)} kcal against your {target} kcal target,"
                " with a goal of gaining muscle."
            )
            evidence.append(
                Evidence(
                    "mean intake, last 3 logged days",
                    _r(mean_kcal, 0),
                    "kcal/day",
                    threshold=_r(threshold, 0),
                )
            )
    min_meals = int(p["min_meals"])
    for i in reversed(picked):
        record = ctx.days[i]
        if _is_training_day(record) and len(record.meals) < min_meals:
            parts.append(
                f"On {_day_label(record.day)} you trained and logged"
                f" {_plural(len(record.meals), 'meal')}."
            )
            evidence.append(
                Evidence(
                    f"meals on {record.day.isoformat()} (training day)",
                    len(record.meals),
                    "meals",
                    threshold=min_meals,
                )
            )
            break
    if not parts:
        return None
    advice = []
    if len(parts) > 1 or not parts[0].startswith("On "):
        advice.append("adding a meal or a snack around training")
    if parts[-1].startswith("On "):
        advice.append(f"at least {min_meals} meals on training days, one of them after training")
    message = " ".join(parts) + " Consider " + " and ".join(advice) + "."
    return Hit(message, tuple(evidence))


def _hydration_low(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    picked = _last_logged(ctx.completed_days(), 3, lambda i: water_ml(ctx.days[i]) is not None)
    if len(picked) < 3:
        return None
    per_kg: list[float] = []
    totals: list[float] = []
    for i in picked:
        record = ctx.days[i]
        mass = body_mass_on(record, ctx.athlete)
        water = water_ml(record)
        if mass is None or water is None:
            return None
        per_kg.append(water / mass)
        totals.append(water)
    mean = sum(per_kg) / len(per_kg)
    target = ctx.athlete.water_target_ml_per_kg
    threshold = target * p["fraction_of_target"]
    if mean >= threshold:
        return None
    mean_ml = sum(totals) / len(totals)
    message = (
        f"Your logged water over the last 3 days averaged {_fmt(mean, threshold)} ml/kg"
        f" ({mean_ml:.0f} ml a day) against your {target:g} ml/kg target."
        " Consider keeping a bottle to hand, especially around training."
    )
    return Hit(
        message,
        (
            Evidence(
                "mean water, last 3 logged days",
                _r(mean, 1),
                "ml/kg/day",
                threshold=_r(threshold, 1),
            ),
            Evidence("mean water per day", _r(mean_ml, 0), "ml"),
        ),
    )


# ---------------------------------------------------------------- load


def _load_spike(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    ratio = ctx.metrics.load_ratio
    limit = p["ratio"]
    if ratio is None or ratio <= limit:
        return None
    escalate = ratio > p["alert_ratio"]
    low, high = LOAD_RATIO_REFERENCE_BAND
    message = (
        f"Your recent load is {_fmt(ratio, limit, 2)} times your usual (7-day against"
        f" 28-day weighted average). Rebound flags a ratio above {limit:g}: a fixed line, the"
        " same for everyone, not a range worked out from your own history. The published"
        f" reference band is {low:g}-{high:g} (Gabbett 2016). This is a load spike versus"
        " your usual, not a prediction. Consider building up more gradually over the next"
        " days."
    )
    evidence = [
        Evidence("load ratio", _r(ratio, 3), "x", threshold=limit, baseline=1.0),
        Evidence(
            "recent load (7-day weighted)",
            _r(ctx.metrics.acute_load, 0),
            "AU/day",
            baseline=_r(ctx.metrics.chronic_load, 0),
        ),
    ]
    if escalate:
        evidence.append(Evidence("alert above", _r(ratio, 3), "x", threshold=p["alert_ratio"]))
    return Hit(message, tuple(evidence), escalate)


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
        f"Your training load this week was much the same day to day (monotony"
        f" {_fmt(m.monotony, limit)}, above {limit:g}) and heavier than your 4-week mean"
        f" ({m.weekly_load:.0f} against {four_week_mean:.0f} AU). Consider alternating"
        " harder and easier days, with a rest day in the week."
    )
    return Hit(
        message,
        (
            Evidence("monotony, last 7 days", _r(m.monotony), "", threshold=limit),
            Evidence("weekly load", _r(m.weekly_load, 0), "AU", baseline=_r(four_week_mean, 0)),
            Evidence("strain", _r(m.strain, 0), "AU"),
        ),
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
        f"You trained {streak} days in a row without a rest day (an active-recovery"
        " session does not count as training). Consider a rest day or an active-recovery"
        " day soon."
    )
    return Hit(
        message,
        (Evidence("training days in a row", streak, "days", threshold=limit),),
    )


def _deload_required(p: dict[str, float]) -> int:
    return (int(p["weeks"]) + DELOAD_BASELINE_WEEKS) * 7


def _weeks_without_lighter(ctx: RuleContext, p: dict[str, float]) -> tuple[int, float, float]:
    """(rolling weeks in a row with no lighter week, this week's load, its 4-week mean)."""
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
        f"{run} weeks of training in a row without a lighter week (one under {pct:.0f} % of"
        " the mean of the 4 weeks before it). Consider planning a lighter week soon."
    )
    evidence = [
        Evidence("weeks without a lighter week", run, "weeks", threshold=limit),
        Evidence("this week's load", _r(this_week, 0), "AU", baseline=_r(previous_mean, 0)),
    ]
    if escalate:
        evidence.append(Evidence("alert at", run, "weeks", threshold=int(p["alert_weeks"])))
    return Hit(message, tuple(evidence), escalate)


# ---------------------------------------------------------------- wellness and soreness


def _stress_high(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    of_last = int(p["of_last"])
    picked = _last_logged(
        ctx.indices(STRESS_LOOKBACK_DAYS), of_last, lambda i: ctx.days[i].checkin is not None
    )
    if len(picked) < of_last:
        return None
    level = int(p["stress"])
    high = sum(1 for i in picked if ctx.days[i].checkin.stress >= level)
    needed = int(p["count"])
    if high < needed:
        return None
    message = (
        f"Stress was {level} or more (on 1-7) on {high} of your last {len(picked)}"
        " check-ins. Consider what could be eased this week and keeping some sessions"
        " easy; if it goes on, talk it over with someone you trust or a clinician."
    )
    latest = ctx.days[picked[-1]].checkin.stress
    return Hit(
        message,
        (
            Evidence(f"check-ins with stress {level} or more", high, "", threshold=needed),
            Evidence("latest stress", latest, "/7", threshold=level),
        ),
    )


def _hooper_baseline_checkins(ctx: RuleContext, p: dict[str, float]) -> int:
    run_start = ctx.t - int(p["days"]) + 1
    series = ctx.series
    a = max(0, run_start - HOOPER_BASELINE_DAYS)
    b = max(0, run_start)
    return series.hooper_base.base_cnt[b] - series.hooper_base.base_cnt[a]


def _hooper_high(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    run_days = int(p["days"])
    run = list(ctx.indices(run_days))
    if len(run) < run_days:
        return None
    hooper = ctx.series.hooper
    values = [hooper[i] for i in run]
    if any(v is None for v in values):
        return None
    baseline = ctx.series.hooper_base.baseline(run[0] - HOOPER_BASELINE_DAYS, run[0] - 1)
    if baseline is None or baseline[0] < HOOPER_MIN_BASELINE:
        return None
    _, mean, sd = baseline
    sd_used = max(sd, p["min_sd"])
    if sd_used <= 0:
        return None
    z_values = [(v - mean) / sd_used for v in values]
    z_min = min(z_values)
    if z_min < p["z"]:
        return None
    escalate = z_min >= p["alert_z"]
    today = values[-1]
    spread = f"{min(values)}" if min(values) == max(values) else f"{min(values)}-{max(values)}"
    message = (
        f"Your Hooper score (sleep, fatigue, stress and soreness; higher is worse) has been"
        f" {spread} for {run_days} days, at least {_fmt(z_min, p['z'], 2)} SD above"
        f" your usual {mean:.1f} (SD {sd:.1f}). Consider an easier day, an earlier night"
        " and a look at what is weighing on you"
    )
    message += "; if it goes on, speak to a clinician." if escalate else "."
    evidence = [
        Evidence(
            "Hooper today", today, "", threshold=_r(mean + p["z"] * sd_used), baseline=_r(mean)
        ),
        Evidence("lowest z-score of the run", _r(z_min), "SD", threshold=p["z"]),
        Evidence("baseline SD", _r(sd), "", threshold=p["min_sd"]),
    ]
    if escalate:
        evidence.append(Evidence("alert at", _r(z_min), "SD", threshold=p["alert_z"]))
    return Hit(message, tuple(evidence), escalate)


def _physiology_nights(ctx: RuleContext, p: dict[str, float]) -> int:
    """Nights with HRV or resting HR in the 60 days before the last `of_days` days."""
    series = ctx.series
    end = ctx.t - int(p["of_days"])
    start = end - PHYSIOLOGY_BASELINE_DAYS + 1
    method = ctx.metrics.hrv_method or "rMSSD"
    hrv = series.hrv[method].baseline(start, end)
    rest = series.resting_hr.baseline(start, end)
    return max(hrv[0] if hrv else 0, rest[0] if rest else 0)


def _hrv_suppressed(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    """HRV's 7-day mean under the athlete's normal range, or resting HR well over its
    baseline, on `days` of the last `of_days` days. Each day is judged against the 60 days
    before it (tagged days left out)."""
    series = ctx.series
    method = ctx.metrics.hrv_method or "rMSSD"
    stats = series.hrv[method]
    low_days = high_days = 0
    low_seen = high_seen = None
    for i in ctx.indices(int(p["of_days"])):
        base_from = i - PHYSIOLOGY_BASELINE_DAYS
        baseline = stats.baseline(base_from, i - 1)
        nights, rolling = stats.mean(i - HRV_ROLLING_DAYS + 1, i)
        if baseline and baseline[0] >= PHYSIOLOGY_BASELINE_MIN and nights >= HRV_ROLLING_MIN:
            _, mean, sd = baseline
            floor = mean - p["swc_sd"] * max(sd, HRV_LN_SD_FLOOR)
            if rolling < floor:
                low_days += 1
                low_seen = (math.exp(rolling), math.exp(mean), math.exp(floor))
        night = ctx.days[i].sleep
        rest = series.resting_hr.baseline(base_from, i - 1)
        if night and night.resting_hr and rest and rest[0] >= PHYSIOLOGY_BASELINE_MIN:
            _, mean, sd = rest
            limit = mean + max(p["rhr_rise_bpm"], 2 * max(sd, RESTING_HR_SD_FLOOR))
            if night.resting_hr >= limit:
                high_days += 1
                high_seen = (night.resting_hr, mean, limit)
    needed = int(p["days"])
    if low_days < needed and high_days < needed:
        return None
    evidence = []
    said = []
    if low_days >= needed:
        value, usual, floor = low_seen
        said.append(
            f"your HRV ({method}) has averaged {value:.0f} ms over the last week, under your"
            f" normal range (from {floor:.0f} ms; usual {usual:.0f} ms), on {low_days} of"
            f" the last {int(p['of_days'])} days"
        )
        evidence += [
            Evidence(
                f"HRV 7-day mean ({method})",
                _r(value),
                "ms",
                threshold=_r(floor),
                baseline=_r(usual),
            ),
            Evidence("days under the normal range", low_days, "", threshold=needed),
        ]
    if high_days >= needed:
        value, usual, limit = high_seen
        said.append(
            f"your resting heart rate was {value} bpm, well over your usual {usual:.0f} bpm,"
            f" on {high_days} of the last {int(p['of_days'])} days"
        )
        evidence += [
            Evidence("resting HR", value, "bpm", threshold=_r(limit), baseline=_r(usual)),
            Evidence("days well over baseline", high_days, "", threshold=needed),
        ]
    found = " and ".join(said)
    message = (
        found[0].upper() + found[1:] + ". This often goes with hard training, short sleep,"
        " stress, alcohol or a cold coming on. Consider an easier session or a rest day, and"
        " an early night; if you also feel unwell, consider skipping hard training and"
        " speaking to a clinician if it goes on."
    )
    return Hit(message, tuple(evidence))


def area_label(code: str) -> str:
    """A sore area as the check-in names it, for use inside a sentence: "lower_back" gives
    "lower back" (journal.models.MUSCLE_GROUPS labels, lower-cased; a test keeps them equal)."""
    return code.replace("_", " ")


def _areas(areas: tuple[str, ...]) -> str:
    """The sore areas in words: "quads", "quads and lower back", "chest, back and core"."""
    if not areas:
        return "the sore muscles"
    names = [area_label(code) for code in areas]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _training_days_in_window(ctx: RuleContext, p: dict[str, float]) -> int:
    return sum(1 for i in ctx.indices(DOMS_WINDOW_DAYS) if ctx.days[i].sessions)


def _soreness_doms(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    checkin = ctx.days[ctx.t].checkin
    level = int(p["soreness"])
    if checkin is None or checkin.soreness < level:
        return None
    session_loads = [
        s.rpe * s.duration_min for i in ctx.indices(DOMS_WINDOW_DAYS) for s in ctx.days[i].sessions
    ]
    hard = percentile(session_loads, p["percentile"])
    if hard is None or hard <= 0:
        return None
    for back in (1, 2, 3):
        record = ctx.record(ctx.t - back)
        if record is None:
            continue
        loads = [s.rpe * s.duration_min for s in record.sessions]
        if loads and max(loads) >= hard:
            top = max(loads)
            message = (
                f"Soreness {checkin.soreness}/7 {_plural(back, 'day')} after a hard session"
                f" ({top:.0f} AU on {_day_label(record.day)}; your"
                f" {p['percentile']:g}th percentile is {hard:.0f} AU). Soreness one to"
                " three days after a hard session is usually an expected response to the work."
                f" Consider active recovery for {_areas(checkin.sore_areas)}: easy movement,"
                " mobility work and sleep."
            )
            return Hit(
                message,
                (
                    Evidence("soreness", checkin.soreness, "/7", threshold=level),
                    Evidence("hard session load", _r(top, 0), "AU", threshold=_r(hard, 0)),
                    Evidence("days since the session", back, "days"),
                ),
            )
    return None


def _persistent_window(p: dict[str, float]) -> int:
    return max(RECENT_DAYS, int(p["days"]))


def _soreness_persistent(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    run_days = int(p["days"])
    level = int(p["soreness"])
    run = list(ctx.indices(run_days))
    if len(run) < run_days:
        return None
    checkins = [ctx.days[i].checkin for i in run]
    if any(c is None or c.soreness < level for c in checkins):
        return None
    today = checkins[-1]
    message = (
        f"Muscle soreness has been {level} or more (on 1-7) for {run_days} days in a row"
        f" (today {today.soreness}/7). Consider easier sessions for {_areas(today.sore_areas)};"
        " if it goes on or gets worse, speak to a physiotherapist or a clinician."
    )
    return Hit(
        message,
        (
            Evidence(
                f"days in a row with soreness {level} or more", run_days, "days", threshold=run_days
            ),
            Evidence("soreness today", today.soreness, "/7", threshold=level),
        ),
    )


# ---------------------------------------------------------------- strength


def _strength_plateau(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    per_week = int(p["sessions_per_week"])
    # best[lift][k] and sessions[lift][k] for rolling week k (0 = the week ending today)
    best: dict[str, list[float]] = {}
    sessions: dict[str, list[int]] = {}
    t = ctx.t
    if t - 7 * PLATEAU_WEEKS + 1 < 0:
        return None
    for k in range(PLATEAU_WEEKS):
        for i in range(t - 7 * k - 6, t - 7 * k + 1):
            for lift, e1rm in ctx.days[i].e1rm_by_lift.items():
                if e1rm is None or e1rm <= 0:
                    continue
                if lift not in best:
                    best[lift] = [0.0] * PLATEAU_WEEKS
                    sessions[lift] = [0] * PLATEAU_WEEKS
                sessions[lift][k] += 1
                if e1rm > best[lift][k]:
                    best[lift][k] = e1rm
    min_gain = p["min_gain_pct"]
    stalled: list[tuple[str, float, float, float]] = []
    for lift in sorted(best):
        if min(sessions[lift]) < per_week:
            continue
        first, last = best[lift][-1], best[lift][0]
        gain_pct = (last / first - 1.0) * 100.0
        if gain_pct < min_gain:
            stalled.append((lift, first, last, gain_pct))
    if not stalled:
        return None
    details = "; ".join(
        f"{lift} {first:.1f} to {last:.1f} kg ({gain:+.1f} %)"
        for lift, first, last, gain in stalled
    )
    message = (
        f"Your best estimated 1RM changed by less than {min_gain:g} % over 4 weeks while"
        f" training the lift at least {per_week} times a week: {details}. Consider changing"
        " the rep range or the variation, or checking sleep and food, before adding volume."
    )
    evidence = tuple(
        Evidence(
            f"{lift} e1RM change over 4 weeks",
            _r(gain, 1),
            "%",
            threshold=min_gain,
            baseline=_r(first, 1),
        )
        for lift, first, _, gain in stalled
    )
    return Hit(message, evidence)


# ---------------------------------------------------------------- fatigue


def _sign(ctx: RuleContext, code: str) -> Hit | None:
    needed, hit = ctx.outcome(REGISTRY[code])
    return None if needed else hit


def _fatigue_accumulated(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    signs: list[tuple[str, Evidence]] = []
    if _sign(ctx, "soreness.persistent") is not None:
        soreness = ctx.days[ctx.t].checkin.soreness
        signs.append(("persistent soreness", Evidence("persistent soreness", soreness, "/7")))
    plateau = _sign(ctx, "strength.plateau")
    if plateau is not None:
        signs.append(
            ("a strength plateau", Evidence("strength plateau", plateau.evidence[0].value, "%"))
        )
    energy_days = int(p["low_energy_days"])
    energy_max = int(p["low_energy"])
    run = list(ctx.indices(energy_days))
    energies = [ctx.days[i].checkin.energy if ctx.days[i].checkin else None for i in run]
    if len(run) == energy_days and all(e is not None and e <= energy_max for e in energies):
        signs.append(
            (
                f"energy {energy_max} or less for {energy_days} days",
                Evidence("low energy, days in a row", energy_days, "days", threshold=energy_days),
            )
        )
    short = _sign(ctx, "sleep.short")
    if short is not None:
        signs.append(
            ("short sleep", Evidence("mean sleep, last 3 nights", short.evidence[0].value, "h"))
        )
    stress = _sign(ctx, "wellness.stress_high")
    if stress is not None:
        signs.append(
            ("high stress", Evidence("check-ins with high stress", stress.evidence[0].value))
        )
    needed = int(p["signs"])
    if len(signs) < needed:
        return None
    names = ", ".join(name for name, _ in signs)
    message = (
        f"Several signs of accumulated fatigue together ({len(signs)} of 5: {names})."
        " Consider an easier few days; if it goes on, speak to a clinician."
    )
    evidence = (Evidence("signs present", len(signs), "of 5", threshold=needed),) + tuple(
        e for _, e in signs
    )
    return Hit(message, evidence)


# ---------------------------------------------------------------- registry

_RULES = (
    Rule(
        code="sleep.short",
        title="Short sleep",
        severity="caution",
        params=(
            Param("alert_below_h", 6.0, 0.0, 12.0, "h", "3-night mean below this is an alert"),
        ),
        min_days=3,
        data_note="nights logged in the last 7 days",
        source="Hirshkowitz et al. 2015 (National Sleep Foundation: 7-9 h for adults)",
        check=_sleep_short,
        coverage=_nights_logged,
    ),
    Rule(
        code="sleep.debt",
        title="Sleep debt",
        severity="caution",
        params=(Param("debt_h", 5.0, 0.0, 40.0, "h", "7-night sleep debt above this fires"),),
        min_days=3,
        data_note="nights logged in the last 7 days",
        source="Van Dongen et al. 2003 (cumulative cost of restricted sleep)",
        check=_sleep_debt,
        coverage=_nights_logged,
    ),
    Rule(
        code="sleep.irregular",
        title="Irregular bedtimes",
        severity="caution",
        params=(Param("sd_min", 60.0, 0.0, 720.0, "min", "bedtime circular SD above this fires"),),
        min_days=5,
        data_note="nights logged in the last 7 days",
        source="Phillips et al. 2017 (irregular sleep schedules); Fisher 1993 (circular SD)",
        check=_sleep_irregular,
        coverage=_nights_logged,
    ),
    Rule(
        code="sleep.late_meal",
        title="Large meals close to bedtime",
        severity="info",
        params=(
            Param("kcal", 800.0, 0.0, 5000.0, "kcal", "a meal this large or larger counts"),
            Param("hours_before", 2.0, 0.0, 12.0, "h", "counts when this close to bedtime"),
            Param("nights", 2, 1, 7, "nights", "nights of the last 7 needed", int),
        ),
        min_days=2,
        data_note="nights logged in the last 7 days",
        source="Crispim et al. 2011 (food intake close to bedtime and sleep)",
        check=_sleep_late_meal,
        coverage=_nights_logged,
    ),
    Rule(
        code="sleep.late_caffeine",
        title="Caffeine close to bedtime",
        severity="info",
        params=(Param("hours_before", 6.0, 0.0, 24.0, "h", "caffeine closer than this counts"),),
        min_days=1,
        data_note="nights logged in the last 7 days",
        source="Drake et al. 2013 (caffeine 0, 3 or 6 h before bedtime)",
        check=_sleep_late_caffeine,
        coverage=_nights_logged,
    ),
    Rule(
        code="nutrition.protein_low",
        title="Protein below target",
        severity="caution",
        params=(
            Param(
                "fraction_of_target", 1.0, 0.0, 2.0, "x target", "fires below this share of target"
            ),
        ),
        min_days=3,
        data_note="completed days with meals logged in the 7 days before",
        source="Jäger et al. 2017 (ISSN position stand: protein 1.4-2.0 g/kg/day); Thomas,"
        " Erdman & Burke 2016 (ACSM/AND/DC: 1.2-2.0 g/kg/day, which holds the endurance default)",
        check=_protein_low,
        coverage=_meal_days,
    ),
    Rule(
        code="nutrition.under_fueled",
        title="Under-fueled for training",
        severity="caution",
        params=(
            Param(
                "kcal_fraction",
                1.0,
                0.0,
                2.0,
                "x target",
                "fires below this share of the kcal target",
            ),
            Param("min_meals", 2, 1, 8, "meals", "fewest meals on a training day", int),
        ),
        min_days=3,
        data_note="completed days with meals logged in the 7 days before",
        source="Thomas, Erdman & Burke 2016 (ACSM/AND/DC position: nutrition and performance)",
        check=_under_fueled,
        coverage=_meal_days,
    ),
    Rule(
        code="hydration.low",
        title="Water below target",
        severity="caution",
        params=(
            Param(
                "fraction_of_target", 1.0, 0.0, 2.0, "x target", "fires below this share of target"
            ),
        ),
        min_days=3,
        data_note="completed days with water logged in the 7 days before",
        source="EFSA 2010 (dietary reference values for water); Sawka et al. 2007 (ACSM fluids)",
        check=_hydration_low,
        coverage=_water_days,
    ),
    Rule(
        code="load.spike",
        title="Load spike versus your usual",
        severity="caution",
        params=(
            Param("ratio", 1.3, 0.5, 5.0, "x", "load ratio above this fires"),
            Param("alert_ratio", 1.5, 0.5, 5.0, "x", "load ratio above this is an alert"),
        ),
        min_days=28,
        data_note="days of history",
        source="Williams et al. 2017 (EWMA load ratio); Gabbett 2016 (the 0.8-1.3 reference"
        " band); Impellizzeri et al. 2020 (its limits)",
        check=_load_spike,
        coverage=_history,
    ),
    Rule(
        code="load.monotony",
        title="Monotonous training",
        severity="caution",
        params=(Param("monotony", 2.0, 0.0, 10.0, "", "7-day monotony above this fires"),),
        min_days=28,
        data_note="days of history",
        source="Foster 1998 (monotony and strain)",
        check=_load_monotony,
        coverage=_history,
    ),
    Rule(
        code="load.no_rest",
        title="No rest day",
        severity="caution",
        params=(Param("days", 6, 2, 14, "days", "training days in a row that fire", int),),
        min_days=6,
        data_note="days of history",
        source="Kellmann et al. 2018 (recovery and performance in sport: consensus)",
        check=_load_no_rest,
        coverage=_history,
    ),
    Rule(
        code="load.deload_due",
        title="Lighter week due",
        severity="caution",
        params=(
            Param("weeks", 6, 2, 8, "weeks", "weeks without a lighter week that fire", int),
            Param(
                "alert_weeks", 8, 2, 8, "weeks", "weeks without a lighter week for an alert", int
            ),
            Param(
                "lighter_fraction",
                0.6,
                0.0,
                1.0,
                "x mean",
                "a week under this share of the 4 before is lighter",
            ),
        ),
        min_days=70,
        data_note="days of history ((weeks + 4) x 7)",
        source="Rogerson et al. 2024 (deloading practices: a deload every 5.6 ± 2.3 weeks)",
        check=_load_deload_due,
        coverage=_history,
        required=_deload_required,
    ),
    Rule(
        code="wellness.stress_high",
        title="High stress",
        severity="caution",
        params=(
            Param("stress", 5, 1, 7, "/7", "stress at or above this counts", int),
            Param("count", 3, 1, 14, "check-ins", "high-stress check-ins that fire", int),
            Param("of_last", 4, 1, 14, "check-ins", "out of this many recent check-ins", int),
        ),
        min_days=4,
        data_note="check-ins in the last 14 days",
        source="Hooper & Mackinnon 1995; Saw, Main & Gastin 2016 (self-report measures)",
        check=_stress_high,
        coverage=_checkins(STRESS_LOOKBACK_DAYS),
        required=lambda p: int(p["of_last"]),
    ),
    Rule(
        code="wellness.hooper_high",
        title="Wellness worse than usual",
        severity="caution",
        params=(
            Param("z", 1.0, 0.0, 5.0, "SD", "Hooper this far above baseline counts"),
            Param("alert_z", 2.0, 0.0, 5.0, "SD", "this far above baseline is an alert"),
            Param("days", 3, 1, 7, "days", "days in a row that fire", int),
            Param("min_sd", 1.0, 0.0, 10.0, "points", "smallest baseline SD used"),
        ),
        min_days=14,
        data_note="check-ins in the 28 days before the run",
        source="Hooper & Mackinnon 1995 (Hooper index); Saw, Main & Gastin 2016",
        check=_hooper_high,
        coverage=_hooper_baseline_checkins,
    ),
    Rule(
        code="physiology.hrv_suppressed",
        title="HRV low or resting HR high",
        severity="caution",
        params=(
            Param(
                "swc_sd", 0.5, 0.1, 3.0, "SD", "the 7-day HRV mean this far under baseline is low"
            ),
            Param("rhr_rise_bpm", 5, 1, 30, "bpm", "resting HR this far over baseline is high"),
            Param("days", 3, 1, 7, "days", "low or high days that fire", int),
            Param("of_days", 4, 1, 7, "days", "out of this many recent days", int),
        ),
        min_days=PHYSIOLOGY_BASELINE_MIN,
        data_note="nights with HRV or resting HR in the 60 days before",
        source="Plews et al. 2012, 2013 (ln rMSSD, 7-day rolling mean, smallest worthwhile"
        " change); Buchheit 2014 (resting and exercise HR monitoring)",
        check=_hrv_suppressed,
        coverage=_physiology_nights,
        required=lambda p: max(PHYSIOLOGY_BASELINE_MIN, int(p["days"])),
    ),
    Rule(
        code="soreness.doms",
        title="Soreness after hard training",
        severity="info",
        params=(
            Param("soreness", 5, 1, 7, "/7", "soreness at or above this counts", int),
            Param(
                "percentile", 90.0, 50.0, 100.0, "%", "a session at this load percentile is hard"
            ),
        ),
        min_days=10,
        data_note="days with a session in the last 84 days",
        source="Cheung, Hume & Maxwell 2003 (delayed onset muscle soreness); Foster 1998",
        check=_soreness_doms,
        coverage=_training_days_in_window,
    ),
    Rule(
        code="soreness.persistent",
        title="Persistent soreness",
        severity="caution",
        params=(
            Param("soreness", 5, 1, 7, "/7", "soreness at or above this counts", int),
            Param("days", 5, 2, 14, "days", "days in a row that fire", int),
        ),
        min_days=5,
        data_note="check-ins in the last 7 days (or the last `days` days if longer)",
        source="Kellmann et al. 2018 (recovery consensus); Cheung, Hume & Maxwell 2003",
        check=_soreness_persistent,
        coverage=lambda ctx, p: _checkins(_persistent_window(p))(ctx, p),
        required=lambda p: int(p["days"]),
    ),
    Rule(
        code="strength.plateau",
        title="Strength plateau",
        severity="info",
        params=(
            Param("min_gain_pct", 1.0, 0.0, 20.0, "%", "4-week e1RM gain below this fires"),
            Param(
                "sessions_per_week", 2, 1, 7, "sessions", "fewest sessions of the lift a week", int
            ),
        ),
        min_days=28,
        data_note="days of history",
        source="Epley 1985 (e1RM); Kraemer & Ratamess 2004 (progression in resistance training)",
        check=_strength_plateau,
        coverage=_history,
    ),
    Rule(
        code="fatigue.accumulated",
        title="Signs of accumulated fatigue",
        severity="alert",
        params=(
            Param("signs", 3, 1, 5, "signs", "signs present together that fire", int),
            Param("low_energy", 2, 1, 5, "/5", "energy at or below this is low", int),
            Param("low_energy_days", 3, 1, 7, "days", "days in a row of low energy", int),
        ),
        min_days=3,
        data_note="check-ins in the last 7 days",
        source="Kellmann et al. 2018 (recovery consensus); Saw, Main & Gastin 2016",
        check=_fatigue_accumulated,
        coverage=_checkins(RECENT_DAYS),
    ),
)

REGISTRY: dict[str, Rule] = {rule.code: rule for rule in _RULES}

SEVERITY_ORDER = {"alert": 0, "caution": 1, "info": 2}
