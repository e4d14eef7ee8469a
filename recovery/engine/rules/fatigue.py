"""The fatigue rule: several signs from the other rules together."""

from __future__ import annotations

from ..i18n import N_, phrase
from ..types import Evidence
from .base import RECENT_DAYS, Hit, Param, Rule, RuleContext, _checkins
from .sleep import SLEEP_SHORT
from .soreness import SORENESS_PERSISTENT
from .strength import STRENGTH_PLATEAU
from .wellness import WELLNESS_STRESS_HIGH


def _sign(ctx: RuleContext, rule: Rule) -> Hit | None:
    needed, hit = ctx.outcome(rule)
    return None if needed else hit


def _fatigue_accumulated(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    signs: list[tuple[str, Evidence]] = []
    if _sign(ctx, SORENESS_PERSISTENT) is not None:
        soreness = ctx.days[ctx.t].checkin.soreness
        signs.append(
            (N_("persistent soreness"), Evidence(N_("persistent soreness"), soreness, "/7"))
        )
    plateau = _sign(ctx, STRENGTH_PLATEAU)
    if plateau is not None:
        signs.append(
            (
                N_("a strength plateau"),
                Evidence(N_("strength plateau"), plateau.evidence[0].value, "%"),
            )
        )
    energy_days = int(p["low_energy_days"])
    energy_max = int(p["low_energy"])
    run = list(ctx.indices(energy_days))
    energies = [ctx.days[i].checkin.energy if ctx.days[i].checkin else None for i in run]
    if len(run) == energy_days and all(e is not None and e <= energy_max for e in energies):
        signs.append(
            (
                f"energy {energy_max} or less for {energy_days} days",
                Evidence(
                    N_("low energy, days in a row"), energy_days, "days", threshold=energy_days
                ),
            )
        )
    short = _sign(ctx, SLEEP_SHORT)
    if short is not None:
        signs.append(
            (
                N_("short sleep"),
                Evidence(N_("mean sleep, last 3 nights"), short.evidence[0].value, "h"),
            )
        )
    stress = _sign(ctx, WELLNESS_STRESS_HIGH)
    if stress is not None:
        signs.append(
            (
                N_("high stress"),
                Evidence(N_("check-ins with high stress"), stress.evidence[0].value),
            )
        )
    needed = int(p["signs"])
    if len(signs) < needed:
        return None
    message = (
        phrase(
            "Several signs of accumulated fatigue together ({count} of 5: {signs}).",
            count=len(signs),
            signs=tuple(name for name, _ in signs),
        ),
        phrase("Consider an easier few days; if it goes on, speak to a clinician."),
    )
    evidence = (Evidence(N_("signs present"), len(signs), "of 5", threshold=needed),) + tuple(
        e for _, e in signs
    )
    return Hit(message, evidence)


FATIGUE_ACCUMULATED = Rule(
    code="fatigue.accumulated",
    title=N_("Signs of accumulated fatigue"),
    severity="alert",
    params=(
        Param("signs", 3, 1, 5, "signs", N_("signs present together that fire"), int),
        Param("low_energy", 2, 1, 5, "/5", N_("energy at or below this is low"), int),
        Param("low_energy_days", 3, 1, 7, "days", N_("days in a row of low energy"), int),
    ),
    min_days=3,
    data_note=N_("check-ins in the last 7 days"),
    source="Kellmann et al. 2018 (recovery consensus); Saw, Main & Gastin 2016",
    check=_fatigue_accumulated,
    coverage=_checkins(RECENT_DAYS),
)


RULES = (FATIGUE_ACCUMULATED,)
