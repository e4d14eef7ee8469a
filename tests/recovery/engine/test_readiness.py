"""Readiness: its parts, bands, calibration and neutral scoring of missing data."""

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from recovery.engine import (
    AthleteProfile,
    CheckIn,
    DayRecord,
    EngineInput,
    Session,
    Sleep,
    evaluate,
)
from recovery.engine.readiness import band_for

END = date(2025, 3, 31)
ATHLETE = AthleteProfile(body_mass_kg=80.0, focus="mixed", goal="maintain")


def night(day: date, hours: float) -> Sleep:
    bedtime = datetime(day.year, day.month, day.day, 23, tzinfo=UTC) - timedelta(days=1)
    return Sleep(bedtime=bedtime, wake=bedtime + timedelta(hours=hours))


def days(n, make):
    return tuple(
        DayRecord(day=END - timedelta(days=back), **make(back, END - timedelta(days=back)))
        for back in range(n - 1, -1, -1)
    )


def readiness_of(records):
    return evaluate(EngineInput(athlete=ATHLETE, days=records)).readiness


def part(readiness, name):
    return next(p for p in readiness.parts if p.name == name)


@pytest.mark.parametrize(
    ("score", "band"),
    [(100, "green"), (67, "green"), (66, "amber"), (34, "amber"), (33, "red"), (0, "red")],
)
def test_bands(score, band):
    assert band_for(score) == band


def test_no_data_gives_no_score():
    readiness = readiness_of(days(3, lambda back, day: {}))
    assert readiness.score is None
    assert readiness.band is None
    assert readiness.calibrating is True
    assert readiness.calibrating_days_left == 7
    assert readiness.weakest is None
    assert [p.name for p in readiness.parts] == ["sleep", "wellness", "load"]


def test_calibrating_with_fewer_than_seven_days_of_data():
    readiness = readiness_of(
        days(10, lambda back, day: {"sleep": night(day, 8)} if back < 3 else {})
    )
    assert readiness.calibrating is True
    assert readiness.calibrating_days_left == 4
    assert readiness.band is None
    assert readiness.score is not None


def test_missing_parts_score_half_their_maximum():
    # Seven full nights at target; no check-in, no training.
    readiness = readiness_of(days(7, lambda back, day: {"sleep": night(day, 8)}))
    assert readiness.calibrating is False
    assert part(readiness, "sleep").score == 35.0
    assert part(readiness, "wellness").score == 17.5
    assert "neutral" in part(readiness, "wellness").note
    assert part(readiness, "load").score == 15.0
    assert readiness.score == 68  # 35 + 17.5 + 15 = 67.5
    assert readiness.band == "green"
    assert readiness.weakest == "wellness"  # 0.5 ties with load; sleep, wellness, load order


def test_sleep_part_hand_computed():
    # Last night 6 h of 8: 1 - 2/4 = 0.5; debt 7 x 2 = 14 h: clamped to 0.
    readiness = readiness_of(days(7, lambda back, day: {"sleep": night(day, 6)}))
    assert part(readiness, "sleep").score == pytest.approx(35 * (0.6 * 0.5 + 0.4 * 0.0))
    assert readiness.weakest == "sleep"
    # One night of 7 h: last night 0.75, debt 1 h -> 0.9.
    readiness = readiness_of(days(1, lambda back, day: {"sleep": night(day, 7)}))
    assert part(readiness, "sleep").score == pytest.approx(35 * (0.6 * 0.75 + 0.4 * 0.9), abs=0.05)


def test_wellness_part_absolute_scale_before_baseline():
    checkin = CheckIn(3, 3, 2, 2, energy=4)  # Hooper 10: (28 - 10)/24 = 0.75; energy 0.75
    readiness = readiness_of(days(1, lambda back, day: {"checkin": checkin}))
    assert part(readiness, "wellness").score == pytest.approx(35 * 0.75, abs=0.06)
    assert "of 28" in part(readiness, "wellness").note


def test_wellness_part_against_own_baseline():
    def make(back, day):
        if back == 0:
            return {"checkin": CheckIn(4, 3, 3, 3, energy=3)}  # Hooper 13
        hooper_10 = CheckIn(3, 3, 2, 2, energy=3)
        hooper_12 = CheckIn(3, 3, 3, 3, energy=3)
        return {"checkin": hooper_10 if back % 2 else hooper_12}

    readiness = readiness_of(days(29, make))
    z = 2 / math.sqrt(28 / 27)
    expected = 35 * (0.75 * (0.75 - z / 4) + 0.25 * 0.5)
    assert part(readiness, "wellness").score == pytest.approx(expected, abs=0.05)
    assert "usual 11.0" in part(readiness, "wellness").note


def test_load_part_hand_computed_after_42_days():
    records = days(50, lambda back, day: {"sessions": (Session("cardio", 100, 1.0),)})
    readiness = readiness_of(records)
    # Yesterday (day 49 of 50): fitness 100(1 - e^(-49/42)), fatigue 100(1 - e^(-49/7)).
    fitness = 100 * (1 - math.exp(-49 / 42))
    fatigue = 100 * (1 - math.exp(-49 / 7))
    form = 0.75 + 0.75 * (fitness - fatigue) / max(fitness, fatigue)
    ratio = 1.0  # constant load: acute = chronic
    assert part(readiness, "load").score == pytest.approx(30 * (0.5 * form + 0.5 * ratio), abs=0.05)


def test_form_counts_only_after_42_days_of_history():
    # 30 days: the load ratio (1.0) counts, form is still neutral (0.5).
    records = days(30, lambda back, day: {"sessions": (Session("cardio", 100, 1.0),)})
    load = part(readiness_of(records), "load")
    assert load.score == pytest.approx(30 * (0.5 * 0.5 + 0.5 * 1.0))
    assert "after 42 days" in load.note


def test_load_part_neutral_before_history():
    records = days(10, lambda back, day: {"sessions": (Session("cardio", 100, 1.0),)})
    assert part(readiness_of(records), "load").score == 15.0


def test_yesterdays_load_spike_lowers_todays_load_part():
    def make(back, day):
        return {"sessions": (Session("cardio", 900 if back == 1 else 100, 1.0),)}

    readiness = readiness_of(days(50, make))
    calm = readiness_of(days(50, lambda back, day: {"sessions": (Session("cardio", 100, 1.0),)}))
    assert part(readiness, "load").score < part(calm, "load").score
    assert readiness.weakest == "load"


def test_todays_own_training_counts_tomorrow():
    def make(back, day):
        return {"sessions": (Session("cardio", 900 if back == 0 else 100, 1.0),)}

    spiked_today = readiness_of(days(50, make))
    calm = readiness_of(days(50, lambda back, day: {"sessions": (Session("cardio", 100, 1.0),)}))
    assert part(spiked_today, "load").score == part(calm, "load").score


def test_score_is_the_rounded_sum_of_the_parts():
    def make(back, day):
        return {
            "sleep": night(day, 7.5),
            "checkin": CheckIn(2, 3, 2, 4, energy=4),
            "sessions": (Session("strength", 60, 6.0),) if back % 3 else (),
        }

    readiness = readiness_of(days(60, make))
    total = sum(p.score for p in readiness.parts)
    assert abs(readiness.score - total) <= 1
    assert readiness.band == band_for(readiness.score)
    ratios = {p.name: p.score / p.max_score for p in readiness.parts}
    assert readiness.weakest == min(ratios, key=ratios.get)
