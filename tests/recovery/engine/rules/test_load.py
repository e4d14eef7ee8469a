"""Every load rule just under and just over its threshold, short of data, and configured."""

from datetime import timedelta

import pytest

from recovery.engine import DayRecord, RuleConfig
from tests.recovery.engine.rule_days import END, days, evidence, find, load, loads, pending, run


def test_load_spike_pending_before_28_days():
    evaluation = run(loads([100] * 26 + [900]))
    assert find(evaluation, "load.spike") is None
    assert pending(evaluation, "load.spike") == 1


def test_load_spike_overrides():
    configs = {"load.spike": RuleConfig(severity="info", params={"ratio": 1.35})}
    assert find(run(loads([100] * 28 + [290]), configs=configs), "load.spike") is None
    assert find(run(loads([100] * 28 + [450]), configs=configs), "load.spike").severity == "info"


# ---------------------------------------------------------------- load.monotony


def monotony_week(x):
    return loads([50] * 21 + [200, 200, 200, 0, 200, x, 200])


def test_load_monotony_fires_just_over_two():
    finding = find(run(monotony_week(105)), "load.monotony")  # monotony 2.021
    assert finding.severity == "caution"
    item = evidence(finding, "monotony")
    assert item.value == 2.02
    assert item.threshold == 2.0
    weekly = evidence(finding, "weekly load")
    assert weekly.value == 1105
    assert weekly.baseline == pytest.approx((21 * 50 + 1105) / 4, abs=0.5)
    assert evidence(finding, "strain").value == pytest.approx(1105 * 2.0214, abs=1)


def test_load_monotony_silent_just_under():
    assert find(run(monotony_week(100)), "load.monotony") is None  # 1.997


def test_load_monotony_needs_a_week_above_the_four_week_mean():
    assert find(run(loads([300] * 21 + [100] * 7)), "load.monotony") is None  # monotony 10


def test_load_monotony_pending():
    assert pending(run(loads([50] * 20 + [200] * 7)), "load.monotony") == 1


# ---------------------------------------------------------------- load.no_rest


def test_no_rest_fires_at_six_days_in_a_row():
    finding = find(run(loads([0, 100, 100, 100, 100, 100, 100])), "load.no_rest")
    assert finding.severity == "caution"
    item = evidence(finding, "training days")
    assert item.value == 6 and item.threshold == 6
    assert find(run(loads([0, 0, 100, 100, 100, 100, 100])), "load.no_rest") is None


def test_no_rest_counts_up_to_yesterday_when_today_is_not_logged_yet():
    records = loads([0, 100, 100, 100, 100, 100, 100]) + (DayRecord(END + timedelta(days=1)),)
    finding = find(run(records), "load.no_rest")
    assert "6 days in a row" in finding.message


def test_no_rest_active_recovery_breaks_the_run():
    records = days(
        7,
        lambda back, day: {"sessions": (load(60, "active_recovery" if back == 3 else "cardio"),)},
    )
    assert find(run(records), "load.no_rest") is None


def test_no_rest_pending_and_param():
    assert pending(run(loads([100] * 5)), "load.no_rest") == 1
    configs = {"load.no_rest": RuleConfig(params={"days": 7})}
    assert find(run(loads([0] + [100] * 6), configs=configs), "load.no_rest") is None


# ---------------------------------------------------------------- load.deload_due


def deload_days(n, week2_daily=100):
    values = [100] * n
    for back in range(14, 21):  # rolling week k=2
        values[-1 - back] = week2_daily
    return loads(values)


def test_deload_due_after_six_weeks():
    finding = find(run(deload_days(70)), "load.deload_due")
    assert finding.severity == "caution"
    item = evidence(finding, "weeks without")
    assert item.value == 6 and item.threshold == 6
    assert evidence(finding, "load, last 7 days").baseline == 700


def test_deload_due_alert_at_eight_weeks():
    finding = find(run(deload_days(84)), "load.deload_due")
    assert finding.severity == "alert"
    assert evidence(finding, "weeks without").value == 8


def test_deload_lighter_week_just_under_sixty_percent_resets():
    assert find(run(deload_days(70, week2_daily=61)), "load.deload_due") is not None  # 61 %
    assert find(run(deload_days(70, week2_daily=59)), "load.deload_due") is None  # 59 %


def test_deload_pending_follows_the_weeks_param():
    assert pending(run(deload_days(69)), "load.deload_due") == 1
    configs = {"load.deload_due": RuleConfig(params={"weeks": 4})}
    evaluation = run(loads([100] * 56), configs=configs)
    assert pending(evaluation, "load.deload_due") is None
    assert find(evaluation, "load.deload_due") is not None
