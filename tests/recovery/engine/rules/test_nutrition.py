"""Every nutrition and hydration rule near its threshold, short of data, and configured."""

from datetime import timedelta

from recovery.engine import DayRecord, Intake, Meal, RuleConfig, Session
from tests.recovery.engine.rule_days import (
    END,
    at,
    ck,
    days,
    evidence,
    find,
    loads,
    pending,
    profile,
    run,
)

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
