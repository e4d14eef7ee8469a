"""Wellness rules from the check-in: high stress, a Hooper score worse than usual."""

from __future__ import annotations

from ..i18n import N_, phrase
from ..metrics import HOOPER_BASELINE_DAYS
from ..types import Evidence
from .base import Hit, Param, Rule, RuleContext, _checkins, _fmt, _last_logged, _r

STRESS_LOOKBACK_DAYS = 14
HOOPER_MIN_BASELINE = 14


def _stress_high(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    of_last = int(p["of_last"])
    picked = _last_logged(
        ctx.indices(STRESS_LOOKBACK_DAYS), of_last, lambda i: ctx.days[i].checkin is not None
    )
    if len(picked) < of_last:
        return None
    level = int(p["stress"])
    high = sum(1 for i in picked if ctx.days[i].checkin.stress >= level)
    needed = int(p["count"])
    if high < needed:
        return None
    message = (
        phrase(
            "Stress was {level} or more (on 1-7) on {high} of your last {count} check-ins.",
            level=level,
            high=high,
            count=len(picked),
        ),
        phrase(
            "Consider what could be eased this week and keeping some sessions easy; if it goes"
            " on, talk it over with someone you trust or a clinician."
        ),
    )
    latest = ctx.days[picked[-1]].checkin.stress
    return Hit(
        message,
        (
            Evidence.phrased(
                phrase("check-ins with stress {level} or more", level=level),
                high,
                threshold=needed,
            ),
            Evidence(N_("latest stress"), latest, "/7", threshold=level),
        ),
    )


WELLNESS_STRESS_HIGH = Rule(
    code="wellness.stress_high",
    title=N_("High stress"),
    severity="caution",
    params=(
        Param("stress", 5, 1, 7, "/7", N_("stress at or above this counts"), int),
        Param("count", 3, 1, 14, "check-ins", N_("high-stress check-ins that fire"), int),
        Param("of_last", 4, 1, 14, "check-ins", N_("out of this many recent check-ins"), int),
    ),
    min_days=4,
    data_note=N_("check-ins in the last 14 days"),
    source="Hooper & Mackinnon 1995; Saw, Main & Gastin 2016 (self-report measures)",
    check=_stress_high,
    coverage=_checkins(STRESS_LOOKBACK_DAYS),
    required=lambda p: int(p["of_last"]),
)


def _hooper_baseline_checkins(ctx: RuleContext, p: dict[str, float]) -> int:
    run_start = ctx.t - int(p["days"]) + 1
    series = ctx.series
    a = max(0, run_start - HOOPER_BASELINE_DAYS)
    b = max(0, run_start)
    return series.hooper_base.base_cnt[b] - series.hooper_base.base_cnt[a]


def _hooper_high(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    run_days = int(p["days"])
    run = list(ctx.indices(run_days))
    if len(run) < run_days:
        return None
    hooper = ctx.series.hooper
    values = [hooper[i] for i in run]
    if any(v is None for v in values):
        return None
    baseline = ctx.series.hooper_base.baseline(run[0] - HOOPER_BASELINE_DAYS, run[0] - 1)
    if baseline is None or baseline[0] < HOOPER_MIN_BASELINE:
        return None
    _, mean, sd = baseline
    sd_used = max(sd, p["min_sd"])
    if sd_used <= 0:
        return None
    z_values = [(v - mean) / sd_used for v in values]
    z_min = min(z_values)
    if z_min < p["z"]:
        return None
    escalate = z_min >= p["alert_z"]
    today = values[-1]
    spread = f"{min(values)}" if min(values) == max(values) else f"{min(values)}-{max(values)}"
    if escalate:
        advice = phrase(
            "Consider an easier day, an earlier night and a look at what is weighing on you; if"
            " it goes on, speak to a clinician."
        )
    else:
        advice = phrase(
            "Consider an easier day, an earlier night and a look at what is weighing on you."
        )
    message = (
        phrase(
            "Your Hooper score (sleep, fatigue, stress and soreness; higher is worse) has been"
            " {spread} for {days} days, at least {z} SD above your usual {mean} (SD {sd}).",
            spread=spread,
            days=run_days,
            z=_fmt(z_min, p["z"], 2),
            mean=f"{mean:.1f}",
            sd=f"{sd:.1f}",
        ),
        advice,
    )
    evidence = [
        Evidence(
            N_("Hooper today"), today, "", threshold=_r(mean + p["z"] * sd_used), baseline=_r(mean)
        ),
        Evidence(N_("lowest z-score of the run"), _r(z_min), "SD", threshold=p["z"]),
        Evidence(N_("baseline SD"), _r(sd), "", threshold=p["min_sd"]),
    ]
    if escalate:
        evidence.append(Evidence(N_("alert at"), _r(z_min), "SD", threshold=p["alert_z"]))
    return Hit(message, tuple(evidence), escalate)


WELLNESS_HOOPER_HIGH = Rule(
    code="wellness.hooper_high",
    title=N_("Wellness worse than usual"),
    severity="caution",
    params=(
        Param("z", 1.0, 0.0, 5.0, "SD", N_("Hooper this far above baseline counts")),
        Param("alert_z", 2.0, 0.0, 5.0, "SD", N_("this far above baseline is an alert")),
        Param("days", 3, 1, 7, "days", N_("days in a row that fire"), int),
        Param("min_sd", 1.0, 0.0, 10.0, "points", N_("smallest baseline SD used")),
    ),
    min_days=14,
    data_note=N_("check-ins in the 28 days before the run"),
    source="Hooper & Mackinnon 1995 (Hooper index); Saw, Main & Gastin 2016",
    check=_hooper_high,
    coverage=_hooper_baseline_checkins,
)


RULES = (WELLNESS_STRESS_HIGH, WELLNESS_HOOPER_HIGH)
