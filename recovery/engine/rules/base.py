"""What every rule is built from: its schema (`Param`, `Rule`), what its check may read
(`RuleContext`), the validation of parameter overrides, and small helpers for messages
and for counting the days a rule needs.

A rule reads the days up to the evaluated day and returns a finding or nothing. Each
rule has parameters with defaults (admins and coaches may override them, validated by
`validate_params`), the data it needs before it speaks (`min_days`), a default severity
and a guidance slug. The rules themselves live in one module per domain beside this one;
the package's `__init__` fills `REGISTRY` with them. See docs/rules.md for the catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..i18n import N_, Phrase, english, phrase
from ..metrics import MINUTES_PER_DAY, Series
from ..types import (
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
    """What a rule's check found; `escalate` asks for the rule's alert level. `message` is
    the message's phrases (engine/i18n.py), or plain English."""

    message: str | tuple[Phrase, ...]
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
        phrases = hit.message if isinstance(hit.message, tuple) else ()
        message, evidence = (english(phrases) if phrases else hit.message), hit.evidence
        tags = ctx.explaining_tags(self.code)
        if tags:
            named = ", ".join(tags)
            explained = phrase(
                "Your tags ({tags}) in the last {days} days may explain this.",
                tags=tuple(tags),
                days=TAG_WINDOW_DAYS,
            )
            if phrases:
                phrases = (*phrases, explained)
            message += " " + explained.english()
            evidence = (
                *evidence,
                Evidence.phrased(
                    phrase("tagged in the last {days} days", days=TAG_WINDOW_DAYS), named
                ),
            )
        return Finding(
            code=self.code,
            title=self.title,
            severity=severity,
            message=message,
            evidence=evidence,
            guidance_slug=self.guidance_slug,
            day=ctx.day,
            phrases=phrases,
        )


# ---------------------------------------------------------------- registry

# Every rule by code, in the documented order (docs/rules.md). The package's __init__ fills
# it from the domain modules; the parameter helpers below and RuleContext read it.
REGISTRY: dict[str, Rule] = {}

SEVERITY_ORDER = {"alert": 0, "caution": 1, "info": 2}


# ---------------------------------------------------------------- parameters


def _param_range_message(param: Param) -> str:
    unit = f" {param.unit}" if param.unit else ""
    lo, hi = f"{param.min:g}", f"{param.max:g}"
    if math.isinf(param.max):
        return f"must be {lo} or more{unit}"
    return f"must be between {lo} and {hi}{unit}"


def _clean_value(param: Param, raw: object) -> tuple[float | int | None, str | None]:
    if isinstance(raw, bool):
        return None, N_("must be a number")
    if isinstance(raw, str):
        text = raw.strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None, N_("must be a number")
    elif isinstance(raw, int | float):
        value = float(raw)
    else:
        return None, N_("must be a number")
    if not math.isfinite(value):
        return None, N_("must be a finite number")
    if param.kind is int:
        if value != int(value):
            return None, N_("must be a whole number")
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


def _is_training_day(record: DayRecord) -> bool:
    return any(s.kind != "active_recovery" and s.rpe * s.duration_min > 0 for s in record.sessions)


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
