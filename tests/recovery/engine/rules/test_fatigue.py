"""The fatigue rule just under and just over its threshold, short of data, and configured."""

from recovery.engine import RuleConfig
from tests.recovery.engine.rule_days import (
    ck,
    days,
    evidence,
    fatigue_days,
    find,
    night,
    pending,
    run,
)

# ---------------------------------------------------------------- fatigue.accumulated


def test_fatigue_accumulated_three_signs():
    finding = find(run(fatigue_days()), "fatigue.accumulated")
    assert finding.severity == "alert"
    assert finding.message.startswith("Several signs of accumulated fatigue together")
    assert "Consider an easier few days; if it goes on, speak to a clinician." in finding.message
    assert evidence(finding, "signs present").value == 3
    assert evidence(finding, "signs present").threshold == 3


def test_fatigue_accumulated_silent_with_two_signs():
    assert find(run(fatigue_days(stress=(1, 1, 1, 1))), "fatigue.accumulated") is None


def test_fatigue_signs_count_even_when_the_sign_rule_is_disabled():
    configs = {"soreness.persistent": RuleConfig(enabled=False)}
    evaluation = run(fatigue_days(), configs=configs)
    assert find(evaluation, "soreness.persistent") is None
    assert find(evaluation, "fatigue.accumulated") is not None


def test_fatigue_accumulated_pending_and_param():
    records = days(5, lambda back, day: {"checkin": ck()} if back < 2 else {"sleep": night(day, 8)})
    assert pending(run(records), "fatigue.accumulated") == 1
    configs = {"fatigue.accumulated": RuleConfig(params={"signs": 4})}
    assert find(run(fatigue_days(), configs=configs), "fatigue.accumulated") is None
