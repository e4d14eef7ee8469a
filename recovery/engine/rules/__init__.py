"""The rule registry: every rule, one module per domain, each rule declared beside its check.

`REGISTRY` holds the rules by code in the documented order (docs/rules.md, DESIGN's
table: sleep, nutrition and hydration, load, wellness, physiology, soreness, strength,
fatigue); pages and the engine list findings and pending rules in this order.
"""

from . import fatigue, load, nutrition, physiology, sleep, soreness, strength, wellness
from .base import (
    LOOKBACK_DAYS,
    NON_FIELD,
    RECENT_DAYS,
    REGISTRY,
    SEVERITY_ORDER,
    TAG_EXPLAINS,
    TAG_WINDOW_DAYS,
    Check,
    Coverage,
    Hit,
    Param,
    Rule,
    RuleContext,
    rule_defaults,
    validate_params,
)
from .soreness import area_label

RULES: tuple[Rule, ...] = (
    *sleep.RULES,
    *nutrition.RULES,
    *load.RULES,
    *wellness.RULES,
    *physiology.RULES,
    *soreness.RULES,
    *strength.RULES,
    *fatigue.RULES,
)
REGISTRY.update((rule.code, rule) for rule in RULES)

__all__ = [
    "LOOKBACK_DAYS",
    "NON_FIELD",
    "RECENT_DAYS",
    "REGISTRY",
    "RULES",
    "SEVERITY_ORDER",
    "TAG_EXPLAINS",
    "TAG_WINDOW_DAYS",
    "Check",
    "Coverage",
    "Hit",
    "Param",
    "Rule",
    "RuleContext",
    "area_label",
    "rule_defaults",
    "validate_params",
]
