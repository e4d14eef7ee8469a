"""Readiness: its parts, the re-normalising over measured parts, baselines with SD floors,
tags kept out of baselines, HRV and resting HR, and the physiology rule."""

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
from recovery.engine.readiness import WEIGHTS_WITHOUT_CHECKIN, band_for

END = date(2025, 3, 31)
ATHLETE = AthleteProfile(body_mass_kg=80.0, focus="mixed", goal="maintain")
GOOD = CheckIn(1, 1, 1, 1, energy=5)


def night(day: date, hours: float = 8, **extra) -> Sleep:
    bedtime = datetime(day.year, day.month, day.day, 23, tzinfo=UTC) - timedelta(days=1)
    return Sleep(bedtime=bedtime, wake=bedtime + timedelta(hours=hours), **extra)


def days(n, make):
    return tuple(
        DayRecord(day=END - timedelta(days=back), **make(back, END - timedelta(days=back)))
        for back in range(n - 1, -1, -1)
    )


def evaluation(records):
    return evaluate(EngineInput(athlete=ATHLETE, days=records))


def readiness_of(records):
    return evaluation(records).readiness


def part(readiness, name):
    return next(p for p in readiness.parts if p.name == name)


def hrv_night(back, ms, **extra):
    """A steady 60 ms with a little spread, or `ms` on the last nights."""
    return night(END - timedelta(days=back), hrv_ms=ms, **extra)


def steady_hrv(back):
    return 60 + (3 if back % 2 else -3)


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
    assert readiness.calibrating_days_left == 7
    assert readiness.weakest is None
    assert [p.name for p in readiness.parts] == ["wellness", "sleep", "physiology", "load"]
    assert readiness.used == ()


def test_calibrating_with_fewer_than_seven_days_of_data():
    readiness = readiness_of(days(10, lambda back, day: {"sleep": night(day)} if back < 3 else {}))
    assert readiness.calibrating is True
    assert readiness.calibrating_days_left == 4
    assert readiness.band is None
    assert readiness.score == 100


def test_a_missing_part_is_left_out_not_scored_as_neutral():
    # Seven nights at target, nothing else: the score is the sleep part alone.
    readiness = readiness_of(days(7, lambda back, day: {"sleep": night(day)}))
    assert readiness.used == ("sleep",)
    assert readiness.score == 100
    assert readiness.weakest is None  # nothing measured pulls it down
    wellness = part(readiness, "wellness")
    assert wellness.score is None and wellness.max_score == 0 and wellness.value is None
    assert "no check-in" in wellness.note
    assert "28 days of history" in part(readiness, "load").note
    assert [p.name for p in readiness.unused] == ["wellness", "physiology", "load"]


def test_weights_renormalise_over_the_measured_parts():
    # 40 days of steady training and 6 h nights, no check-in: sleep and load count.
    def make(back, day):
        return {"sleep": night(day, 6), "sessions": (Session("cardio", 100, 1.0),)}

    readiness = readiness_of(days(40, make))
    assert readiness.used == ("sleep", "load")
    sleep, load = part(readiness, "sleep"), part(readiness, "load")
    share = WEIGHTS_WITHOUT_CHECKIN["sleep"] / (
        WEIGHTS_WITHOUT_CHECKIN["sleep"] + WEIGHTS_WITHOUT_CHECKIN["load"]
    )
    assert sleep.max_score == round(share * 100, 1)
    assert sleep.max_score + load.max_score == pytest.approx(100, abs=0.1)
    # 6 h of 8: 1 h past the tolerance of 1 h -> 0.75; 14 h of debt -> 0.
    assert sleep.value == pytest.approx(0.6 * 0.75)
    assert load.value == pytest.approx(1.0)  # form not yet (42 days), ratio 1.0
    assert readiness.score == round(100 * (share * sleep.value + (1 - share) * load.value))
    assert readiness.weakest == "sleep"


def test_wellness_part_hand_computed():
    checkin = CheckIn(3, 3, 2, 2, energy=4)
    readiness = readiness_of(days(1, lambda back, day: {"checkin": checkin}))
    expected = 0.6 * 4 / 6 + 0.1 * 4 / 6 + 0.1 * 5 / 6 + 0.1 * 5 / 6 + 0.1 * 3 / 4
    assert part(readiness, "wellness").value == pytest.approx(expected)
    assert readiness.score == round(100 * expected)


def test_with_a_check_in_sleep_and_load_are_shown_but_not_scored():
    def make(back, day):
        return {"checkin": GOOD, "sleep": night(day, 4)}

    readiness = readiness_of(days(10, make))
    assert readiness.used == ("wellness",)
    assert readiness.score == 100
    sleep = part(readiness, "sleep")
    assert sleep.value is not None and sleep.score is None
    assert "not scored on a morning with a check-in" in sleep.note


def test_a_new_athlete_is_not_blamed_for_what_they_did_not_log():
    readiness = readiness_of(days(1, lambda back, day: {"checkin": CheckIn(2, 6, 2, 2, energy=3)}))
    assert readiness.weakest == "wellness"
    assert readiness.used == ("wellness",)
    readiness = readiness_of(days(1, lambda back, day: {"sleep": night(day, 8)}))
    assert readiness.weakest is None


def test_hooper_baseline_has_an_sd_floor():
    # 20 identical check-ins (SD 0), then Hooper 13: 3 points over, 3 SD with the floor of 1.
    def make(back, day):
        return {"checkin": CheckIn(4, 3, 3, 3, energy=3) if back == 0 else CheckIn(3, 3, 2, 2, 3)}

    metrics = evaluation(days(21, make)).metrics
    assert metrics.hooper_baseline_sd == 0
    assert metrics.hooper_z == pytest.approx(3.0)


def test_tagged_days_stay_out_of_the_hooper_baseline():
    def make(back, day, tagged_bad=True):
        if 1 <= back <= 5:  # five bad days, tagged ill
            return {"checkin": CheckIn(6, 6, 6, 6, 2), "tags": ("ill",) if tagged_bad else ()}
        return {"checkin": CheckIn(3, 3, 2, 2, 3)}

    tagged = evaluation(days(25, make)).metrics
    untagged = evaluation(days(25, lambda b, d: make(b, d, tagged_bad=False))).metrics
    assert tagged.hooper_baseline_mean == pytest.approx(10.0)
    assert untagged.hooper_baseline_mean > 11


def test_hrv_baseline_is_the_60_days_before_in_ln_with_a_rolling_week():
    def make(back, day):
        return {"sleep": hrv_night(back, steady_hrv(back))}

    metrics = evaluation(days(70, make)).metrics
    assert metrics.hrv_method == "rMSSD"
    assert metrics.hrv_baseline_n == 60
    logs = [math.log(steady_hrv(back)) for back in range(1, 61)]
    assert metrics.hrv_baseline_ln == pytest.approx(sum(logs) / 60)
    assert metrics.hrv_nights_7d == 7
    assert metrics.hrv_ln == pytest.approx(math.log(steady_hrv(0)))


def test_low_hrv_moves_the_score_even_with_a_check_in_and_says_why():
    def make(low):
        def inner(back, day):
            ms = 35 if (low and back < 4) else steady_hrv(back)
            return {"checkin": GOOD, "sleep": hrv_night(back, ms)}

        return inner

    normal = readiness_of(days(40, make(False)))
    low = readiness_of(days(40, make(True)))
    assert normal.used == ("wellness", "physiology")
    assert normal.score == 100
    assert low.score < normal.score - 5
    assert low.weakest == "physiology"
    assert "HRV (rMSSD) 7-day mean" in part(low, "physiology").note


def test_hrv_counts_only_after_14_nights():
    readiness = readiness_of(days(10, lambda back, day: {"sleep": hrv_night(back, 60)}))
    physiology = part(readiness, "physiology")
    assert physiology.score is None
    assert "14 nights" in physiology.note


def test_resting_hr_well_over_baseline_lowers_physiology_without_a_check_in():
    def make(back, day):
        return {"sleep": night(day, resting_hr=62 if back == 0 else 50 + back % 2)}

    readiness = readiness_of(days(30, make))
    physiology = part(readiness, "physiology")
    # 62 against ~50.5: 11.5 over, 3 allowed, 8.5 of 10 -> 0.15.
    assert physiology.value == pytest.approx(1 - (62 - 50.5 - 3) / 10, abs=0.02)


def test_sdnn_is_kept_apart_from_rmssd():
    def make(back, day):
        if back < 5:
            return {"sleep": night(day, hrv_sdnn_ms=30)}
        return {"sleep": hrv_night(back, steady_hrv(back))}

    metrics = evaluation(days(40, make)).metrics
    assert metrics.hrv_method == "rMSSD"
    rmssd_only = [math.log(steady_hrv(back)) for back in range(5, 40)]
    assert metrics.hrv_baseline_ln == pytest.approx(sum(rmssd_only) / len(rmssd_only))
    assert metrics.hrv_ln is None  # last night has SDNN only
    only_sdnn = evaluation(days(20, lambda b, d: {"sleep": night(d, hrv_sdnn_ms=40 + b % 3)}))
    assert only_sdnn.metrics.hrv_method == "SDNN"


def findings_of(records):
    return {f.code: f for f in evaluation(records).findings}


def test_hrv_rule_fires_on_three_low_days_of_four_and_is_silent_otherwise():
    def make(low_days, tags=()):
        def inner(back, day):
            ms = 30 if back < low_days else steady_hrv(back)
            return {"sleep": hrv_night(back, ms), "tags": tags if back < 2 else ()}

        return inner

    assert "physiology.hrv_suppressed" not in findings_of(days(40, make(0)))
    assert "physiology.hrv_suppressed" not in findings_of(days(40, make(1)))
    finding = findings_of(days(40, make(4)))["physiology.hrv_suppressed"]
    assert finding.message.startswith("Your HRV (rMSSD) has averaged")
    assert "Consider" in finding.message
    labels = {e.label for e in finding.evidence}
    assert "HRV 7-day mean (rMSSD)" in labels
    explained = findings_of(days(40, make(4, tags=("alcohol",))))["physiology.hrv_suppressed"]
    assert "Your tags (alcohol)" in explained.message
    assert explained.evidence[-1].value == "alcohol"


def test_hrv_rule_fires_on_resting_hr_well_over_baseline():
    def make(back, day):
        return {"sleep": night(day, resting_hr=60 if back < 3 else 50 + back % 2)}

    finding = findings_of(days(40, make))["physiology.hrv_suppressed"]
    assert "resting heart rate" in finding.message
    assert not finding.message.lower().count("diagnos")


def test_load_part_hand_computed_after_42_days():
    records = days(50, lambda back, day: {"sessions": (Session("cardio", 100, 1.0),)})
    readiness = readiness_of(records)
    fitness = 100 * (1 - math.exp(-49 / 42))
    fatigue = 100 * (1 - math.exp(-49 / 7))
    form = 0.75 + 0.75 * (fitness - fatigue) / max(fitness, fatigue)
    assert part(readiness, "load").value == pytest.approx(0.5 * form + 0.5 * 1.0, abs=0.001)


def test_yesterdays_load_spike_lowers_todays_load_part_and_todays_counts_tomorrow():
    def make(spike_back):
        def inner(back, day):
            return {"sessions": (Session("cardio", 900 if back == spike_back else 100, 1.0),)}

        return inner

    calm = part(readiness_of(days(50, make(-1))), "load").value
    assert part(readiness_of(days(50, make(1))), "load").value < calm
    assert part(readiness_of(days(50, make(0))), "load").value == calm
