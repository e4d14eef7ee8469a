"""Readiness: a 0-100 score from the parts of a morning that were measured.

It is the morning's readiness: last night's sleep and physiology, that morning's check-in
and the load up to the end of the day before. The day's own training shows in the next
day's score.

Each part scores 0..1 (1 the best). A part with no data is left out and the weights of the
others re-normalise, so a missing check-in neither helps nor sinks the score and "pulled
down most by" only ever names a part that was measured. The weights and their evidence are
in docs/readiness.md: the athlete's own report carries the score when there is one (it
follows how athletes feel far better than sleep or load do), and sleep, physiology and load
share it on a morning without one.
"""

from __future__ import annotations

import math

from .i18n import Phrase, phrase
from .load import LOAD_RATIO_MIN_DAYS
from .metrics import (
    HRV_LN_SD_FLOOR,
    HRV_ROLLING_MIN,
    PHYSIOLOGY_BASELINE_MIN,
    RESTING_HR_SD_FLOOR,
    Series,
)
from .types import DayMetrics, DayRecord, Readiness, ReadinessPart

GREEN_FROM = 67
RED_UP_TO = 33
CALIBRATION_DAYS = 7
PARTS = ("wellness", "sleep", "physiology", "load")

# Part weights, before re-normalising over the measured parts (docs/readiness.md). With a
# check-in, sleep, load and resting HR added nothing to how closely the score followed how
# athletes felt (PMData, first halves), so the check-in carries it, with HRV beside it.
WEIGHTS_WITH_CHECKIN = {"wellness": 0.85, "sleep": 0.0, "physiology": 0.15, "load": 0.0}
WEIGHTS_WITHOUT_CHECKIN = {"wellness": 0.0, "sleep": 0.40, "physiology": 0.35, "load": 0.25}

# Wellness: fatigue weighs most; each item on its own scale, 1 the best.
ITEM_WEIGHTS = {"fatigue": 0.6, "sleep_quality": 0.1, "stress": 0.1, "soreness": 0.1}
ENERGY_WEIGHT = 0.1

# Sleep: a night this far under target costs nothing; the cost grows to all at 4 h more.
SLEEP_TOLERANCE_H = 1.0
SLEEP_SHORTFALL_ZERO_H = 4.0
SLEEP_DEBT_ZERO_H = 10.0
SLEEP_WEIGHTS = {"last_night": 0.6, "debt": 0.4}

# Physiology: the smallest worthwhile change of HRV is 0.5 baseline SD (Plews et al. 2012).
HRV_SWC_SD = 0.5
HRV_ZERO_SD = 2.0  # the 7-day mean this far under the baseline scores 0
RESTING_HR_TOLERANCE_BPM = 3.0
RESTING_HR_ZERO_BPM = 10.0  # this far over the tolerance scores 0
PHYSIOLOGY_WEIGHTS = {"hrv": 0.75, "resting_hr": 0.25}

# Load: form and the load ratio at the end of yesterday.
FORM_MIN_HISTORY_DAYS = 42  # fitness starts from 0; before one time constant form reads low
LOAD_RATIO_EASY = 1.3
LOAD_RATIO_ZERO = 1.8
LOAD_WEIGHTS = {"form": 0.5, "ratio": 0.5}


def _clamp(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _mean(components: list[tuple[float | None, float]]) -> float | None:
    """The weighted mean of the components that were measured; None when none was."""
    measured = [(value, weight) for value, weight in components if value is not None]
    total = sum(weight for _, weight in measured)
    return sum(value * weight for value, weight in measured) / total if total else None


PartResult = tuple[float | None, tuple[Phrase, ...]]  # (value 0..1, the note's phrases)
NOTE_SEPARATOR = "; "  # between a part's note phrases, in every language


def wellness_part(m: DayMetrics, record: DayRecord) -> PartResult:
    checkin = record.checkin
    if checkin is None:
        return None, (phrase("no check-in this morning"),)
    components = [((7 - getattr(checkin, item)) / 6, w) for item, w in ITEM_WEIGHTS.items()]
    components.append(((checkin.energy - 1) / 4, ENERGY_WEIGHT))
    value = _mean(components)
    args = {"fatigue": checkin.fatigue, "hooper": checkin.hooper, "energy": checkin.energy}
    if m.hooper_z is None:
        note = phrase("fatigue {fatigue}/7, Hooper {hooper} of 28, energy {energy}/5", **args)
    else:
        # Shown, not scored: on PMData a personal z-score lowered the within-athlete rho.
        note = phrase(
            "fatigue {fatigue}/7, Hooper {hooper} of 28, energy {energy}/5"
            " (your usual Hooper {usual}, {z} SD)",
            **args,
            usual=f"{m.hooper_baseline_mean:.1f}",
            z=f"{m.hooper_z:+.1f}",
        )
    return value, (note,)


def sleep_part(m: DayMetrics, record: DayRecord, target_h: float) -> PartResult:
    if m.sleep_h is None and m.sleep_debt_7_h is None:
        return None, (phrase("no night logged this week"),)
    last_night = debt = None
    notes = []
    if m.sleep_h is not None:
        short = max(0.0, target_h - SLEEP_TOLERANCE_H - m.sleep_h)
        last_night = _clamp(1.0 - short / SLEEP_SHORTFALL_ZERO_H)
        notes.append(
            phrase(
                "{sleep_h} h last night against {target_h} h",
                sleep_h=f"{m.sleep_h:.1f}",
                target_h=f"{target_h:g}",
            )
        )
    else:
        notes.append(phrase("last night not logged"))
    if m.sleep_debt_7_h is not None:
        debt = _clamp(1.0 - m.sleep_debt_7_h / SLEEP_DEBT_ZERO_H)
        notes.append(
            phrase("{debt_h} h sleep debt over 7 nights", debt_h=f"{m.sleep_debt_7_h:.1f}")
        )
    weights = SLEEP_WEIGHTS
    return _mean([(last_night, weights["last_night"]), (debt, weights["debt"])]), tuple(notes)


def hrv_value(m: DayMetrics) -> float | None:
    """The 7-day mean of ln HRV against the baseline: 1 within the smallest worthwhile
    change, falling to 0 at 2 SD under. Last night's value counts as much as the mean."""
    if (
        m.hrv_baseline_n < PHYSIOLOGY_BASELINE_MIN
        or m.hrv_nights_7d < HRV_ROLLING_MIN
        or m.hrv_7d_ln is None
    ):
        return None
    sd = max(m.hrv_baseline_sd, HRV_LN_SD_FLOOR)

    def score(ln_value: float | None, allowed_sd: float) -> float | None:
        if ln_value is None:
            return None
        under = (m.hrv_baseline_ln - ln_value) / sd - allowed_sd
        return 1.0 if under <= 0 else _clamp(1.0 - under / (HRV_ZERO_SD - allowed_sd))

    return _mean([(score(m.hrv_7d_ln, HRV_SWC_SD), 0.5), (score(m.hrv_ln, 1.0), 0.5)])


def resting_hr_value(m: DayMetrics) -> float | None:
    if m.resting_hr is None or m.resting_hr_baseline_n < PHYSIOLOGY_BASELINE_MIN:
        return None
    allowed = max(RESTING_HR_TOLERANCE_BPM, max(m.resting_hr_baseline_sd, RESTING_HR_SD_FLOOR))
    over = m.resting_hr - m.resting_hr_baseline - allowed
    return 1.0 if over <= 0 else _clamp(1.0 - over / RESTING_HR_ZERO_BPM)


def physiology_part(m: DayMetrics, hrv_only: bool = False) -> PartResult:
    """HRV and resting HR against the athlete's own baselines. With `hrv_only` (a morning
    with a check-in) resting HR is shown but not scored."""
    hrv, resting = hrv_value(m), resting_hr_value(m)
    notes = []
    if hrv is not None:
        notes.append(
            phrase(
                "HRV ({method}) 7-day mean {mean_ms} ms against your usual {usual_ms} ms",
                method=m.hrv_method,
                mean_ms=f"{hrv_ms(m.hrv_7d_ln):.0f}",
                usual_ms=f"{hrv_ms(m.hrv_baseline_ln):.0f}",
            )
        )
    elif m.hrv_method:
        notes.append(
            phrase(
                "HRV counts once {needed} nights make your baseline ({nights} so far)"
                " and {rolling} fall in the last week",
                needed=PHYSIOLOGY_BASELINE_MIN,
                nights=m.hrv_baseline_n,
                rolling=HRV_ROLLING_MIN,
            )
        )
    if resting is not None:
        notes.append(
            phrase(
                "resting HR {bpm} bpm against your usual {usual}",
                bpm=m.resting_hr,
                usual=f"{m.resting_hr_baseline:.0f}",
            )
        )
    elif m.resting_hr is not None:
        notes.append(
            phrase(
                "resting HR counts once {needed} nights make your baseline ({nights} so far)",
                needed=PHYSIOLOGY_BASELINE_MIN,
                nights=m.resting_hr_baseline_n,
            )
        )
    weights = PHYSIOLOGY_WEIGHTS
    value = _mean([(hrv, weights["hrv"]), (None if hrv_only else resting, weights["resting_hr"])])
    if hrv_only and hrv is None and resting is not None:
        notes.append(phrase("with a check-in, resting HR is shown but not scored"))
    if not notes:
        return None, (phrase("no HRV or resting HR logged"),)
    return value, tuple(notes)


def hrv_ms(ln_value: float | None) -> float | None:
    return None if ln_value is None else math.exp(ln_value)


def load_part(m: DayMetrics, series: Series, t: int) -> PartResult:
    """The load as it stands in the morning: form and the load ratio at the end of
    yesterday, so that the day's own training counts in tomorrow's readiness."""
    history = series.history_days(t - 1)
    form = ratio = None
    notes = []
    if history >= FORM_MIN_HISTORY_DAYS and m.form is not None:
        scale = max(series.fitness_fatigue(t - 1))
        form = 1.0 if scale <= 0 else _clamp(0.75 + 0.75 * m.form / scale)
        notes.append(phrase("form {form}", form=f"{m.form:+.0f}"))
    load_ratio = series.load_ratio(t - 1)
    if load_ratio is not None:
        excess = load_ratio - LOAD_RATIO_EASY
        ratio = 1.0 if excess <= 0 else _clamp(1.0 - excess / (LOAD_RATIO_ZERO - LOAD_RATIO_EASY))
        notes.append(phrase("yesterday's load ratio {ratio}", ratio=f"{load_ratio:.2f}"))
    if not notes:
        return None, (
            phrase(
                "counts after {needed} days of history ({days} so far)",
                needed=LOAD_RATIO_MIN_DAYS,
                days=history,
            ),
        )
    return _mean([(form, LOAD_WEIGHTS["form"]), (ratio, LOAD_WEIGHTS["ratio"])]), tuple(notes)


def band_for(score: int) -> str:
    """green >= 67, amber 34-66, red <= 33."""
    if score >= GREEN_FROM:
        return "green"
    if score <= RED_UP_TO:
        return "red"
    return "amber"


def readiness(series: Series, t: int, metrics: DayMetrics) -> Readiness:
    """Readiness of day t from its measured parts. While calibrating (fewer than 7 days
    with any data) the score is given but the band is None; with no part measured the score
    is None."""
    record = series.days[t]
    left = max(0, CALIBRATION_DAYS - series.data_days(t))
    checked_in = record.checkin is not None
    results = {
        "wellness": wellness_part(metrics, record),
        "sleep": sleep_part(metrics, record, series.athlete.sleep_target_h),
        "physiology": physiology_part(metrics, hrv_only=checked_in),
        "load": load_part(metrics, series, t),
    }
    weights = WEIGHTS_WITH_CHECKIN if checked_in else WEIGHTS_WITHOUT_CHECKIN
    counted = {
        name: value for name, (value, _) in results.items() if value is not None and weights[name]
    }
    total = sum(weights[name] for name in counted)
    parts = []
    for name in PARTS:
        value, notes = results[name]
        if name in counted:
            share = weights[name] / total
            score = round(value * share * 100, 1)
            note = NOTE_SEPARATOR.join(p.english() for p in notes)
            parts.append(ReadinessPart(name, score, round(share * 100, 1), note, value, notes))
        else:
            if value is not None:
                notes += (phrase("not scored on a morning with a check-in, which says more"),)
            note = NOTE_SEPARATOR.join(p.english() for p in notes)
            parts.append(ReadinessPart(name, None, 0, note, value, notes))
    score = weakest = None
    if counted:
        exact = sum(value * weights[name] / total * 100 for name, value in counted.items())
        score = max(0, min(100, round(exact)))
        lowest = min(counted, key=counted.get)
        weakest = lowest if counted[lowest] < 1.0 else None
    return Readiness(
        score=score,
        band=None if left or score is None else band_for(score),
        calibrating=bool(left),
        calibrating_days_left=left,
        parts=tuple(parts),
        weakest=weakest,
    )
