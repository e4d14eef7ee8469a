"""Physiology rules: HRV under its normal range or resting HR over its baseline."""

from __future__ import annotations

import math

from ..i18n import N_, phrase
from ..metrics import (
    HRV_LN_SD_FLOOR,
    HRV_ROLLING_DAYS,
    HRV_ROLLING_MIN,
    PHYSIOLOGY_BASELINE_DAYS,
    PHYSIOLOGY_BASELINE_MIN,
    RESTING_HR_SD_FLOOR,
)
from ..types import Evidence
from .base import Hit, Param, Rule, RuleContext, _r


def _physiology_nights(ctx: RuleContext, p: dict[str, float]) -> int:
    """Nights with HRV or resting HR in the 60 days before the last `of_days` days."""
    series = ctx.series
    end = ctx.t - int(p["of_days"])
    start = end - PHYSIOLOGY_BASELINE_DAYS + 1
    method = ctx.metrics.hrv_method or "rMSSD"
    hrv = series.hrv[method].baseline(start, end)
    rest = series.resting_hr.baseline(start, end)
    return max(hrv[0] if hrv else 0, rest[0] if rest else 0)


def _hrv_suppressed(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    """HRV's 7-day mean under the athlete's normal range, or resting HR well over its
    baseline, on `days` of the last `of_days` days. Each day is judged against the 60 days
    before it (tagged days left out)."""
    series = ctx.series
    method = ctx.metrics.hrv_method or "rMSSD"
    stats = series.hrv[method]
    low_days = high_days = 0
    low_seen = high_seen = None
    for i in ctx.indices(int(p["of_days"])):
        base_from = i - PHYSIOLOGY_BASELINE_DAYS
        baseline = stats.baseline(base_from, i - 1)
        nights, rolling = stats.mean(i - HRV_ROLLING_DAYS + 1, i)
        if baseline and baseline[0] >= PHYSIOLOGY_BASELINE_MIN and nights >= HRV_ROLLING_MIN:
            _, mean, sd = baseline
            floor = mean - p["swc_sd"] * max(sd, HRV_LN_SD_FLOOR)
            if rolling < floor:
                low_days += 1
                low_seen = (math.exp(rolling), math.exp(mean), math.exp(floor))
        night = ctx.days[i].sleep
        rest = series.resting_hr.baseline(base_from, i - 1)
        if night and night.resting_hr and rest and rest[0] >= PHYSIOLOGY_BASELINE_MIN:
            _, mean, sd = rest
            limit = mean + max(p["rhr_rise_bpm"], 2 * max(sd, RESTING_HR_SD_FLOOR))
            if night.resting_hr >= limit:
                high_days += 1
                high_seen = (night.resting_hr, mean, limit)
    needed = int(p["days"])
    if low_days < needed and high_days < needed:
        return None
    evidence = []
    args: dict[str, object] = {"of_days": int(p["of_days"])}
    if low_days >= needed:
        value, usual, floor = low_seen
        args.update(
            method=method,
            hrv=f"{value:.0f}",
            floor=f"{floor:.0f}",
            usual=f"{usual:.0f}",
            low_days=low_days,
        )
        evidence += [
            Evidence.phrased(
                phrase("HRV 7-day mean ({method})", method=method),
                _r(value),
                "ms",
                threshold=_r(floor),
                baseline=_r(usual),
            ),
            Evidence(N_("days under the normal range"), low_days, "", threshold=needed),
        ]
    if high_days >= needed:
        value, usual, limit = high_seen
        args.update(bpm=value, usual_bpm=f"{usual:.0f}", high_days=high_days)
        evidence += [
            Evidence(N_("resting HR"), value, "bpm", threshold=_r(limit), baseline=_r(usual)),
            Evidence(N_("days well over baseline"), high_days, "", threshold=needed),
        ]
    if low_days >= needed and high_days >= needed:
        found = phrase(
            "Your HRV ({method}) has averaged {hrv} ms over the last week, under your normal"
            " range (from {floor} ms; usual {usual} ms), on {low_days} of the last {of_days}"
            " days and your resting heart rate was {bpm} bpm, well over your usual"
            " {usual_bpm} bpm, on {high_days} of the last {of_days} days.",
            **args,
        )
    elif low_days >= needed:
        found = phrase(
            "Your HRV ({method}) has averaged {hrv} ms over the last week, under your normal"
            " range (from {floor} ms; usual {usual} ms), on {low_days} of the last {of_days}"
            " days.",
            **args,
        )
    else:
        found = phrase(
            "Your resting heart rate was {bpm} bpm, well over your usual {usual_bpm} bpm, on"
            " {high_days} of the last {of_days} days.",
            **args,
        )
    message = (
        found,
        phrase(
            "This often goes with hard training, short sleep, stress, alcohol or a cold coming"
            " on. Consider an easier session or a rest day, and an early night; if you also"
            " feel unwell, consider skipping hard training and speaking to a clinician if it"
            " goes on."
        ),
    )
    return Hit(message, tuple(evidence))


PHYSIOLOGY_HRV_SUPPRESSED = Rule(
    code="physiology.hrv_suppressed",
    title=N_("HRV low or resting HR high"),
    severity="caution",
    params=(
        Param(
            "swc_sd", 0.5, 0.1, 3.0, "SD", N_("the 7-day HRV mean this far under baseline is low")
        ),
        Param("rhr_rise_bpm", 5, 1, 30, "bpm", N_("resting HR this far over baseline is high")),
        Param("days", 3, 1, 7, "days", N_("low or high days that fire"), int),
        Param("of_days", 4, 1, 7, "days", N_("out of this many recent days"), int),
    ),
    min_days=PHYSIOLOGY_BASELINE_MIN,
    data_note=N_("nights with HRV or resting HR in the 60 days before"),
    source="Plews et al. 2012, 2013 (ln rMSSD, 7-day rolling mean, smallest worthwhile"
    " change); Buchheit 2014 (resting and exercise HR monitoring)",
    check=_hrv_suppressed,
    coverage=_physiology_nights,
    required=lambda p: max(PHYSIOLOGY_BASELINE_MIN, int(p["days"])),
)


RULES = (PHYSIOLOGY_HRV_SUPPRESSED,)
