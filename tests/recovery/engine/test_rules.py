"""Every rule just under and just over its threshold, short of data, and configured."""

import math
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from recovery.engine import (
    REGISTRY,
    AthleteProfile,
    CheckIn,
    DayRecord,
    EngineInput,
    Intake,
    Meal,
    RuleConfig,
    Session,
    Sleep,
    evaluate,
    rule_defaults,
    validate_params,
)

END = date(2025, 3, 31)
BANNED = re.compile(
    r"overtrain|syndrome|injur|diagnos|disorder|disease|insomnia|deficien|\bmg\b|\bdose",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- builders


def profile(**overrides) -> AthleteProfile:
    return AthleteProfile(
        **{"body_mass_kg": 80.0, "focus": "mixed", "goal": "maintain", **overrides}
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def night(wake_day: date, hours: float, bed: tuple[int, int] = (23, 0)) -> Sleep:
    """A night ending on wake_day; bedtimes before noon are after midnight."""
    bed_day = wake_day if bed[0] < 12 else wake_day - timedelta(days=1)
    bedtime = at(bed_day, *bed)
    return Sleep(bedtime=bedtime, wake=bedtime + timedelta(hours=hours))


def ck(stress=2, soreness=2, energy=4, sleep_quality=2, fatigue=2, **extra) -> CheckIn:
    return CheckIn(sleep_quality, fatigue, stress, soreness, energy, **extra)


def load(amount: int, kind: str = "cardio") -> Session:
    return Session(kind, amount, 1.0)


def days(n: int, make=None, end: date = END) -> tuple[DayRecord, ...]:
    """n days ending on `end`; make(back, day) gives DayRecord fields (back 0 = end)."""
    out = []
    for i in range(n):
        day = end - timedelta(days=n - 1 - i)
        fields = make(n - 1 - i, day) if make else {}
        out.append(DayRecord(day=day, **(fields or {})))
    return tuple(out)


def loads(values: list[int]) -> tuple[DayRecord, ...]:
    """Daily loads, oldest first; a 0 is a rest day with a check-in so it counts as history."""
    return days(
        len(values),
        lambda back, day: (
            {"sessions": (load(values[-1 - back]),)} if values[-1 - back] else {"checkin": ck()}
        ),
    )


def run(records, athlete=None, configs=None, on=None):
    inp = EngineInput(athlete=athlete or profile(), days=tuple(records), rule_configs=configs or {})
    return evaluate(inp, on=on)


def find(evaluation, code):
    found = [f for f in evaluation.findings if f.code == code]
    assert len(found) <= 1
    if found:
        finding = found[0]
        assert "onsider" in finding.message
        assert not BANNED.search(finding.message), finding.message
        assert finding.guidance_slug == code.replace(".", "-").replace("_", "-")
        assert finding.title == REGISTRY[code].title
        assert finding.day == evaluation.day
        return finding
    return None


def pending(evaluation, code):
    for item in evaluation.pending:
        if item.code == code:
            return item.days_needed
    return None


def evidence(finding, label_start):
    for item in finding.evidence:
        if item.label.startswith(label_start):
            return item
    raise AssertionError(f"no evidence {label_start!r} in {finding.evidence}")


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


# ---------------------------------------------------------------- sleep.short


def short_nights(hours, n=7):
    return days(n, lambda back, day: {"sleep": night(day, hours)})


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


# ---------------------------------------------------------------- nutrition.protein_low


def protein_days(grams, today_grams=None, mass=None, logged=(1, 2, 3)):
    def make(back, day):
        fields = {"body_mass_kg": mass}
        if back in logged:
            fields["meals"] = (Meal(at(day, 13), grams, 200, 60, 2000),)
        if back == 0 and today_grams is not None:
            fields["meals"] = (Meal(at(day, 8), today_grams, 50, 10, 400),)
        return fields

    return days(5, make)


def test_protein_low_fires_just_under_target():
    finding = find(run(protein_days(127)), "nutrition.protein_low")  # 1.5875 g/kg
    assert finding.severity == "caution"
    item = evidence(finding, "mean protein")
    assert item.value == 1.59
    assert item.threshold == 1.6
    assert "1.6 g/kg target" in finding.message


def test_protein_low_silent_just_over():
    assert find(run(protein_days(129)), "nutrition.protein_low") is None


def test_protein_low_ignores_the_day_in_progress():
    assert find(run(protein_days(130, today_grams=10)), "nutrition.protein_low") is None


def test_protein_low_uses_the_days_body_mass():
    finding = find(run(protein_days(150, mass=100.0)), "nutrition.protein_low")
    assert evidence(finding, "mean protein").value == 1.5


def test_protein_low_pending_and_param_override():
    evaluation = run(protein_days(50, logged=(1, 2)))
    assert find(evaluation, "nutrition.protein_low") is None
    assert pending(evaluation, "nutrition.protein_low") == 1
    configs = {"nutrition.protein_low": RuleConfig(params={"fraction_of_target": 0.75})}
    assert find(run(protein_days(127), configs=configs), "nutrition.protein_low") is None
    assert find(run(protein_days(95), configs=configs), "nutrition.protein_low") is not None


# ---------------------------------------------------------------- nutrition.under_fueled


def fuel_days(kcal_per_meal, meals=2, training_back=None, kind="strength", short_back=None):
    def make(back, day):
        if back == 0:
            return {}
        count = 1 if back == short_back else meals
        fields = {
            "meals": tuple(
                Meal(at(day, 8 + 5 * i), 40, 100, 30, kcal_per_meal) for i in range(count)
            )
        }
        if back == training_back:
            fields["sessions"] = (Session(kind, 60, 7.0),)
        return fields

    return days(4, make)


GAINER = profile(goal="gain_muscle", kcal_target=3000)


def test_under_fueled_kcal_just_under_target_when_gaining():
    finding = find(run(fuel_days(1495), athlete=GAINER), "nutrition.under_fueled")
    assert finding.severity == "caution"
    item = evidence(finding, "mean intake")
    assert item.value == 2990
    assert item.threshold == 3000
    assert find(run(fuel_days(1500), athlete=GAINER), "nutrition.under_fueled") is None


def test_under_fueled_kcal_only_for_gain_muscle():
    assert find(run(fuel_days(800)), "nutrition.under_fueled") is None


def test_under_fueled_one_meal_on_a_training_day():
    finding = find(run(fuel_days(1000, training_back=2, short_back=2)), "nutrition.under_fueled")
    assert "1 meal" in finding.message
    item = evidence(finding, "meals on")
    assert item.value == 1 and item.threshold == 2
    assert find(run(fuel_days(1000, training_back=2)), "nutrition.under_fueled") is None
    records = fuel_days(1000, training_back=2, short_back=2, kind="active_recovery")
    assert find(run(records), "nutrition.under_fueled") is None


def test_under_fueled_pending():
    records = fuel_days(500)[:-2] + (DayRecord(END - timedelta(days=1)), DayRecord(END))
    evaluation = run(records, athlete=GAINER)
    assert pending(evaluation, "nutrition.under_fueled") == 1


# ---------------------------------------------------------------- hydration.low


def water_days(checkin_ml=None, intakes=(), logged=(1, 2, 3)):
    def make(back, day):
        if back not in logged:
            return {}
        fields = {}
        if checkin_ml is not None:
            fields["checkin"] = ck(water_ml=checkin_ml)
        fields["intakes"] = tuple(Intake(at(day, 10), "water", "Water", a, u) for a, u in intakes)
        return fields

    return days(5, make)


def test_hydration_low_fires_just_under_target():
    finding = find(run(water_days(2790)), "hydration.low")  # 34.9 ml/kg
    assert finding.severity == "caution"
    item = evidence(finding, "mean water, last")
    assert item.value == 34.9
    assert item.threshold == 35.0
    assert find(run(water_days(2800)), "hydration.low") is None


def test_hydration_low_from_intakes_in_litres_and_ml():
    assert find(run(water_days(intakes=[(1.5, "l"), (1200, "ml")])), "hydration.low")
    assert find(run(water_days(intakes=[(2, "l"), (0.9, "l")])), "hydration.low") is None


def test_hydration_adds_the_checkin_water_to_the_intakes():
    assert find(run(water_days(2000)), "hydration.low")  # 25 ml/kg
    assert find(run(water_days(2000, intakes=[(800, "ml")])), "hydration.low") is None  # 35


def test_hydration_low_pending():
    assert pending(run(water_days(1000, logged=(1, 2))), "hydration.low") == 1


# ---------------------------------------------------------------- load.spike


def test_load_spike_fires_just_over_1_3():
    finding = find(run(loads([100] * 28 + [290])), "load.spike")
    assert finding.severity == "caution"
    item = evidence(finding, "load ratio")
    assert item.value == 1.304
    assert item.threshold == 1.3
    assert "1.304 times your usual" in finding.message
    assert "not a prediction" in finding.message
    assert evidence(finding, "recent load").baseline == 113


def test_load_spike_silent_just_under():
    assert find(run(loads([100] * 28 + [280])), "load.spike") is None  # ratio 1.290


def test_load_spike_alert_over_1_5():
    finding = find(run(loads([100] * 28 + [450])), "load.spike")  # ratio 1.510
    assert finding.severity == "alert"
    assert evidence(finding, "alert above").threshold == 1.5
    assert find(run(loads([100] * 28 + [430])), "load.spike").severity == "caution"


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


# ---------------------------------------------------------------- soreness.doms


def doms_days(hard_load=500, hard_back=2, soreness=5, training_days=20):
    def make(back, day):
        index = 22 - back
        if back == 0:
            return {"checkin": ck(soreness=soreness, sore_areas=("quads", "lower_back"))}
        if back == hard_back:
            return {"sessions": (load(hard_load, "strength"),)}
        if index < training_days:
            return {"sessions": (load(290 - 10 * index),)}
        return {}

    return days(23, make)


def test_doms_after_a_hard_session():
    finding = find(run(doms_days()), "soreness.doms")
    assert finding.severity == "info"
    assert "usually an expected response" in finding.message
    assert "quads and lower back" in finding.message  # labels, never codes like lower_back
    assert "lower_back" not in finding.message
    item = evidence(finding, "hard session")
    assert item.value == 500 and item.threshold == 280
    assert evidence(finding, "soreness").threshold == 5


def test_doms_silent_just_under_the_percentile_or_soreness():
    assert find(run(doms_days(hard_load=265)), "soreness.doms") is None  # p90 is 270
    assert find(run(doms_days(soreness=4)), "soreness.doms") is None


def test_doms_only_one_to_three_days_after():
    assert find(run(doms_days(hard_back=3)), "soreness.doms") is not None
    assert find(run(doms_days(hard_back=4)), "soreness.doms") is None


def test_doms_pending_with_nine_training_days():
    assert pending(run(doms_days(training_days=8)), "soreness.doms") == 1


# ---------------------------------------------------------------- soreness.persistent


def soreness_days(values):
    return days(len(values), lambda back, day: {"checkin": ck(soreness=values[-1 - back])})


def test_persistent_soreness_five_days():
    finding = find(run(soreness_days([5, 5, 6, 5, 5])), "soreness.persistent")
    assert finding.severity == "caution"
    assert evidence(finding, "days in a row").value == 5
    assert evidence(finding, "soreness today").threshold == 5


def test_persistent_soreness_broken_run():
    assert find(run(soreness_days([5, 5, 4, 5, 5])), "soreness.persistent") is None


def test_persistent_soreness_pending():
    assert pending(run(soreness_days([6, 6, 6, 6])), "soreness.persistent") == 1


# ---------------------------------------------------------------- strength.plateau


def plateau_days(newest, per_week=(2, 2, 2, 2)):
    squat_days = {
        0: newest,
        3: newest,
        7: 100.5,
        10: 100.5,
        14: 100.5,
        17: 100.5,
        21: 100.0,
        24: 100.0,
    }
    dropped = {3: per_week[0] < 2, 10: per_week[1] < 2, 17: per_week[2] < 2, 24: per_week[3] < 2}

    def make(back, day):
        if back in squat_days and not dropped.get(back):
            return {
                "sessions": (Session("strength", 60, 7.0),),
                "e1rm_by_lift": {"Back squat": squat_days[back], "Bench press": 80.0 + back},
            }
        return {"checkin": ck()}

    return days(28, make)


def test_plateau_fires_under_one_percent():
    finding = find(run(plateau_days(100.9)), "strength.plateau")
    assert finding.severity == "info"
    assert "Back squat 100.0 to 100.9 kg (+0.9 %)" in finding.message
    item = evidence(finding, "Back squat")
    assert item.value == 0.9 and item.threshold == 1.0 and item.baseline == 100.0
    # Bench press fell, so it is a plateau too; it is named in its own evidence.
    assert evidence(finding, "Bench press").value < 0


def test_plateau_silent_over_one_percent_or_too_few_sessions():
    evaluation = run(plateau_days(101.1))
    assert all(
        not e.label.startswith("Back squat") for f in evaluation.findings for e in f.evidence
    )
    evaluation = run(plateau_days(100.9, per_week=(2, 1, 2, 2)))
    assert find(evaluation, "strength.plateau") is None


def test_plateau_pending():
    assert pending(run(plateau_days(100.0)[1:]), "strength.plateau") == 1


# ---------------------------------------------------------------- fatigue.accumulated


def fatigue_days(stress=(5, 5, 5, 1), energy=(4, 4, 2, 2, 2), soreness=(5, 5, 5, 5, 5)):
    stress = (1,) + tuple(stress)

    def make(back, day):
        i = 4 - back
        return {"checkin": ck(stress=stress[i], energy=energy[i], soreness=soreness[i])}

    return days(5, make)


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
