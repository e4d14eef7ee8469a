"""Readiness: a 0-100 score from sleep (35), wellness (35) and load (30).

It is the morning's readiness: last night's sleep, that morning's check-in and the load up
to the end of the day before. The day's own training shows in the next day's score.

Every part is a weighted mean of components scored 0..1. A component with no data
scores 0.5 (neutral), so a missing entry neither helps nor sinks the score; a part with
no data at all therefore scores half its maximum, and its note says so.
"""

from __future__ import annotations

from .metrics import LOAD_RATIO_MIN_DAYS, Series
from .types import DayMetrics, Readiness, ReadinessPart

SLEEP_MAX = 35
WELLNESS_MAX = 35
LOAD_MAX = 30
GREEN_FROM = 67
RED_UP_TO = 33
CALIBRATION_DAYS = 7
NEUTRAL = 0.5

SLEEP_SHORTFALL_ZERO_H = 4.0  # last night this far under target scores 0
SLEEP_DEBT_ZERO_H = 10.0  # a 7-night debt this large scores 0
HOOPER_Z_AT_BASELINE = 0.75  # being at your usual Hooper is good, not middling
FORM_MIN_HISTORY_DAYS = 42  # fitness starts from 0; before one time constant form reads low
LOAD_RATIO_EASY = 1.3
LOAD_RATIO_ZERO = 1.8


def _clamp(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _part(name: str, max_score: int, components: list[tuple[float | None, float]], note: str):
    total_weight = sum(w for _, w in components)
    value = sum((NEUTRAL if c is None else c) * w for c, w in components) / total_weight
    return ReadinessPart(
        name=name, score=round(value * max_score, 1), max_score=max_score, note=note
    ), (value * max_score)


def _sleep_part(m: DayMetrics, target_h: float):
    last_night = debt = None
    notes = []
    if m.sleep_h is not None:
        last_night = _clamp(1.0 - (target_h - m.sleep_h) / SLEEP_SHORTFALL_ZERO_H)
        notes.append(f"{m.sleep_h:.1f} h last night against {target_h:g} h")
    else:
        notes.append("last night not logged (scored as neutral)")
    if m.sleep_debt_7_h is not None:
        debt = _clamp(1.0 - m.sleep_debt_7_h / SLEEP_DEBT_ZERO_H)
        notes.append(f"{m.sleep_debt_7_h:.1f} h sleep debt over 7 nights")
    return _part("sleep", SLEEP_MAX, [(last_night, 0.6), (debt, 0.4)], "; ".join(notes))


def _wellness_part(m: DayMetrics):
    if m.hooper is None or m.energy is None:
        return _part(
            "wellness", WELLNESS_MAX, [(None, 1.0)], "no check-in today (scored as neutral)"
        )
    if m.hooper_z is not None:
        hooper = _clamp(HOOPER_Z_AT_BASELINE - m.hooper_z / 4.0)
        hooper_note = (
            f"Hooper {m.hooper} against your usual {m.hooper_baseline_mean:.1f}"
            f" ({m.hooper_z:+.1f} SD)"
        )
    else:
        # Before a personal baseline exists, use the absolute scale 4 (best) to 28 (worst).
        hooper = _clamp((28 - m.hooper) / 24.0)
        hooper_note = f"Hooper {m.hooper} of 28 (personal baseline after 14 check-ins)"
    energy = _clamp((m.energy - 1) / 4.0)
    note = f"{hooper_note}; energy {m.energy}/5"
    return _part("wellness", WELLNESS_MAX, [(hooper, 0.75), (energy, 0.25)], note)


def _load_part(m: DayMetrics, series: Series, t: int):
    """The load as it stands in the morning: form and the load ratio at the end of
    yesterday, so that the day's own training counts in tomorrow's readiness."""
    history = series.history_days(t - 1)
    form = ratio = None
    notes = []
    if history >= FORM_MIN_HISTORY_DAYS and m.form is not None:
        scale = max(series.fitness_fatigue(t - 1))
        form = 1.0 if scale <= 0 else _clamp(0.75 + 0.75 * m.form / scale)
        notes.append(f"form {m.form:+.0f}")
    else:
        notes.append(f"form counts after {FORM_MIN_HISTORY_DAYS} days of history")
    load_ratio = series.load_ratio(t - 1)
    if load_ratio is not None:
        excess = load_ratio - LOAD_RATIO_EASY
        ratio = 1.0 if excess <= 0 else _clamp(1.0 - excess / (LOAD_RATIO_ZERO - LOAD_RATIO_EASY))
        notes.append(f"yesterday's load ratio {load_ratio:.2f}")
    else:
        notes.append(f"load ratio after {LOAD_RATIO_MIN_DAYS} days of history")
    return _part("load", LOAD_MAX, [(form, 0.5), (ratio, 0.5)], "; ".join(notes))


def band_for(score: int) -> str:
    """green >= 67, amber 34-66, red <= 33."""
    if score >= GREEN_FROM:
        return "green"
    if score <= RED_UP_TO:
        return "red"
    return "amber"


def readiness(series: Series, t: int, metrics: DayMetrics) -> Readiness:
    """Readiness of day t. While calibrating (fewer than 7 days with any data) the score
    is still given but the band is None; with no data at all the score is None too."""
    data_days = series.data_days(t)
    left = max(0, CALIBRATION_DAYS - data_days)
    built = [
        _sleep_part(metrics, series.athlete.sleep_target_h),
        _wellness_part(metrics),
        _load_part(metrics, series, t),
    ]
    parts = tuple(part for part, _ in built)
    if data_days == 0:
        return Readiness(
            score=None,
            band=None,
            calibrating=True,
            calibrating_days_left=left,
            parts=parts,
            weakest=None,
        )
    score = int(round(sum(raw for _, raw in built)))
    score = max(0, min(100, score))
    weakest = min(built, key=lambda pair: pair[1] / pair[0].max_score)[0].name
    return Readiness(
        score=score,
        band=None if left else band_for(score),
        calibrating=bool(left),
        calibrating_days_left=left,
        parts=parts,
        weakest=weakest,
    )
