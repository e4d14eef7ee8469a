"""Builders and checks the rule tests share: days of records, one evaluation, its findings."""

import re
from datetime import UTC, date, datetime, timedelta

from recovery.engine import (
    REGISTRY,
    AthleteProfile,
    CheckIn,
    DayRecord,
    EngineInput,
    Session,
    Sleep,
    evaluate,
)

END = date(2025, 3, 31)
BANNED = re.compile(
    r"overtrain|syndrome|injur|diagnos|disorder|disease|insomnia|deficien|\bmg\b|\bdose",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- builders


def profile(**overrides) -> AthleteProfile:
    return AthleteProfile(
        **{"body_mass_kg": 80.0, "focus": "mixed", "goal": "maintain", **overrides}
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def night(wake_day: date, hours: float, bed: tuple[int, int] = (23, 0)) -> Sleep:
    """A night ending on wake_day; bedtimes before noon are after midnight."""
    bed_day = wake_day if bed[0] < 12 else wake_day - timedelta(days=1)
    bedtime = at(bed_day, *bed)
    return Sleep(bedtime=bedtime, wake=bedtime + timedelta(hours=hours))


def ck(stress=2, soreness=2, energy=4, sleep_quality=2, fatigue=2, **extra) -> CheckIn:
    return CheckIn(sleep_quality, fatigue, stress, soreness, energy, **extra)


def load(amount: int, kind: str = "cardio") -> Session:
    return Session(kind, amount, 1.0)


def days(n: int, make=None, end: date = END) -> tuple[DayRecord, ...]:
    """n days ending on `end`; make(back, day) gives DayRecord fields (back 0 = end)."""
    out = []
    for i in range(n):
        day = end - timedelta(days=n - 1 - i)
        fields = make(n - 1 - i, day) if make else {}
        out.append(DayRecord(day=day, **(fields or {})))
    return tuple(out)


def loads(values: list[int]) -> tuple[DayRecord, ...]:
    """Daily loads, oldest first; a 0 is a rest day with a check-in so it counts as history."""
    return days(
        len(values),
        lambda back, day: (
            {"sessions": (load(values[-1 - back]),)} if values[-1 - back] else {"checkin": ck()}
        ),
    )


def run(records, athlete=None, configs=None, on=None):
    inp = EngineInput(athlete=athlete or profile(), days=tuple(records), rule_configs=configs or {})
    return evaluate(inp, on=on)


def find(evaluation, code):
    found = [f for f in evaluation.findings if f.code == code]
    assert len(found) <= 1
    if found:
        finding = found[0]
        assert "onsider" in finding.message
        assert not BANNED.search(finding.message), finding.message
        assert finding.guidance_slug == code.replace(".", "-").replace("_", "-")
        assert finding.title == REGISTRY[code].title
        assert finding.day == evaluation.day
        return finding
    return None


def pending(evaluation, code):
    for item in evaluation.pending:
        if item.code == code:
            return item.days_needed
    return None


def evidence(finding, label_start):
    for item in finding.evidence:
        if item.label.startswith(label_start):
            return item
    raise AssertionError(f"no evidence {label_start!r} in {finding.evidence}")


# ---------------------------------------------------------------- days several rule files use


def short_nights(hours, n=7):
    return days(n, lambda back, day: {"sleep": night(day, hours)})


def fatigue_days(stress=(5, 5, 5, 1), energy=(4, 4, 2, 2, 2), soreness=(5, 5, 5, 5, 5)):
    stress = (1,) + tuple(stress)

    def make(back, day):
        i = 4 - back
        return {"checkin": ck(stress=stress[i], energy=energy[i], soreness=soreness[i])}

    return days(5, make)
