"""Strength rules: a lift whose estimated 1RM has stopped rising."""

from __future__ import annotations

from ..i18n import N_, phrase
from ..types import Evidence
from .base import Hit, Param, Rule, RuleContext, _history, _r

PLATEAU_WEEKS = 4


def _strength_plateau(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    per_week = int(p["sessions_per_week"])
    # best[lift][k] and sessions[lift][k] for rolling week k (0 = the week ending today)
    best: dict[str, list[float]] = {}
    sessions: dict[str, list[int]] = {}
    t = ctx.t
    if t - 7 * PLATEAU_WEEKS + 1 < 0:
        return None
    for k in range(PLATEAU_WEEKS):
        for i in range(t - 7 * k - 6, t - 7 * k + 1):
            for lift, e1rm in ctx.days[i].e1rm_by_lift.items():
                if e1rm is None or e1rm <= 0:
                    continue
                if lift not in best:
                    best[lift] = [0.0] * PLATEAU_WEEKS
                    sessions[lift] = [0] * PLATEAU_WEEKS
                sessions[lift][k] += 1
                if e1rm > best[lift][k]:
                    best[lift][k] = e1rm
    min_gain = p["min_gain_pct"]
    stalled: list[tuple[str, float, float, float]] = []
    for lift in sorted(best):
        if min(sessions[lift]) < per_week:
            continue
        first, last = best[lift][-1], best[lift][0]
        gain_pct = (last / first - 1.0) * 100.0
        if gain_pct < min_gain:
            stalled.append((lift, first, last, gain_pct))
    if not stalled:
        return None
    details = "; ".join(
        f"{lift} {first:.1f} to {last:.1f} kg ({gain:+.1f} %)"
        for lift, first, last, gain in stalled
    )
    message = (
        phrase(
            # xgettext:no-python-format ("{gain} %" is no %-directive)
            "Your best estimated 1RM changed by less than {gain} % over 4 weeks while training"
            " the lift at least {per_week} times a week: {details}.",
            gain=f"{min_gain:g}",
            per_week=per_week,
            details=details,
        ),
        phrase(
            "Consider changing the rep range or the variation, or checking sleep and food,"
            " before adding volume."
        ),
    )
    evidence = tuple(
        Evidence.phrased(
            phrase("{lift} e1RM change over 4 weeks", lift=lift),
            _r(gain, 1),
            "%",
            threshold=min_gain,
            baseline=_r(first, 1),
        )
        for lift, first, _, gain in stalled
    )
    return Hit(message, evidence)


STRENGTH_PLATEAU = Rule(
    code="strength.plateau",
    title=N_("Strength plateau"),
    severity="info",
    params=(
        Param("min_gain_pct", 1.0, 0.0, 20.0, "%", N_("4-week e1RM gain below this fires")),
        Param(
            "sessions_per_week", 2, 1, 7, "sessions", N_("fewest sessions of the lift a week"), int
        ),
    ),
    min_days=28,
    data_note=N_("days of history"),
    source="Epley 1985 (e1RM); Kraemer & Ratamess 2004 (progression in resistance training)",
    check=_strength_plateau,
    coverage=_history,
)


RULES = (STRENGTH_PLATEAU,)
