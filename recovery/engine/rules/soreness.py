"""Soreness rules: soreness after hard training, soreness that persists."""

from __future__ import annotations

from ..i18n import N_, Day, Names, phrase, plural_phrase
from ..metrics import percentile
from ..types import Evidence
from .base import RECENT_DAYS, Hit, Param, Rule, RuleContext, _checkins, _r

DOMS_WINDOW_DAYS = 84


def area_label(code: str) -> str:
    """A sore area as the check-in names it, for use inside a sentence: "lower_back" gives
    "lower back" (journal.models.MUSCLE_GROUPS labels, lower-cased; a test keeps them equal)."""
    return code.replace("_", " ")


# The areas' names inside a sentence, marked for translation (AREA_WORDS keeps them).
AREA_WORDS = (
    N_("chest"),
    N_("back"),
    N_("shoulders"),
    N_("biceps"),
    N_("triceps"),
    N_("forearms"),
    N_("core"),
    N_("glutes"),
    N_("quads"),
    N_("hamstrings"),
    N_("calves"),
    N_("hips"),
    N_("lower back"),
    N_("neck"),
    N_("the sore muscles"),
)


def _areas(areas: tuple[str, ...]) -> Names:
    """The sore areas in words: "quads", "quads and lower back", "chest, back and core"."""
    return Names(tuple(area_label(code) for code in areas) or ("the sore muscles",))


def _training_days_in_window(ctx: RuleContext, p: dict[str, float]) -> int:
    return sum(1 for i in ctx.indices(DOMS_WINDOW_DAYS) if ctx.days[i].sessions)


def _soreness_doms(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    checkin = ctx.days[ctx.t].checkin
    level = int(p["soreness"])
    if checkin is None or checkin.soreness < level:
        return None
    session_loads = [
        s.rpe * s.duration_min for i in ctx.indices(DOMS_WINDOW_DAYS) for s in ctx.days[i].sessions
    ]
    hard = percentile(session_loads, p["percentile"])
    if hard is None or hard <= 0:
        return None
    for back in (1, 2, 3):
        record = ctx.record(ctx.t - back)
        if record is None:
            continue
        loads = [s.rpe * s.duration_min for s in record.sessions]
        if loads and max(loads) >= hard:
            top = max(loads)
            message = (
                plural_phrase(
                    "Soreness {soreness}/7 {days} day after a hard session ({load} AU on {day};"
                    " your {percentile}th percentile is {hard} AU).",
                    "Soreness {soreness}/7 {days} days after a hard session ({load} AU on {day};"
                    " your {percentile}th percentile is {hard} AU).",
                    "days",
                    soreness=checkin.soreness,
                    days=back,
                    load=f"{top:.0f}",
                    day=Day(record.day),
                    percentile=f"{p['percentile']:g}",
                    hard=f"{hard:.0f}",
                ),
                phrase(
                    "Soreness one to three days after a hard session is usually an expected"
                    " response to the work."
                ),
                phrase(
                    "Consider active recovery for {areas}: easy movement, mobility work and sleep.",
                    areas=_areas(checkin.sore_areas),
                ),
            )
            return Hit(
                message,
                (
                    Evidence(N_("soreness"), checkin.soreness, "/7", threshold=level),
                    Evidence(N_("hard session load"), _r(top, 0), "AU", threshold=_r(hard, 0)),
                    Evidence(N_("days since the session"), back, "days"),
                ),
            )
    return None


SORENESS_DOMS = Rule(
    code="soreness.doms",
    title=N_("Soreness after hard training"),
    severity="info",
    params=(
        Param("soreness", 5, 1, 7, "/7", N_("soreness at or above this counts"), int),
        Param(
            "percentile", 90.0, 50.0, 100.0, "%", N_("a session at this load percentile is hard")
        ),
    ),
    min_days=10,
    data_note=N_("days with a session in the last 84 days"),
    source="Cheung, Hume & Maxwell 2003 (delayed onset muscle soreness); Foster 1998",
    check=_soreness_doms,
    coverage=_training_days_in_window,
)


def _persistent_window(p: dict[str, float]) -> int:
    return max(RECENT_DAYS, int(p["days"]))


def _soreness_persistent(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    run_days = int(p["days"])
    level = int(p["soreness"])
    run = list(ctx.indices(run_days))
    if len(run) < run_days:
        return None
    checkins = [ctx.days[i].checkin for i in run]
    if any(c is None or c.soreness < level for c in checkins):
        return None
    today = checkins[-1]
    message = (
        phrase(
            "Muscle soreness has been {level} or more (on 1-7) for {days} days in a row (today"
            " {soreness}/7).",
            level=level,
            days=run_days,
            soreness=today.soreness,
        ),
        phrase(
            "Consider easier sessions for {areas}; if it goes on or gets worse, speak to a"
            " physiotherapist or a clinician.",
            areas=_areas(today.sore_areas),
        ),
    )
    return Hit(
        message,
        (
            Evidence.phrased(
                phrase("days in a row with soreness {level} or more", level=level),
                run_days,
                "days",
                threshold=run_days,
            ),
            Evidence(N_("soreness today"), today.soreness, "/7", threshold=level),
        ),
    )


SORENESS_PERSISTENT = Rule(
    code="soreness.persistent",
    title=N_("Persistent soreness"),
    severity="caution",
    params=(
        Param("soreness", 5, 1, 7, "/7", N_("soreness at or above this counts"), int),
        Param("days", 5, 2, 14, "days", N_("days in a row that fire"), int),
    ),
    min_days=5,
    data_note=N_("check-ins in the last 7 days (or the last `days` days if longer)"),
    source="Kellmann et al. 2018 (recovery consensus); Cheung, Hume & Maxwell 2003",
    check=_soreness_persistent,
    coverage=lambda ctx, p: _checkins(_persistent_window(p))(ctx, p),
    required=lambda p: int(p["days"]),
)


RULES = (SORENESS_DOMS, SORENESS_PERSISTENT)
