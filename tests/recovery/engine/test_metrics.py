"""Hand-computed values of the engine's metrics."""

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recovery.engine import (
    AthleteProfile,
    CheckIn,
    DayRecord,
    EngineInput,
    Intake,
    Meal,
    Session,
    Sleep,
    epley_e1rm,
    evaluate,
    evaluate_days,
    metric_series,
)
from recovery.engine.load import ewma, impulse_response, monotony, strain
from recovery.engine.metrics import (
    circular_mean_min,
    circular_sd_min,
    clock_distance_min,
    percentile,
    sleep_debt_h,
)

START = date(2025, 1, 6)
ATHLETE = AthleteProfile(body_mass_kg=80.0, focus="mixed", goal="maintain")


def load_days(loads, start=START):
    """One DayRecord per load; a load of 0 is a rest day with a check-in (so it is history)."""
    records = []
    for i, load in enumerate(loads):
        sessions = (Session("cardio", int(load), 1.0),) if load else ()
        checkin = None if load else CheckIn(2, 2, 2, 2, 4)
        records.append(DayRecord(day=start + timedelta(days=i), sessions=sessions, checkin=checkin))
    return tuple(records)


def series(records, athlete=ATHLETE):
    return metric_series(EngineInput(athlete=athlete, days=tuple(records)))


def night(day, hours, bed=(23, 0), zone=UTC):
    bedtime = datetime(day.year, day.month, day.day, *bed, tzinfo=zone) - timedelta(days=1)
    if bed[0] < 12:
        bedtime += timedelta(days=1)
    return Sleep(bedtime=bedtime, wake=bedtime + timedelta(hours=hours))


# ---------------------------------------------------------------- load


def test_session_load_is_rpe_times_minutes():
    assert Session("strength", 60, 7.0).load == 420.0
    assert Session("mobility", 0, 5.0).load == 0.0


def test_daily_load_sums_sessions_and_rest_day_is_zero():
    records = (
        DayRecord(START, sessions=(Session("strength", 60, 7), Session("cardio", 30, 4))),
        DayRecord(START + timedelta(days=1), checkin=CheckIn(2, 2, 2, 2, 4)),
    )
    metrics = series(records)
    assert metrics[0].daily_load == 540.0
    assert metrics[1].daily_load == 0.0


def test_fitness_fatigue_start_at_zero_and_form_uses_yesterday():
    metrics = series(load_days([100, 100]))
    k42 = 1 - math.exp(-1 / 42)
    k7 = 1 - math.exp(-1 / 7)
    assert metrics[0].fitness == pytest.approx(100 * k42)
    assert metrics[0].fatigue == pytest.approx(100 * k7)
    assert metrics[0].form == 0.0
    fitness_1 = 100 * k42 + (100 - 100 * k42) * k42
    assert metrics[1].fitness == pytest.approx(fitness_1)
    assert metrics[1].form == pytest.approx(100 * k42 - 100 * k7)  # about -10.96
    assert metrics[1].form == pytest.approx(-10.96, abs=0.01)


def test_impulse_response_known_values():
    assert impulse_response([0, 0], 7) == [0.0, 0.0]
    out = impulse_response([70], 7)
    assert out[0] == pytest.approx(70 * (1 - math.exp(-1 / 7)))
    assert out[0] == pytest.approx(9.3185, abs=0.0001)  # 70 * 0.133122


def test_ewma_is_seeded_with_the_first_load():
    assert ewma([100, 300], 7) == [100.0, pytest.approx(150.0)]
    assert ewma([100, 300], 28) == [100.0, pytest.approx(100 + 200 * 2 / 29)]


def test_load_ratio_spike_hand_computed():
    # 28 days at 100 then 290: acute 0.25*290 + 0.75*100 = 147.5,
    # chronic (2/29)*290 + (27/29)*100 = 113.10, ratio 1.304.
    metrics = series(load_days([100] * 28 + [290]))
    assert metrics[-1].acute_load == pytest.approx(147.5)
    assert metrics[-1].chronic_load == pytest.approx(113.103, abs=0.001)
    assert metrics[-1].load_ratio == pytest.approx(1.3041, abs=0.0001)


def test_load_ratio_needs_28_days_of_history():
    metrics = series(load_days([100] * 28))
    assert metrics[26].load_ratio is None
    assert metrics[27].load_ratio == pytest.approx(1.0)


def test_load_ratio_history_starts_at_first_entry_not_first_input_day():
    records = tuple(DayRecord(START + timedelta(days=i)) for i in range(10)) + load_days(
        [100] * 28, start=START + timedelta(days=10)
    )
    metrics = series(records)
    assert metrics[36].load_ratio is None
    assert metrics[37].load_ratio == pytest.approx(1.0)


def test_load_ratio_none_when_chronic_is_zero():
    metrics = series(load_days([0] * 30))
    assert metrics[-1].load_ratio is None


def test_monotony_and_strain_hand_computed():
    # loads 100,0,100,0,100,0,100: mean 57.14, sample SD 53.45, monotony 1.069
    loads = [100, 0, 100, 0, 100, 0, 100]
    assert monotony(loads) == pytest.approx(1.0690, abs=0.0001)
    metrics = series(load_days(loads))
    assert metrics[-1].weekly_load == 400.0
    assert metrics[-1].monotony == pytest.approx(1.0690, abs=0.0001)
    assert metrics[-1].strain == pytest.approx(400 * 1.0690, abs=0.05)


def test_monotony_sd_zero_with_load_is_capped_at_ten():
    assert monotony([100] * 7) == 10.0
    metrics = series(load_days([100] * 7))
    assert metrics[-1].monotony == 10.0
    assert metrics[-1].strain == 7000.0


def test_monotony_tiny_sd_is_capped_at_ten_too():
    assert monotony([100, 100, 100, 100, 100, 100, 101]) == 10.0


def test_monotony_with_no_load_is_not_available():
    assert monotony([0] * 7) is None
    assert strain(0.0, None) is None
    metrics = series(load_days([0] * 7))
    assert metrics[-1].monotony is None
    assert metrics[-1].strain is None


def test_monotony_needs_seven_days_of_history():
    metrics = series(load_days([100, 50, 100, 50, 100, 50]))
    assert metrics[-1].monotony is None
    assert metrics[-1].weekly_load == 450.0


# ---------------------------------------------------------------- sleep


def test_sleep_debt_hand_computed():
    assert sleep_debt_h([7.0, 8.5, 6.0], 8.0) == pytest.approx(3.0)
    assert sleep_debt_h([], 8.0) is None
    records = tuple(
        DayRecord(START + timedelta(days=i), sleep=night(START + timedelta(days=i), h))
        for i, h in enumerate([7.0, 8.5, 6.0, 9.0, 7.5, 8.0, 5.0])
    )
    metrics = series(records)
    assert metrics[-1].sleep_debt_7_h == pytest.approx(1 + 2 + 0.5 + 3)
    assert metrics[-1].sleep_mean_7_h == pytest.approx(51 / 7)
    assert metrics[-1].sleep_h == pytest.approx(5.0)


def test_clock_distance_wraps_midnight():
    assert clock_distance_min(23 * 60 + 30, 30) == 60
    assert clock_distance_min(30, 23 * 60 + 30) == 60


def test_circular_sd_either_side_of_midnight():
    # 23:30 and 00:30 are 60 min apart: their SD is ~30 min, not ~11.5 h.
    sd = circular_sd_min([23 * 60 + 30, 30])
    assert sd == pytest.approx(30.04, abs=0.01)
    assert circular_mean_min([23 * 60 + 30, 30]) == pytest.approx(0.0, abs=1e-6) or (
        circular_mean_min([23 * 60 + 30, 30]) == pytest.approx(1440.0, abs=1e-6)
    )


def test_circular_sd_identical_bedtimes_is_zero():
    assert circular_sd_min([22 * 60 + 15] * 5) == 0.0
    assert circular_sd_min([600]) is None


def test_bedtime_sd_uses_local_clock_time():
    zone = ZoneInfo("America/New_York")
    records = []
    for i, bed in enumerate([(23, 30), (0, 30), (23, 30), (0, 30)]):
        day = START + timedelta(days=i)
        records.append(DayRecord(day, sleep=night(day, 7.5, bed=bed, zone=zone)))
    athlete = AthleteProfile(80, "mixed", "maintain", timezone="America/New_York")
    metrics = series(records, athlete)
    assert metrics[-1].bedtime_sd_7_min == pytest.approx(30.04, abs=0.01)
    # The same nights read in UTC are 04:30/05:30: same spread, so only the zone's clock
    # matters, never a naive wall-clock difference.
    assert series(records)[-1].bedtime_sd_7_min == pytest.approx(30.04, abs=0.01)


@pytest.mark.parametrize(
    ("bed", "wake", "hours"),
    [
        # Europe/London springs forward at 01:00 on 30 March 2025: 23:00 to 07:00 is 7 h.
        (datetime(2025, 3, 29, 23, 0), datetime(2025, 3, 30, 7, 0), 7.0),
        # ... and falls back at 02:00 on 26 October 2025: 23:00 to 07:00 is 9 h.
        (datetime(2025, 10, 25, 23, 0), datetime(2025, 10, 26, 7, 0), 9.0),
        (datetime(2025, 6, 1, 23, 0), datetime(2025, 6, 2, 7, 0), 8.0),
    ],
)
def test_sleep_duration_across_dst(bed, wake, hours):
    zone = ZoneInfo("Europe/London")
    sleep = Sleep(bedtime=bed.replace(tzinfo=zone), wake=wake.replace(tzinfo=zone))
    assert sleep.duration_h == pytest.approx(hours)


def test_sleep_duration_with_mixed_zones():
    sleep = Sleep(
        bedtime=datetime(2025, 3, 29, 23, 0, tzinfo=UTC),
        wake=datetime(2025, 3, 30, 8, 0, tzinfo=ZoneInfo("Europe/London")),  # 07:00 UTC
    )
    assert sleep.duration_h == pytest.approx(8.0)


# ---------------------------------------------------------------- strength, nutrition, water


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (100.0, 1, 100.0),
        (100.0, 5, 116.6667),
        (100.0, 10, 133.3333),
        (100.0, 11, None),
        (100.0, 0, None),
        (0.0, 5, None),
    ],
)
def test_epley_e1rm(weight, reps, expected):
    result = epley_e1rm(weight, reps)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=0.0001)


def test_protein_per_kg_uses_the_days_body_mass_then_the_profile():
    noon = datetime(2025, 1, 6, 12, tzinfo=UTC)
    meal = Meal(noon, protein_g=120.0, carbs_g=100.0, fat_g=30.0, kcal=1150.0)
    records = (
        DayRecord(START, meals=(meal, meal)),
        DayRecord(START + timedelta(days=1), meals=(meal,), body_mass_kg=100.0),
    )
    metrics = series(records)
    assert metrics[0].protein_g_per_kg == pytest.approx(3.0)
    assert metrics[0].kcal == 2300.0
    assert metrics[0].meals == 2
    assert metrics[1].protein_g_per_kg == pytest.approx(1.2)


def test_water_is_the_intakes_in_ml_and_the_checkin_water_added():
    noon = datetime(2025, 1, 6, 12, tzinfo=UTC)
    intakes = (
        Intake(noon, "water", "Water", 1.5, "l"),
        Intake(noon, "water", "Water", 500, "ml"),
        Intake(noon, "caffeine", "Coffee", 1, "cup"),
    )
    records = (
        DayRecord(START, intakes=intakes),
        DayRecord(
            START + timedelta(days=1),
            intakes=intakes,
            checkin=CheckIn(2, 2, 2, 2, 4, water_ml=3200),
        ),
        DayRecord(START + timedelta(days=2), checkin=CheckIn(2, 2, 2, 2, 4)),
    )
    metrics = series(records)
    assert metrics[0].water_ml == 2000.0
    assert metrics[0].water_ml_per_kg == pytest.approx(25.0)
    assert metrics[1].water_ml == 5200.0  # 2,000 logged and 3,200 given at the check-in
    assert metrics[2].water_ml is None
    assert metrics[2].water_ml_per_kg is None


def test_percentile_interpolates():
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile(list(range(100, 300, 10)) + [500], 90) == 280
    assert percentile([], 90) is None


# ---------------------------------------------------------------- wellness


def checkin_with_hooper(total):
    items = [1, 1, 1, 1]
    for i in range(total - 4):
        items[i % 4] += 1
    return CheckIn(*items, energy=3)


def test_hooper_z_needs_fourteen_checkins_of_baseline():
    values = [10, 12] * 7  # 14 check-ins, mean 11, sample SD 1.038
    records = [
        DayRecord(START + timedelta(days=i), checkin=checkin_with_hooper(v))
        for i, v in enumerate(values[:13] + [14])
    ]
    metrics = series(records)
    assert metrics[-1].hooper == 14
    assert metrics[-1].hooper_z is None  # only 13 before it

    records = [
        DayRecord(START + timedelta(days=i), checkin=checkin_with_hooper(v))
        for i, v in enumerate(values + [14])
    ]
    metrics = series(records)
    sd = math.sqrt(14 / 13)
    assert metrics[-1].hooper_baseline_mean == pytest.approx(11.0)
    assert metrics[-1].hooper_baseline_sd == pytest.approx(sd)
    assert metrics[-1].hooper_z == pytest.approx(3 / sd)


def test_hooper_z_uses_the_sd_floor_when_the_baseline_sd_is_zero():
    records = [
        DayRecord(START + timedelta(days=i), checkin=checkin_with_hooper(11)) for i in range(14)
    ]
    records.append(DayRecord(START + timedelta(days=14), checkin=checkin_with_hooper(15)))
    last = series(records)[-1]
    assert last.hooper_baseline_sd == 0
    assert last.hooper_z == 4.0  # 4 points over, SD floor 1


# ---------------------------------------------------------------- entry points


def test_metric_series_matches_evaluate_and_ignores_later_days():
    records = load_days([100, 0, 250, 80, 0, 300, 120, 90, 0, 400] * 4)
    inp = EngineInput(athlete=ATHLETE, days=records)
    metrics = metric_series(inp)
    assert len(metrics) == len(records)
    for t in (0, 6, 27, 28, 39):
        assert evaluate(inp, on=records[t].day).metrics == metrics[t]
    shorter = EngineInput(athlete=ATHLETE, days=records[:29])
    assert evaluate(shorter).metrics == metrics[28]
    week = [r.day for r in records[-7:]]
    assert [e.metrics for e in evaluate_days(inp, week)] == metrics[-7:]


def test_gaps_are_filled_and_duplicates_rejected():
    a = DayRecord(START, sessions=(Session("cardio", 60, 5),))
    b = DayRecord(START + timedelta(days=3), sessions=(Session("cardio", 60, 5),))
    inp = EngineInput(athlete=ATHLETE, days=(a, b))
    metrics = metric_series(inp)
    assert [m.day for m in metrics] == [a.day, b.day]
    assert evaluate(inp).metrics.weekly_load == 600.0
    with pytest.raises(ValueError, match="two records"):
        evaluate(EngineInput(athlete=ATHLETE, days=(a, a, b)))


def test_evaluate_rejects_a_day_outside_the_input():
    inp = EngineInput(athlete=ATHLETE, days=load_days([100]))
    with pytest.raises(ValueError, match="outside"):
        evaluate(inp, on=START + timedelta(days=5))
    with pytest.raises(ValueError):
        evaluate(EngineInput(athlete=ATHLETE, days=()))
