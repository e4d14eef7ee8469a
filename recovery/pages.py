"""Context builders for the recovery pages, the digest and the journal list.

Each reads day states (recovery.state_reads), never journal rows: one query for one athlete
or a whole roster. The views stay thin, and the digest e-mail shows what the page shows.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Model
from django.http import Http404
from django.urls import reverse

from journal.access import AthleteAccess
from journal.models import (
    EARLIEST_DATE,
    LB_PER_KG,
    Athlete,
    CheckIn,
    CoachLink,
    DayTags,
    Intake,
    Meal,
    SleepEntry,
    Workout,
)
from journal.navigation import day_url
from recovery import summaries
from recovery.engine import Carry, DayRecord, Evaluation, step_days
from recovery.models import CoachNote, FindingSnooze
from recovery.state_reads import (
    Span,
    StoredRoster,
    profile_of,
    read_rosters,
    read_states,
    today_spans,
)

NOTES_SHOWN_DAYS = 7
TRENDS_WEEKS = 12
JOURNAL_DAYS = 30


def athlete_urls(acc: AthleteAccess) -> dict[str, str]:
    """Where the dashboards of this athlete live for this viewer (owner or coach)."""
    if acc.is_owner:
        return {
            "today": reverse("today"),
            "week": reverse("week"),
            "trends": reverse("trends"),
            "journal": reverse("journal_days"),
        }
    public_id = acc.athlete.public_id
    return {
        "today": reverse("coach_athlete", args=[public_id]),
        "week": reverse("coach_athlete_week_current", args=[public_id]),
        "trends": reverse("coach_athlete_trends", args=[public_id]),
        "journal": reverse("coach_athlete_journal", args=[public_id]),
    }


def week_url(acc: AthleteAccess, monday: date) -> str:
    label = summaries.iso_week_label(monday)
    if acc.is_owner:
        return reverse("week_of", args=[label])
    return reverse("coach_athlete_week", args=[acc.athlete.public_id, label])


def before_journal(athlete: Athlete, day: date) -> Evaluation:
    """The state of a day with nothing logged on or before it: no score, calibrating, every
    rule waiting for data. Computed, not read: there is nothing stored yet."""
    return step_days(profile_of(athlete), Carry(), [DayRecord(day=day)], 0, {})[0]


# ---------------------------------------------------------------- today


@dataclass
class TodayEntries:
    """The day's entries as unsaved model instances built from the day's state, for listing."""

    workouts: list[Workout]
    sleep: SleepEntry | None
    meals: list[Meal]
    intakes: list[Intake]
    checkin: CheckIn | None

    @property
    def empty(self) -> bool:
        return not (self.workouts or self.sleep or self.meals or self.intakes or self.checkin)


def _instance(model: type[Model], athlete: Athlete, day: date, values: dict) -> Model:
    fields = {
        name: model._meta.get_field(name).to_python(value)
        for name, value in values.items()
        if name not in ("pk", "sets")
    }
    instance = model(pk=values["pk"], athlete=athlete, date=day, **fields)
    instance._saved_date = day
    return instance


SEVERITY_RANK = {"info": 0, "caution": 1, "alert": 2}


def shown_findings(findings, athlete: Athlete, day: date) -> dict:
    """The athlete's findings less the ones they snoozed, unless one came back worse."""
    snoozes = {
        snooze.code: snooze
        for snooze in FindingSnooze.objects.filter(athlete=athlete, until__gte=day)
    }
    shown, snoozed = [], []
    for finding in findings:
        snooze = snoozes.get(finding.code)
        worse = snooze and SEVERITY_RANK[finding.severity] > SEVERITY_RANK[snooze.severity]
        if snooze is None or worse:
            shown.append(finding)
        else:
            snoozed.append((finding, snooze.until))
    return {"findings": shown, "snoozed": snoozed}


def tag_labels(tags) -> list[str]:
    labels = dict(DayTags.Tag.choices)
    return [labels.get(tag, tag) for tag in tags]


def for_coach(entries: dict) -> dict:
    """The day's entries without the notes the athlete keeps to themselves."""
    out = {}
    for key, value in entries.items():
        rows = value if isinstance(value, list) else [value]
        kept = []
        for row in rows:
            row = dict(row)
            if "notes" in row and not row.get("notes_shared"):
                row["notes"] = ""
            if "note" in row and not row.get("note_shared"):
                row["note"] = ""
            kept.append(row)
        out[key] = kept if isinstance(value, list) else kept[0]
    return out


def listed_entries(athlete: Athlete, day: date, entries: dict) -> TodayEntries:
    def many(model: type[Model], key: str) -> list:
        return [_instance(model, athlete, day, values) for values in entries.get(key, ())]

    def one(model: type[Model], key: str):
        values = entries.get(key)
        return _instance(model, athlete, day, values) if values else None

    workouts = many(Workout, "workouts")
    for workout, values in zip(workouts, entries.get("workouts", ()), strict=True):
        workout.sets_count = values.get("sets", 0)
    return TodayEntries(
        workouts=workouts,
        sleep=one(SleepEntry, "sleep"),
        meals=many(Meal, "meals"),
        intakes=many(Intake, "intakes"),
        checkin=one(CheckIn, "checkin"),
    )


def today_context(acc: AthleteAccess) -> dict:
    athlete = acc.athlete
    day = athlete.today()
    states = read_states({athlete: Span(day - timedelta(days=1), day)}, entries=True)[athlete.pk]
    state = states.on(day) or before_journal(athlete, day)
    yesterday = states.on(day - timedelta(days=1))
    notes = list(
        CoachNote.objects.filter(
            athlete=athlete, date__gt=day - timedelta(days=NOTES_SHOWN_DAYS)
        ).select_related("author")
    )
    for note in notes:
        note.day_url = day_url(acc, note.date)
    return {
        "acc": acc,
        "athlete": athlete,
        "day": day,
        "state": state,
        "metrics": state.metrics,
        "yesterday": yesterday.metrics if yesterday else None,
        "readiness": state.readiness,
        **(
            shown_findings(state.findings, athlete, day)
            if acc.is_owner
            else {"findings": state.findings, "snoozed": []}
        ),
        "pending": state.pending,
        "entries": listed_entries(
            athlete,
            day,
            states.entries.get(day, {}) if acc.is_owner else for_coach(states.entries.get(day, {})),
        ),
        "days_with_data": state.metrics.data_days,
        "day_tags": tag_labels(state.record.tags if state.record else ()),
        "cycle_day": athlete.cycle_day(day) if acc.is_owner else None,
        "notes": notes,
        "urls": athlete_urls(acc),
    }


def day_states(acc: AthleteAccess, first: date, last: date) -> list[Evaluation]:
    """The state of every day from `first` to `last` (no later than the athlete's today), as
    every page shows it: the stored states, the days after the last one stepped in memory,
    and before the first journal day a day with nothing logged. For the API."""
    athlete = acc.athlete
    last = min(last, athlete.today())
    if last < first:
        return []
    states = read_states({athlete: Span(first, last)})[athlete.pk]
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [states.on(day) or before_journal(athlete, day) for day in days]


# ---------------------------------------------------------------- week


def week_context(acc: AthleteAccess, monday: date) -> dict:
    """The numbers of one ISO week: totals, change, findings, day rows and chart series."""
    athlete = acc.athlete
    today = athlete.today()
    sunday = monday + timedelta(days=6)
    context = {
        "acc": acc,
        "athlete": athlete,
        "monday": monday,
        "sunday": sunday,
        "label": summaries.iso_week_label(monday),
        "previous_url": week_url(acc, monday - timedelta(days=7)),
        "next_url": week_url(acc, monday + timedelta(days=7)) if sunday < today else None,
        "is_future": monday > today,
        "is_current": monday <= today <= sunday,
        "urls": athlete_urls(acc),
    }
    if context["is_future"]:
        return context
    last = min(sunday, today)
    # The week before, for the change from last week.
    states = read_states({athlete: Span(monday - timedelta(days=7), last)})[athlete.pk]
    shown_days = [monday + timedelta(days=i) for i in range(7)]
    happened = [d for d in shown_days if d <= last]

    def metrics_on(day: date):
        state = states.on(day)
        if state is None and day <= last:
            # Before the first journal day: a day with nothing logged, not "still to come".
            return before_journal(athlete, day).metrics
        return state.metrics if state else None

    by_day = {d: metrics_on(d) for d in shown_days}
    this_week = [by_day[d] for d in happened]
    last_week = [m for d in happened if (m := metrics_on(d - timedelta(days=7))) is not None]
    target = athlete.sleep_target_h
    totals = summaries.week_totals(this_week, target)
    last_state = states.on(last)
    context.update(
        {
            "totals": totals,
            "rows": summaries.total_rows(totals, summaries.week_totals(last_week, target)),
            "day_rows": [(d, by_day[d]) for d in shown_days],
            "last_day": last,
            "last_metrics": last_state.metrics if last_state else None,
            "week_findings": summaries.week_findings(
                [state for d in happened if (state := states.on(d)) is not None]
            ),
            "chart": {
                "labels": [d.strftime("%a %d") for d in shown_days],
                "load": [
                    round(by_day[d].daily_load or 0) if by_day[d] else None for d in shown_days
                ],
                "sleep": [
                    round(by_day[d].sleep_h, 2) if by_day[d] and by_day[d].sleep_h else None
                    for d in shown_days
                ],
                "sleep_target": target,
            },
        }
    )
    return context


def parse_week(label: str | None, today: date) -> date:
    """The Monday of an ISO week label like "2026-W07"; the current week when None; else 404."""
    if label is None:
        return today - timedelta(days=today.weekday())
    try:
        year, week = label.split("-W")
        if len(year) != 4 or len(week) != 2 or not 1900 < int(year) <= today.year + 1:
            raise ValueError(label)
        return summaries.iso_week_start(int(year), int(week))
    except ValueError:
        raise Http404("No such week.") from None


def labelled_week_context(acc: AthleteAccess, label: str | None) -> dict:
    """week_context of the ISO week `label` ("2026-W07"; None: the current week); 404 for
    a label that is no week."""
    return week_context(acc, parse_week(label, acc.athlete.today()))


# ---------------------------------------------------------------- trends


def trends_context(acc: AthleteAccess) -> dict:
    athlete = acc.athlete
    today = athlete.today()
    span = Span(today - timedelta(days=TRENDS_WEEKS * 7 - 1), today)
    states = read_states({athlete: span}, findings=False)[athlete.pk].ordered()
    unit = ("lb", LB_PER_KG) if athlete.imperial else ("kg", 1.0)
    trends = summaries.trend_data(states, profile_of(athlete), mass_unit=unit)
    return {
        "acc": acc,
        "athlete": athlete,
        "trends": trends,
        "charts": summaries.chart_summaries(trends),
        "weekly_table": summaries.weekly_table(trends),
        "agreement": summaries.agreement(states),
        "urls": athlete_urls(acc),
    }


# ---------------------------------------------------------------- coach roster

BAND_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


@dataclass(frozen=True)
class RosterSummary:
    """What one roster row shows, from the athlete's state of their today."""

    score: int | None
    band: str | None
    calibrating: bool
    top_findings: tuple[tuple[str, str, str], ...]  # (severity, title, guidance slug)
    last_checkin: date | None
    compliance_pct: int
    load_ratio: float | None
    sleep_mean_7_h: float | None


def roster_summary(state: Evaluation) -> RosterSummary:
    metrics = state.metrics
    return RosterSummary(
        score=state.readiness.score,
        band=state.readiness.band,
        calibrating=state.readiness.calibrating,
        top_findings=tuple((f.severity, f.title, f.guidance_slug) for f in state.findings[:2]),
        last_checkin=metrics.last_checkin,
        compliance_pct=round(100 * metrics.checkins_7d / 7),
        load_ratio=metrics.load_ratio,
        sleep_mean_7_h=metrics.sleep_mean_7_h,
    )


def stored_roster_summary(stored: StoredRoster) -> RosterSummary:
    roster = stored.roster
    last_checkin = roster["last_checkin"]
    return RosterSummary(
        score=stored.score,
        band=stored.band or None,
        calibrating=roster["calibrating"],
        top_findings=tuple(tuple(top) for top in roster["top"]),
        last_checkin=date.fromisoformat(last_checkin) if last_checkin else None,
        compliance_pct=round(100 * roster["checkins_7d"] / 7),
        load_ratio=stored.load_ratio,
        sleep_mean_7_h=roster["sleep_mean_7_h"],
    )


def roster_summaries(athletes: list[Athlete]) -> dict[int, RosterSummary]:
    """Each athlete's row, from their state of today: one query of the roster fields for the
    whole roster; the athletes whose today is not stored yet (or was stored before a change
    of rules) are read and stepped as every page does, in two more."""
    spans = today_spans(athletes)
    summaries = {pk: stored_roster_summary(stored) for pk, stored in read_rosters(spans).items()}
    rest = {athlete: span for athlete, span in spans.items() if athlete.pk not in summaries}
    states = read_states(rest)
    for athlete, span in rest.items():
        state = states[athlete.pk].on(span.last) or before_journal(athlete, span.last)
        summaries[athlete.pk] = roster_summary(state)
    return summaries


def roster_rows(links: list[CoachLink], query: str, band: str) -> tuple[list, dict]:
    """The rows worst first, filtered by name and band, and the count of each band."""
    by_athlete = roster_summaries([link.athlete for link in links])
    rows = [(link, by_athlete[link.athlete_id]) for link in links]
    counts = {b: sum(1 for _, s in rows if s.band == b) for b in ("red", "amber", "green")}
    if query:
        rows = [row for row in rows if query.lower() in row[0].athlete.display_name.lower()]
    if band in BAND_ORDER and band:
        rows = [row for row in rows if row[1].band == band]
    rows.sort(
        key=lambda row: (
            BAND_ORDER[row[1].band],
            row[1].score if row[1].score is not None else 101,
            row[0].athlete.display_name,
        )
    )
    return rows, counts


# ---------------------------------------------------------------- journal list


def journal_days_context(
    athlete: Athlete, acc: AthleteAccess | None = None, until: date | None = None
) -> dict:
    """30 local days up to `until` (today when not given), one line each, with the numbers
    every other page shows, and the pages of older and newer days. With a coach's `acc`, the
    days link to the coach's read-only day pages."""
    acc = acc or AthleteAccess(athlete=athlete, is_owner=True, can_manage=True)
    today = athlete.today()
    last = min(until or today, today)
    first = last - timedelta(days=JOURNAL_DAYS - 1)
    # The day before the page comes in the same read: whether it has a state says whether
    # there are older days (states run unbroken from the first journal day).
    before = first - timedelta(days=1)
    states = read_states({athlete: Span(before, last)}, findings=False)[athlete.pk]
    days = []
    for offset in range(JOURNAL_DAYS):
        day = last - timedelta(days=offset)
        state = states.on(day)
        if state is None and day != today:
            continue  # before the first journal day: nothing to list, not a day of rest
        metrics = state.metrics if state else None
        days.append(
            {
                "date": day,
                "url": day_url(acc, day),
                "load_au": metrics.daily_load if metrics and metrics.sessions else None,
                "sessions": metrics.sessions if metrics else 0,
                "sleep_h": metrics.sleep_h if metrics else None,
                "protein_g_per_kg": metrics.protein_g_per_kg if metrics else None,
                "water_ml": metrics.water_ml if metrics else None,
                "checked_in": bool(metrics and metrics.hooper is not None),
            }
        )
    older = before if before >= EARLIEST_DATE and states.on(before) is not None else None
    return {
        "acc": acc,
        "athlete": athlete,
        "days": days,
        "nothing_logged": not states.days,
        "urls": athlete_urls(acc),
        "first": days[-1]["date"] if days else first,
        "last": last,
        "is_latest": last == today,
        "older_until": older,
        "newer_until": None if last == today else min(last + timedelta(days=JOURNAL_DAYS), today),
    }
