"""The rule registry, its parameters, and findings from several rules together."""

from datetime import timedelta

import pytest

from recovery.engine import REGISTRY, rule_defaults, validate_params
from tests.recovery.engine.rule_days import END, days, fatigue_days, find, night, run, short_nights

# ---------------------------------------------------------------- registry


def test_registry_is_in_design_table_order():
    # DESIGN's table, with physiology.hrv_suppressed (issue 15) after the wellness rules.
    assert list(REGISTRY) == [
        "sleep.short",
        "sleep.debt",
        "sleep.irregular",
        "sleep.late_meal",
        "sleep.late_caffeine",
        "nutrition.protein_low",
        "nutrition.under_fueled",
        "hydration.low",
        "load.spike",
        "load.monotony",
        "load.no_rest",
        "load.deload_due",
        "wellness.stress_high",
        "wellness.hooper_high",
        "physiology.hrv_suppressed",
        "soreness.doms",
        "soreness.persistent",
        "strength.plateau",
        "fatigue.accumulated",
    ]


def test_registry_shape():
    for code, rule in REGISTRY.items():
        assert rule.code == code
        assert rule.severity in ("info", "caution", "alert")
        assert rule.min_days >= 1
        assert rule.guidance_slug == code.replace(".", "-").replace("_", "-")
        for param in rule.params:
            assert param.min <= param.default <= param.max
            assert param.kind in (int, float)
    assert REGISTRY["sleep.late_meal"].guidance_slug == "sleep-late-meal"
    assert REGISTRY["fatigue.accumulated"].severity == "alert"


# ---------------------------------------------------------------- together


def test_findings_sorted_worst_first_and_wording_is_safe():
    evaluation = run(fatigue_days())
    severities = [f.severity for f in evaluation.findings]
    order = {"alert": 0, "caution": 1, "info": 2}
    assert severities == sorted(severities, key=order.__getitem__)
    codes = [f.code for f in evaluation.findings]
    assert codes[0] == "fatigue.accumulated"
    for finding in evaluation.findings:
        find(evaluation, finding.code)


def test_evaluating_an_earlier_day_ignores_later_days():
    records = short_nights(5.0, n=3) + days(
        2, lambda back, day: {"sleep": night(day, 9)}, end=END + timedelta(days=2)
    )
    assert find(run(records, on=END), "sleep.short") is not None
    assert run(records, on=END).day == END


# ---------------------------------------------------------------- parameters


def test_validate_params_cleans_and_explains():
    cleaned, errors = validate_params("sleep.short", {"alert_below_h": "6.5"})
    assert cleaned == {"alert_below_h": 6.5} and errors == {}
    _, errors = validate_params("sleep.short", {"alert_below_h": -1})
    assert errors == {"alert_below_h": "must be between 0 and 12 h"}
    _, errors = validate_params("sleep.short", {"alert_below_h": "six"})
    assert errors == {"alert_below_h": "must be a number"}
    _, errors = validate_params("sleep.short", {"x": 1})
    assert errors == {"x": "unknown parameter 'x'"}
    _, errors = validate_params("sleep.short", {"alert_below_h": True})
    assert errors == {"alert_below_h": "must be a number"}
    _, errors = validate_params("sleep.short", {"alert_below_h": float("nan")})
    assert errors == {"alert_below_h": "must be a finite number"}


def test_validate_params_whole_numbers_and_empty_values():
    cleaned, errors = validate_params("load.no_rest", {"days": 7.0})
    assert cleaned == {"days": 7} and isinstance(cleaned["days"], int) and not errors
    _, errors = validate_params("load.no_rest", {"days": 6.5})
    assert errors == {"days": "must be a whole number"}
    cleaned, errors = validate_params("load.no_rest", {"days": ""})
    assert cleaned == {} and errors == {}


def test_validate_params_unknown_rule():
    cleaned, errors = validate_params("nope.rule", {"a": 1})
    assert cleaned == {} and errors == {"__all__": "unknown rule 'nope.rule'"}


def test_rule_defaults():
    assert rule_defaults("load.spike") == {"ratio": 1.3, "alert_ratio": 1.5}
    assert rule_defaults("load.deload_due")["weeks"] == 6
    with pytest.raises(KeyError):
        rule_defaults("nope")
