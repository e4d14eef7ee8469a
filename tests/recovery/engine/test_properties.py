"""Properties of the engine on any well-formed input (hypothesis)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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
    evaluate_days,
    metric_series,
)

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "No/Zone"]
KINDS = ["strength", "cardio", "sport", "mobility", "active_recovery"]
CATEGORIES = ["water", "caffeine", "alcohol", "supplement", "other"]
LIFTS = ["Back squat", "Bench press", "Deadlift"]
SEVERITY_RANK = {"alert": 0, "caution": 1, "info": 2}
PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

small_float = st.floats(min_value=0, max_value=400, allow_nan=False)


def moment(draw, day: date, zone: str, low_h: float, high_h: float) -> datetime:
    tz = ZoneInfo(zone) if zone != "No/Zone" else UTC
    hours = draw(st.floats(min_value=low_h, max_value=high_h, allow_nan=False))
    midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
    return midnight + timedelta(hours=hours)


@st.composite
def day_record(draw, day: date, zone: str) -> DayRecord:
    if draw(st.integers(0, 4)) == 0:
        return DayRecord(day=day)  # an empty day
    sessions = tuple(
        Session(
            kind=draw(st.sampled_from(KINDS)),
            duration_min=draw(st.integers(0, 300)),
            rpe=draw(st.floats(min_value=0, max_value=10, allow_nan=False)),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    e1rm = draw(
        st.dictionaries(st.sampled_from(LIFTS), st.floats(min_value=1, max_value=400), max_size=2)
    )
    sleep = None
    if draw(st.booleans()):
        bedtime = moment(draw, day, zone, -8.0, 3.0)
        hours = draw(st.floats(min_value=0, max_value=16, allow_nan=False))
        sleep = Sleep(bedtime=bedtime, wake=bedtime + timedelta(hours=hours))
    meals = tuple(
        Meal(
            time=moment(draw, day, zone, 0.0, 23.99),
            protein_g=draw(small_float),
            carbs_g=draw(small_float),
            fat_g=draw(small_float),
            kcal=draw(st.floats(min_value=0, max_value=4000, allow_nan=False)),
        )
        for _ in range(draw(st.integers(0, 4)))
    )
    intakes = tuple(
        Intake(
            time=moment(draw, day, zone, 0.0, 23.99),
            category=draw(st.sampled_from(CATEGORIES)),
            name=draw(st.sampled_from(["", "Coffee", "Water", "Tea"])),
            amount=draw(st.floats(min_value=0, max_value=5000, allow_nan=False)),
            unit=draw(st.sampled_from(["ml", "l", "cup", "g"])),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    checkin = None
    if draw(st.booleans()):
        item = st.integers(1, 7)
        checkin = CheckIn(
            sleep_quality=draw(item),
            fatigue=draw(item),
            stress=draw(item),
            soreness=draw(item),
            energy=draw(st.integers(1, 5)),
            sore_areas=tuple(draw(st.lists(st.sampled_from(["quads", "back"]), max_size=2))),
            body_mass_kg=draw(st.none() | st.floats(min_value=25, max_value=300)),
            water_ml=draw(st.none() | st.integers(0, 10000)),
        )
    return DayRecord(
        day=day,
        sessions=sessions,
        e1rm_by_lift=e1rm,
        sleep=sleep,
        meals=meals,
        intakes=intakes,
        checkin=checkin,
        body_mass_kg=draw(st.none() | st.floats(min_value=25, max_value=300)),
    )


@st.composite
def rule_config(draw) -> RuleConfig:
    params = draw(
        st.dictionaries(
            st.sampled_from(["ratio", "days", "weeks", "hours_before", "z", "bogus"]),
            st.one_of(st.integers(-5, 20), st.floats(allow_nan=True), st.text(max_size=3)),
            max_size=2,
        )
    )
    return RuleConfig(
        enabled=draw(st.booleans()),
        severity=draw(st.sampled_from([None, "info", "caution", "alert", "bogus"])),
        params=params,
    )


@st.composite
def engine_input(draw, max_days: int = 60) -> EngineInput:
    zone = draw(st.sampled_from(ZONES))
    start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 500)))
    n = draw(st.integers(1, max_days))
    records = tuple(draw(day_record(start + timedelta(days=i), zone)) for i in range(n))
    athlete = AthleteProfile(
        body_mass_kg=draw(st.floats(min_value=25, max_value=300)),
        focus=draw(st.sampled_from(["strength", "endurance", "mixed"])),
        goal=draw(st.sampled_from(["maintain", "gain_muscle", "lose_fat", "perform"])),
        sleep_target_h=draw(st.floats(min_value=7, max_value=9)),
        protein_target_g_per_kg=draw(st.floats(min_value=0.8, max_value=2.5)),
        water_target_ml_per_kg=draw(st.floats(min_value=20, max_value=70)),
        kcal_target=draw(st.none() | st.integers(1000, 6000)),
        timezone=zone,
    )
    configs = draw(st.dictionaries(st.sampled_from(list(REGISTRY)), rule_config(), max_size=4))
    return EngineInput(athlete=athlete, days=records, rule_configs=configs)


def check_evaluation(evaluation):
    readiness = evaluation.readiness
    if readiness.score is not None:
        assert 0 <= readiness.score <= 100
        assert readiness.used
        assert readiness.weakest is None or readiness.weakest in readiness.used
    else:
        assert readiness.weakest is None
    assert readiness.band in (None, "green", "amber", "red")
    for part in readiness.parts:
        if part.counted:
            assert 0 <= part.score <= part.max_score
        else:
            assert part.max_score == 0
        assert part.value is None or 0 <= part.value <= 1
    ranks = [(SEVERITY_RANK[f.severity], f.code) for f in evaluation.findings]
    assert ranks == sorted(ranks)
    for finding in evaluation.findings:
        assert "onsider" in finding.message
    for item in evaluation.pending:
        assert item.days_needed >= 1


@PROPERTY_SETTINGS
@given(engine_input(max_days=90), st.data())
def test_engine_never_raises_and_stays_in_range(inp, data):
    check_evaluation(evaluate(inp))
    t = data.draw(st.integers(0, len(inp.days) - 1))
    check_evaluation(evaluate(inp, on=inp.days[t].day))


@PROPERTY_SETTINGS
@given(engine_input(max_days=35), st.data())
def test_series_and_days_agree_with_evaluate(inp, data):
    metrics = metric_series(inp)
    assert len(metrics) == len(inp.days)
    t = data.draw(st.integers(0, len(inp.days) - 1))
    single = evaluate(inp, on=inp.days[t].day)
    assert single.metrics == metrics[t]
    (again,) = evaluate_days(inp, [inp.days[t].day])
    assert again == single


@PROPERTY_SETTINGS
@given(engine_input(max_days=20), st.data())
def test_a_longer_night_never_lowers_the_sleep_part(inp, data):
    nights = [i for i, record in enumerate(inp.days) if record.sleep is not None]
    assume(nights)
    i = data.draw(st.sampled_from(nights))
    extra_h = data.draw(st.floats(min_value=0.01, max_value=6))
    record = inp.days[i]
    longer = replace(record.sleep, bedtime=record.sleep.bedtime - timedelta(hours=extra_h))
    days = inp.days[:i] + (replace(record, sleep=longer),) + inp.days[i + 1 :]
    before = evaluate(inp).readiness.parts[1]
    after = evaluate(replace(inp, days=days)).readiness.parts[1]
    assert before.name == after.name == "sleep"
    if before.value is None:  # the night is more than a week back
        assert after.value is None
    else:
        assert after.value >= before.value


@PROPERTY_SETTINGS
@given(engine_input(max_days=40), st.data())
def test_more_load_never_lowers_fatigue(inp, data):
    i = data.draw(st.integers(0, len(inp.days) - 1))
    extra = Session(
        kind=data.draw(st.sampled_from(KINDS)),
        duration_min=data.draw(st.integers(1, 300)),
        rpe=data.draw(st.floats(min_value=0.1, max_value=10)),
    )
    record = inp.days[i]
    days = (
        inp.days[:i] + (replace(record, sessions=record.sessions + (extra,)),) + inp.days[i + 1 :]
    )
    before = metric_series(inp)
    after = metric_series(replace(inp, days=days))
    for j, (old, new) in enumerate(zip(before, after, strict=True)):
        assert new.fatigue >= old.fatigue - 1e-9
        assert new.fitness >= old.fitness - 1e-9
        if j >= i:
            assert new.weekly_load >= old.weekly_load - 1e-9
