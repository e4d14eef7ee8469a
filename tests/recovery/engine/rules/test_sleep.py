"""Every sleep rule just under and just over its threshold, short of data, and configured."""

from datetime import timedelta

import pytest

from recovery.engine import Intake, Meal, RuleConfig
from tests.recovery.engine.rule_days import (
    at,
    ck,
    days,
    evidence,
    find,
    night,
    pending,
    run,
    short_nights,
)

# ---------------------------------------------------------------- sleep.short


def test_sleep_short_fires_just_under_target():
    finding = find(run(short_nights(7.9)), "sleep.short")
    assert finding.severity == "caution"
    assert "averaged 7.9 h against your 8 h target" in finding.message
    item = evidence(finding, "mean sleep")
    assert item.value == 7.9
    assert item.threshold == 8.0
    assert item.unit == "h"


def test_sleep_short_silent_at_target():
    assert find(run(short_nights(8.0)), "sleep.short") is None


def test_sleep_short_alert_below_six_hours():
    assert find(run(short_nights(5.9)), "sleep.short").severity == "alert"
    assert find(run(short_nights(6.0)), "sleep.short").severity == "caution"


def test_sleep_short_uses_the_last_three_logged_nights_of_the_week():
    records = days(7, lambda back, day: {"sleep": night(day, 7.0)} if back in (0, 2, 5) else {})
    assert find(run(records), "sleep.short") is not None


def test_sleep_short_pending_with_two_nights():
    records = days(
        7, lambda back, day: {"sleep": night(day, 5.0)} if back < 2 else {"checkin": ck()}
    )
    evaluation = run(records)
    assert find(evaluation, "sleep.short") is None
    assert pending(evaluation, "sleep.short") == 1


def test_sleep_short_disabled_gives_nothing():
    evaluation = run(short_nights(5.0), configs={"sleep.short": RuleConfig(enabled=False)})
    assert find(evaluation, "sleep.short") is None
    assert pending(evaluation, "sleep.short") is None


def test_sleep_short_severity_override_replaces_escalation():
    configs = {"sleep.short": RuleConfig(severity="info")}
    assert find(run(short_nights(5.0), configs=configs), "sleep.short").severity == "info"
    configs = {"sleep.short": RuleConfig(severity="alert")}
    assert find(run(short_nights(7.5), configs=configs), "sleep.short").severity == "alert"


def test_sleep_short_param_override():
    configs = {"sleep.short": RuleConfig(params={"alert_below_h": 7.0})}
    assert find(run(short_nights(6.5), configs=configs), "sleep.short").severity == "alert"


def test_invalid_param_override_is_ignored():
    configs = {"sleep.short": RuleConfig(params={"alert_below_h": -3, "nope": 1})}
    assert find(run(short_nights(6.5), configs=configs), "sleep.short").severity == "caution"


# ---------------------------------------------------------------- sleep.debt


def test_sleep_debt_fires_just_over_five_hours():
    finding = find(run(short_nights(7.25)), "sleep.debt")  # 7 x 0.75 = 5.25 h
    assert finding.severity == "caution"
    item = evidence(finding, "sleep debt")
    assert item.value == 5.25
    assert item.threshold == 5.0
    assert "5.2" in finding.message


def test_sleep_debt_silent_just_under():
    assert find(run(short_nights(7.3)), "sleep.debt") is None  # 4.9 h


def test_sleep_debt_pending():
    records = days(7, lambda back, day: {"sleep": night(day, 4.0)} if back < 2 else {})
    evaluation = run(records)
    assert find(evaluation, "sleep.debt") is None
    assert pending(evaluation, "sleep.debt") == 1


def test_sleep_debt_param_override():
    configs = {"sleep.debt": RuleConfig(params={"debt_h": 6})}
    assert find(run(short_nights(7.25), configs=configs), "sleep.debt") is None


# ---------------------------------------------------------------- sleep.irregular


def irregular(early, late):
    return days(7, lambda back, day: {"sleep": night(day, 7.5, early if back % 2 else late)})


def test_sleep_irregular_fires_just_over_sixty_minutes():
    # 4 bedtimes at 00:02 and 3 at 21:58: circular SD 61.7 min
    finding = find(run(irregular((21, 58), (0, 2))), "sleep.irregular")
    assert finding.severity == "caution"
    item = evidence(finding, "bedtime variability")
    assert item.value == pytest.approx(61.7, abs=0.05)
    assert item.threshold == 60.0


def test_sleep_irregular_silent_just_under():
    # 00:00 and 22:00: circular SD 59.7 min
    assert find(run(irregular((22, 0), (0, 0))), "sleep.irregular") is None


def test_sleep_irregular_needs_five_nights():
    records = days(
        7,
        lambda back, day: (
            {"sleep": night(day, 7, (19, 0) if back % 2 else (3, 0))} if back < 4 else {}
        ),
    )
    evaluation = run(records)
    assert find(evaluation, "sleep.irregular") is None
    assert pending(evaluation, "sleep.irregular") == 1


# ---------------------------------------------------------------- sleep.late_meal


def late_meals(kcal, nights_with_meal=(0, 3), minutes_before=90):
    def make(back, day):
        fields = {"sleep": night(day, 8.0)} if back < 7 else {}
        # The meal before the night that ends on day (back - 1) is logged on this day.
        if back - 1 in nights_with_meal:
            time = at(day, 23) - timedelta(minutes=minutes_before)
            fields["meals"] = (Meal(time, 40, 80, 30, kcal),)
        return fields

    return days(8, make)


def test_late_meal_fires_on_two_nights():
    finding = find(run(late_meals(800)), "sleep.late_meal")
    assert finding.severity == "info"
    assert evidence(finding, "nights with").value == 2
    assert evidence(finding, "nights with").threshold == 2
    assert evidence(finding, "largest").threshold == 800.0


def test_late_meal_just_under_kcal_or_too_early_or_one_night():
    assert find(run(late_meals(799)), "sleep.late_meal") is None
    assert find(run(late_meals(900, minutes_before=121)), "sleep.late_meal") is None
    assert find(run(late_meals(900, nights_with_meal=(2,))), "sleep.late_meal") is None


def test_late_meal_after_midnight_counts():
    def make(back, day):
        fields = {"sleep": night(day, 7.0, bed=(0, 30))}
        if back in (0, 1):
            fields["meals"] = (Meal(at(day, 0, 5), 30, 90, 30, 850),)
        return fields

    assert find(run(days(7, make)), "sleep.late_meal") is not None


def test_late_meal_pending_with_one_night():
    evaluation = run(days(3, lambda back, day: {"sleep": night(day, 8)} if back == 0 else {}))
    assert pending(evaluation, "sleep.late_meal") == 1


# ---------------------------------------------------------------- sleep.late_caffeine


def caffeine(hour, minute=0):
    def make(back, day):
        if back == 1:
            return {"intakes": (Intake(at(day, hour, minute), "caffeine", "Espresso", 1, "cup"),)}
        if back == 0:
            return {"sleep": night(day, 8.0)}
        return {}

    return days(2, make)


def test_late_caffeine_fires_under_six_hours():
    finding = find(run(caffeine(18)), "sleep.late_caffeine")
    assert finding.severity == "info"
    assert "18:00" in finding.message and "23:00" in finding.message
    assert "Espresso" in finding.message
    item = evidence(finding, "caffeine before bedtime")
    assert item.value == 5.0
    assert item.threshold == 6.0
    assert find(run(caffeine(17, 1)), "sleep.late_caffeine") is not None


def test_late_caffeine_silent_at_six_hours():
    assert find(run(caffeine(17)), "sleep.late_caffeine") is None
    assert find(run(caffeine(9)), "sleep.late_caffeine") is None


def test_late_caffeine_param_override():
    configs = {"sleep.late_caffeine": RuleConfig(params={"hours_before": "4"})}
    assert find(run(caffeine(18), configs=configs), "sleep.late_caffeine") is None


def test_late_caffeine_pending_without_nights():
    records = days(3, lambda back, day: {"checkin": ck()})
    assert pending(run(records), "sleep.late_caffeine") == 1
