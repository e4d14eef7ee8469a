"""Every wellness rule just under and just over its threshold, short of data, and configured."""

import math

import pytest

from recovery.engine import CheckIn, RuleConfig
from tests.recovery.engine.rule_days import ck, days, evidence, find, pending, run

# ---------------------------------------------------------------- wellness.stress_high


def stress_days(values):
    return days(len(values), lambda back, day: {"checkin": ck(stress=values[-1 - back])})


def test_stress_high_three_of_four():
    finding = find(run(stress_days([5, 5, 5, 1])), "wellness.stress_high")
    assert finding.severity == "caution"
    item = evidence(finding, "check-ins with stress")
    assert item.value == 3 and item.threshold == 3
    assert "clinician" in finding.message


def test_stress_high_silent_with_two():
    assert find(run(stress_days([5, 5, 4, 1])), "wellness.stress_high") is None


def test_stress_high_pending():
    evaluation = run(stress_days([7, 7, 7]))
    assert find(evaluation, "wellness.stress_high") is None
    assert pending(evaluation, "wellness.stress_high") == 1


# ---------------------------------------------------------------- wellness.hooper_high


HOOPER_ITEMS = {
    10: (3, 3, 2, 2),
    11: (3, 3, 3, 2),
    12: (3, 3, 3, 3),
    13: (4, 3, 3, 3),
    14: (4, 4, 3, 3),
}


def hooper_days(run_value, baseline=None, baseline_days=28, run_days=3):
    baseline = baseline or [10, 12] * (baseline_days // 2)
    values = baseline + [run_value] * run_days

    def make(back, day):
        q, f, s, m = HOOPER_ITEMS[values[-1 - back]]
        return {"checkin": CheckIn(q, f, s, m, energy=3)}

    return days(len(values), make)


def test_hooper_high_fires_one_sd_above_baseline():
    finding = find(run(hooper_days(13)), "wellness.hooper_high")  # z = 1.96
    assert finding.severity == "caution"
    sd = math.sqrt(28 / 27)
    item = evidence(finding, "Hooper today")
    assert item.value == 13
    assert item.baseline == 11.0
    assert item.threshold == pytest.approx(11 + sd, abs=0.01)
    assert evidence(finding, "lowest z").value == pytest.approx(2 / sd, abs=0.01)
    assert "clinician" not in finding.message


def test_hooper_high_silent_just_under():
    assert find(run(hooper_days(12)), "wellness.hooper_high") is None  # z = 0.98


def test_hooper_high_alert_two_sd_above():
    finding = find(run(hooper_days(14)), "wellness.hooper_high")  # z = 2.95
    assert finding.severity == "alert"
    assert "clinician" in finding.message


def test_hooper_high_needs_fourteen_baseline_checkins():
    evaluation = run(hooper_days(14, baseline=[10, 12] * 5))
    assert find(evaluation, "wellness.hooper_high") is None
    assert pending(evaluation, "wellness.hooper_high") == 4


def test_hooper_high_baseline_sd_floor():
    flat = [11] * 28
    assert find(run(hooper_days(12, baseline=flat)), "wellness.hooper_high") is not None
    configs = {"wellness.hooper_high": RuleConfig(params={"min_sd": 2})}
    assert (
        find(run(hooper_days(12, baseline=flat), configs=configs), "wellness.hooper_high") is None
    )
