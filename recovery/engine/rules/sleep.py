"""Sleep rules: short nights, sleep debt, irregular bedtimes, late meals and late
caffeine."""

from __future__ import annotations

from datetime import timedelta

from ..i18n import N_, phrase, plural_phrase
from ..metrics import circular_mean_min, circular_sd_min, local_clock_min
from ..types import Evidence
from .base import Hit, Param, Rule, RuleContext, _clock_label, _fmt, _r


def _nights_logged(ctx: RuleContext, p: dict[str, float]) -> int:
    return len(ctx.nights())


def _sleep_short(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    nights = [sleep for _, sleep in ctx.nights()][-3:]
    if len(nights) < 3:
        return None
    mean_h = sum(n.duration_h for n in nights) / len(nights)
    target = ctx.athlete.sleep_target_h
    if mean_h >= target:
        return None
    alert_below = p["alert_below_h"]
    escalate = mean_h < alert_below
    message = [
        phrase(
            "Your last 3 nights averaged {mean_h} h against your {target_h} h target.",
            mean_h=_fmt(mean_h, target),
            target_h=f"{target:g}",
        )
    ]
    if escalate:
        message.append(phrase("That is under {alert_h} h.", alert_h=f"{alert_below:g}"))
    message.append(
        phrase(
            "Consider an earlier bedtime for the next few nights and keeping"
            " today's training on the easy side if you feel flat."
        )
    )
    evidence = [Evidence(N_("mean sleep, last 3 nights"), _r(mean_h), "h", threshold=target)]
    if escalate:
        evidence.append(Evidence(N_("alert below"), _r(mean_h), "h", threshold=alert_below))
    return Hit(tuple(message), tuple(evidence), escalate)


SLEEP_SHORT = Rule(
    code="sleep.short",
    title=N_("Short sleep"),
    severity="caution",
    params=(
        Param("alert_below_h", 6.0, 0.0, 12.0, "h", N_("3-night mean below this is an alert")),
    ),
    min_days=3,
    data_note=N_("nights logged in the last 7 days"),
    source="Hirshkowitz et al. 2015 (National Sleep Foundation: 7-9 h for adults)",
    check=_sleep_short,
    coverage=_nights_logged,
)


def _sleep_debt(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    nights = [sleep for _, sleep in ctx.nights()]
    target = ctx.athlete.sleep_target_h
    debt = sum(max(0.0, target - n.duration_h) for n in nights)
    limit = p["debt_h"]
    if not nights or debt <= limit:
        return None
    message = (
        plural_phrase(
            "Over the last {nights} logged night you slept {debt_h} h less in total than your"
            " {target_h} h target.",
            "Over the last {nights} logged nights you slept {debt_h} h less in total than your"
            " {target_h} h target.",
            "nights",
            nights=len(nights),
            debt_h=_fmt(debt, limit),
            target_h=f"{target:g}",
        ),
        phrase(
            "Consider protecting a longer sleep window for a few nights before adding training."
        ),
    )
    return Hit(
        message,
        (
            Evidence(N_("sleep debt, last 7 nights"), _r(debt), "h", threshold=limit),
            Evidence(N_("nights logged"), len(nights), "nights"),
            Evidence(N_("sleep target"), target, "h"),
        ),
    )


SLEEP_DEBT = Rule(
    code="sleep.debt",
    title=N_("Sleep debt"),
    severity="caution",
    params=(Param("debt_h", 5.0, 0.0, 40.0, "h", N_("7-night sleep debt above this fires")),),
    min_days=3,
    data_note=N_("nights logged in the last 7 days"),
    source="Van Dongen et al. 2003 (cumulative cost of restricted sleep)",
    check=_sleep_debt,
    coverage=_nights_logged,
)


def _sleep_irregular(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    nights = ctx.nights()
    bedtimes = [local_clock_min(sleep.bedtime, ctx.series.zone) for _, sleep in nights]
    sd_min = circular_sd_min(bedtimes)
    limit = p["sd_min"]
    if sd_min is None or sd_min <= limit:
        return None
    mean_min = circular_mean_min(bedtimes)
    mean_label = _clock_label(mean_min) if mean_min is not None else None
    message = (
        phrase(
            "Your bedtimes over the last {nights} nights varied by {sd_min} min (standard"
            " deviation), more than {limit} min.",
            nights=len(nights),
            sd_min=_fmt(sd_min, limit, 0),
            limit=f"{limit:g}",
        ),
        phrase("Consider going to bed at a similar time each night, within about an hour."),
    )
    return Hit(
        message,
        (
            Evidence(
                N_("bedtime variability, last 7 nights"), _r(sd_min, 1), "min", threshold=limit
            ),
            Evidence(N_("usual bedtime"), mean_label),
        ),
    )


SLEEP_IRREGULAR = Rule(
    code="sleep.irregular",
    title=N_("Irregular bedtimes"),
    severity="caution",
    params=(Param("sd_min", 60.0, 0.0, 720.0, "min", N_("bedtime circular SD above this fires")),),
    min_days=5,
    data_note=N_("nights logged in the last 7 days"),
    source="Phillips et al. 2017 (irregular sleep schedules); Fisher 1993 (circular SD)",
    check=_sleep_irregular,
    coverage=_nights_logged,
)


def _sleep_late_meal(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    min_kcal = p["kcal"]
    window = timedelta(hours=p["hours_before"])
    late_nights = 0
    largest = 0.0
    for i, sleep in ctx.nights():
        bedtime = sleep.bedtime
        heavy = [
            meal.kcal
            for j in (i - 1, i)
            if (record := ctx.record(j)) is not None
            for meal in record.meals
            if meal.kcal >= min_kcal and bedtime - window <= meal.time <= bedtime
        ]
        if heavy:
            late_nights += 1
            largest = max(largest, max(heavy))
    needed = int(p["nights"])
    if late_nights < needed:
        return None
    message = (
        phrase(
            "A meal of {kcal} kcal or more was logged within {hours} h before bedtime on"
            " {nights} of the last 7 nights.",
            kcal=f"{min_kcal:.0f}",
            hours=f"{p['hours_before']:g}",
            nights=late_nights,
        ),
        phrase(
            "Consider having the larger meal earlier in the evening and a lighter snack closer"
            " to bed."
        ),
    )
    return Hit(
        message,
        (
            Evidence(N_("nights with a large late meal"), late_nights, "nights", threshold=needed),
            Evidence(N_("largest late meal"), _r(largest, 0), "kcal", threshold=min_kcal),
        ),
    )


SLEEP_LATE_MEAL = Rule(
    code="sleep.late_meal",
    title=N_("Large meals close to bedtime"),
    severity="info",
    params=(
        Param("kcal", 800.0, 0.0, 5000.0, "kcal", N_("a meal this large or larger counts")),
        Param("hours_before", 2.0, 0.0, 12.0, "h", N_("counts when this close to bedtime")),
        Param("nights", 2, 1, 7, "nights", N_("nights of the last 7 needed"), int),
    ),
    min_days=2,
    data_note=N_("nights logged in the last 7 days"),
    source="Crispim et al. 2011 (food intake close to bedtime and sleep)",
    check=_sleep_late_meal,
    coverage=_nights_logged,
)


def _sleep_late_caffeine(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    sleep = ctx.days[ctx.t].sleep
    if sleep is None:
        return None
    bedtime = sleep.bedtime
    limit = timedelta(hours=p["hours_before"])
    latest = None
    for j in (ctx.t - 1, ctx.t):
        record = ctx.record(j)
        if record is None:
            continue
        for intake in record.intakes:
            if intake.category != "caffeine":
                continue
            gap = bedtime - intake.time
            if timedelta(0) <= gap < limit and (latest is None or intake.time > latest.time):
                latest = intake
    if latest is None:
        return None
    gap_h = (bedtime - latest.time).total_seconds() / 3600.0
    args = {"at": ctx.clock(latest.time), "gap_h": f"{gap_h:.1f}", "bedtime": ctx.clock(bedtime)}
    if latest.name:
        logged = phrase(
            "Caffeine ({name}) was logged at {at}, {gap_h} h before last night's bedtime of"
            " {bedtime}.",
            name=latest.name,
            **args,
        )
    else:
        logged = phrase(
            "Caffeine was logged at {at}, {gap_h} h before last night's bedtime of {bedtime}.",
            **args,
        )
    message = (
        logged,
        phrase(
            "Consider keeping caffeine to earlier in the day and noticing whether your sleep"
            " changes."
        ),
    )
    return Hit(
        message,
        (
            Evidence(N_("caffeine before bedtime"), _r(gap_h), "h", threshold=p["hours_before"]),
            Evidence(N_("last night's sleep"), _r(sleep.duration_h), "h"),
        ),
    )


SLEEP_LATE_CAFFEINE = Rule(
    code="sleep.late_caffeine",
    title=N_("Caffeine close to bedtime"),
    severity="info",
    params=(Param("hours_before", 6.0, 0.0, 24.0, "h", N_("caffeine closer than this counts")),),
    min_days=1,
    data_note=N_("nights logged in the last 7 days"),
    source="Drake et al. 2013 (caffeine 0, 3 or 6 h before bedtime)",
    check=_sleep_late_caffeine,
    coverage=_nights_logged,
)


RULES = (SLEEP_SHORT, SLEEP_DEBT, SLEEP_IRREGULAR, SLEEP_LATE_MEAL, SLEEP_LATE_CAFFEINE)
