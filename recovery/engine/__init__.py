"""Rebound's recovery engine: pure Python, no Django, no I/O.

`evaluate(EngineInput, on=None)` gives the metrics, findings and readiness of a day.
"""

from .evaluate import (
    LOOKBACK_DAYS,
    TRENDS_DAYS,
    WINDOW_DAYS,
    evaluate,
    evaluate_days,
    metric_series,
    step_days,
)
from .metrics import epley_e1rm
from .rules import REGISTRY, Param, Rule, RuleContext, rule_defaults, validate_params
from .types import (
    AthleteProfile,
    Carry,
    CheckIn,
    DayMetrics,
    DayRecord,
    EngineInput,
    Evaluation,
    Evidence,
    Finding,
    Intake,
    Meal,
    Pending,
    Readiness,
    ReadinessPart,
    RuleConfig,
    Session,
    Sleep,
)

__all__ = [
    "LOOKBACK_DAYS",
    "REGISTRY",
    "TRENDS_DAYS",
    "WINDOW_DAYS",
    "AthleteProfile",
    "Carry",
    "CheckIn",
    "DayMetrics",
    "DayRecord",
    "EngineInput",
    "Evaluation",
    "Evidence",
    "Finding",
    "Intake",
    "Meal",
    "Param",
    "Pending",
    "Readiness",
    "ReadinessPart",
    "Rule",
    "RuleConfig",
    "RuleContext",
    "Session",
    "Sleep",
    "epley_e1rm",
    "evaluate",
    "evaluate_days",
    "metric_series",
    "rule_defaults",
    "step_days",
    "validate_params",
]
