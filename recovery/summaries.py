"""Page-sized summaries built from engine output: a week's totals, findings and chart data.

Plain functions over `Evaluation`s and `DayMetrics`; no ORM here either.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from recovery.engine import AthleteProfile, DayMetrics, DayRecord, Evaluation
from recovery.engine.agreement import spearman
from recovery.engine.load import LOAD_RATIO_REFERENCE_BAND
from recovery.engine.rules import SEVERITY_ORDER


def iso_week_start(year: int, week: int) -> date:
    """The Monday of an ISO week; ValueError for a week that does not exist (e.g. W54)."""
    return date.fromisocalendar(year, week, 1)


def iso_week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


@dataclass
class WeekTotals:
    sessions: int = 0
    load: float = 0.0
    sleep_mean_h: float | None = None
    sleep_debt_h: float | None = None
    bedtime_sd_min: float | None = None
    protein_g_per_kg: float | None = None
    water_ml_per_kg: float | None = None
    hooper: float | None = None
    days_logged: int = 0


TOTAL_LABELS = [
    # More training is neither better nor worse in itself: the load findings judge it.
    # Labels stay English here (stored, compared); the pages translate them on display.
    ("sessions", gettext_noop("Sessions"), "", 0, ""),
    ("load", gettext_noop("Training load"), "AU", 0, ""),
    ("sleep_mean_h", gettext_noop("Mean sleep"), "h", 1, "more"),
    ("sleep_debt_h", gettext_noop("Sleep debt"), "h", 1, "less"),
    ("bedtime_sd_min", gettext_noop("Bedtime variability"), "min", 0, "less"),
    ("protein_g_per_kg", gettext_noop("Mean protein"), "g/kg", 2, "more"),
    ("water_ml_per_kg", gettext_noop("Mean water"), "ml/kg", 0, "more"),
    ("hooper", gettext_noop("Mean Hooper index"), "4–28", 1, "less"),
]


def week_totals(days: Sequence[DayMetrics], sleep_target_h: float) -> WeekTotals:
    """Totals of up to seven days of metrics (the days that have happened)."""
    if not days:
        return WeekTotals()
    nights = [m.sleep_h for m in days if m.sleep_h is not None]
    return WeekTotals(
        sessions=sum(m.sessions or 0 for m in days),
        load=sum(m.daily_load or 0 for m in days),
        sleep_mean_h=_mean(nights),
        sleep_debt_h=sum(max(0.0, sleep_target_h - h) for h in nights) if nights else None,
        bedtime_sd_min=days[-1].bedtime_sd_7_min,
        protein_g_per_kg=_mean([m.protein_g_per_kg for m in days]),
        water_ml_per_kg=_mean([m.water_ml_per_kg for m in days]),
        hooper=_mean([m.hooper for m in days]),
        days_logged=sum(
            1 for m in days if m.sessions or m.sleep_h is not None or m.hooper or m.meals
        ),
    )


@dataclass
class TotalRow:
    label: str
    value: float | None
    previous: float | None
    unit: str
    digits: int
    better: str  # which way is better: "more", "less", or "" for neither

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def improved(self) -> bool | None:
        change = self.change
        if change is None or round(change, self.digits) == 0 or not self.better:
            return None
        return (change > 0) == (self.better == "more")


def total_rows(current: WeekTotals, previous: WeekTotals) -> list[TotalRow]:
    return [
        TotalRow(label, getattr(current, name), getattr(previous, name), unit, digits, better)
        for name, label, unit, digits, better in TOTAL_LABELS
    ]


@dataclass
class WeekFinding:
    code: str
    title: str
    severity: str
    guidance_slug: str
    days: list[date] = field(default_factory=list)
    message: str = ""


def week_findings(evaluations: Sequence[Evaluation]) -> list[WeekFinding]:
    """One line per rule that fired during the week, with its days; worst first."""
    by_code: dict[str, WeekFinding] = {}
    for evaluation in evaluations:
        for finding in evaluation.findings:
            line = by_code.get(finding.code)
            if line is None:
                line = by_code[finding.code] = WeekFinding(
                    finding.code, finding.title, finding.severity, finding.guidance_slug
                )
            if SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[line.severity]:
                line.severity = finding.severity
            line.days.append(finding.day)
            line.message = finding.message  # the latest day's wording
    return sorted(by_code.values(), key=lambda w: (SEVERITY_ORDER[w.severity], w.code))


def trend_data(
    states: Sequence[Evaluation],
    profile: AthleteProfile,
    mass_unit: tuple[str, float] = ("kg", 1.0),
) -> dict:
    """Chart series for the trends page from the states of its days, oldest first.

    `mass_unit` is the name and the per-kg factor of the unit the athlete reads masses in,
    for the estimated 1RMs: ("lb", 2.2046…) for imperial units.
    """
    unit, per_kg = mass_unit
    metrics = [state.metrics for state in states]
    days = [state.record or DayRecord(day=state.day) for state in states]

    def column(name: str, digits: int = 2) -> list[float | None]:
        return [
            None if getattr(m, name) is None else round(getattr(m, name), digits) for m in metrics
        ]

    lift_sessions: dict[str, int] = {}
    for record in days:
        for lift in record.e1rm_by_lift:
            lift_sessions[lift] = lift_sessions.get(lift, 0) + 1
    main_lifts = sorted(lift_sessions, key=lambda lift: (-lift_sessions[lift], lift))[:3]
    week_starts = sorted({r.day - timedelta(days=r.day.weekday()) for r in days})
    e1rm = {}
    for lift in main_lifts:
        best: dict[date, float] = {}
        for record in days:
            value = record.e1rm_by_lift.get(lift)
            if value is not None:
                monday = record.day - timedelta(days=record.day.weekday())
                best[monday] = max(best.get(monday, 0), value)
        e1rm[lift] = [round(best[m] * per_kg, 1) if m in best else None for m in week_starts]

    def hrv(state) -> float | None:
        m = state.metrics
        return None if m.hrv_ln is None else round(math.exp(m.hrv_ln), 1)

    return {
        "days": [r.day.isoformat() for r in days],
        "hrv_ms": [hrv(state) for state in states],
        "hrv_method": next(
            (s.metrics.hrv_method for s in reversed(states) if s.metrics.hrv_method), None
        ),
        "resting_hr": column("resting_hr", 0),
        "fitness": column("fitness", 1),
        "fatigue": column("fatigue", 1),
        "form": column("form", 1),
        "load_ratio": column("load_ratio"),
        "load_ratio_band": list(LOAD_RATIO_REFERENCE_BAND),
        "sleep_h": column("sleep_h"),
        "sleep_target_h": profile.sleep_target_h,
        "protein_g_per_kg": column("protein_g_per_kg"),
        "protein_target": profile.protein_target_g_per_kg,
        "weeks": [m.isoformat() for m in week_starts],
        "e1rm": e1rm,
        "mass_unit": unit,
    }


AGREEMENT_WEEKS = 8
AGREEMENT_MIN_ANSWERS = 20


def agreement(states: Sequence[Evaluation]) -> dict:
    """How closely the score has followed the athlete's "How ready do you feel?" over the
    last 8 weeks: Spearman's rho, in words, once 20 mornings have both."""
    since = states[-1].day - timedelta(days=AGREEMENT_WEEKS * 7 - 1) if states else None
    pairs = [
        (state.readiness.score, state.record.checkin.feel_ready)
        for state in states
        if state.day >= since
        and state.readiness.score is not None
        and state.record is not None
        and state.record.checkin is not None
        and state.record.checkin.feel_ready is not None
    ]
    out = {"answers": len(pairs), "needed": AGREEMENT_MIN_ANSWERS, "rho": None, "words": None}
    if len(pairs) < AGREEMENT_MIN_ANSWERS:
        return out
    rho = spearman([p[0] for p in pairs], [p[1] for p in pairs])
    out["rho"] = rho
    if rho is None:
        out["words"] = gettext_noop("cannot be told yet: one of the two has not changed")
    elif rho >= 0.5:
        out["words"] = gettext_noop(
            "closely: on days you felt more ready, the score was usually higher"
        )
    elif rho >= 0.3:
        out["words"] = gettext_noop(
            "fairly: higher scores tended to come on days you felt more ready"
        )
    elif rho >= 0.1:
        out["words"] = gettext_noop(
            "loosely: the score and how you felt moved together only a little"
        )
    else:
        out["words"] = gettext_noop("not at all: the score has not followed how ready you felt")
    return out


def weekly_table(trends: dict) -> list[dict]:
    """Weekly means of the daily trend series: the text alternative to the charts."""
    rows: dict[date, dict[str, list[float]]] = {}
    names = [
        "fitness",
        "fatigue",
        "form",
        "load_ratio",
        "sleep_h",
        "protein_g_per_kg",
        "hrv_ms",
        "resting_hr",
    ]
    for i, iso_day in enumerate(trends["days"]):
        day = date.fromisoformat(iso_day)
        monday = day - timedelta(days=day.weekday())
        bucket = rows.setdefault(monday, {name: [] for name in names})
        for name in names:
            if trends[name][i] is not None:
                bucket[name].append(trends[name][i])
    # The best estimated 1RM of each main lift that week, as the 1RM chart shows it.
    week_index = {date.fromisoformat(monday): i for i, monday in enumerate(trends["weeks"])}
    return [
        {
            "monday": monday,
            **{name: _mean(values) for name, values in bucket.items()},
            "e1rm": [
                weeks[week_index[monday]] if monday in week_index else None
                for weeks in trends["e1rm"].values()
            ],
        }
        for monday, bucket in sorted(rows.items())
    ]


def chart_summaries(trends: dict) -> list[dict]:
    """One sentence per chart, read by screen readers and shown under each heading."""

    def last(name: str):
        values = [v for v in trends[name] if v is not None]
        return values[-1] if values else None

    def mean(name: str):
        return _mean(trends[name][-28:])

    def fmt(value, digits=1, unit: str = "") -> str:
        """A number in the reader's locale, with its unit."""
        if value is None:
            return _("none logged yet")
        return f"{formats.number_format(round(value, digits), digits)} {unit}".strip()

    latest = {
        lift: next((v for v in reversed(weeks) if v is not None), None)
        for lift, weeks in trends["e1rm"].items()
    }
    lifts = "; ".join(
        f"{lift} {fmt(value, 1, trends['mass_unit'])}" for lift, value in latest.items()
    ) or _("no lifts logged with sets of 10 reps or fewer")
    hrv_name = f"HRV ({trends['hrv_method']})" if trends["hrv_method"] else "HRV"
    low, high = LOAD_RATIO_REFERENCE_BAND
    # Built per request in the reader's language: the titles and sentences are translated
    # here, and the numbers formatted in their locale, before they reach the template.
    return [
        {
            "id": "chart-physiology",
            "title": _("HRV and resting heart rate"),
            "summary": _(
                "Latest %(hrv)s %(hrv_ms)s and resting HR %(bpm)s; 4-week means %(hrv_mean)s"
                " and %(bpm_mean)s."
            )
            % {
                "hrv": hrv_name,
                "hrv_ms": fmt(last("hrv_ms"), 0, "ms"),
                "bpm": fmt(last("resting_hr"), 0, "bpm"),
                "hrv_mean": fmt(mean("hrv_ms"), 0, "ms"),
                "bpm_mean": fmt(mean("resting_hr"), 0, "bpm"),
            },
        },
        {
            "id": "chart-fitness",
            "title": _("Fitness, fatigue and form"),
            "summary": _(
                "Latest fitness %(fitness)s, fatigue %(fatigue)s and form %(form)s (load units)."
            )
            % {
                "fitness": fmt(last("fitness"), 0),
                "fatigue": fmt(last("fatigue"), 0),
                "form": fmt(last("form"), 0),
            },
        },
        {
            "id": "chart-ratio",
            "title": _("Load ratio"),
            "summary": _(
                "Latest load ratio %(ratio)s; the shaded band is %(low)s to %(high)s, a fixed"
                " reference band from Gabbett 2016, the same for everyone and not worked out"
                " from your own history."
            )
            % {
                "ratio": fmt(last("load_ratio"), 2),
                "low": formats.number_format(low),
                "high": formats.number_format(high),
            },
        },
        {
            "id": "chart-sleep",
            "title": _("Sleep against your target"),
            "summary": _("Mean of the last 4 weeks %(mean)s; the target is %(target)s.")
            % {
                "mean": fmt(mean("sleep_h"), 1, "h"),
                "target": fmt(trends["sleep_target_h"], 1, "h"),
            },
        },
        {
            "id": "chart-protein",
            "title": _("Protein against your target"),
            "summary": _("Mean of the last 4 weeks %(mean)s; the target is %(target)s.")
            % {
                "mean": fmt(mean("protein_g_per_kg"), 2, "g/kg"),
                "target": fmt(trends["protein_target"], 2, "g/kg"),
            },
        },
        {
            "id": "chart-e1rm",
            "title": _("Estimated 1RM of your main lifts"),
            "summary": _("Best estimated one-rep max each week (Epley); the latest: %(lifts)s.")
            % {"lifts": lifts},
        },
    ]
