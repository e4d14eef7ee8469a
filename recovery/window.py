"""The only bridge from the ORM to the engine: journal rows in, engine input out.

`load_windows` builds the input of one athlete or of many with the same fixed number of
queries (one per kind of record, sets included, plus the per-athlete rule overrides), whatever
the number of athletes or days. Rows are read with `values_list`, not as model instances: a
coach roster reads tens of thousands of them.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import OuterRef, Q, Subquery

from journal.models import Athlete, CheckIn, ExerciseSet, Intake, Meal, SleepEntry, Workout
from recovery.engine import (
    WINDOW_DAYS,
    AthleteProfile,
    DayRecord,
    EngineInput,
    RuleConfig,
)
from recovery.engine import CheckIn as CheckInRecord
from recovery.engine import Intake as IntakeRecord
from recovery.engine import Meal as MealRecord
from recovery.engine import Session as SessionRecord
from recovery.engine import Sleep as SleepRecord
from recovery.engine.metrics import epley_e1rm
from recovery.freshness import RULE_SETTINGS_CACHE_KEY
from recovery.models import AthleteRuleOverride, RuleSetting


def profile_of(athlete: Athlete) -> AthleteProfile:
    return AthleteProfile(
        body_mass_kg=athlete.body_mass_kg,
        focus=athlete.focus,
        goal=athlete.goal,
        sleep_target_h=athlete.sleep_target_h,
        protein_target_g_per_kg=athlete.protein_target,
        water_target_ml_per_kg=athlete.water_target_ml_per_kg,
        kcal_target=athlete.kcal_target,
        timezone=athlete.timezone,
    )


def shared_rule_configs() -> dict[str, RuleConfig]:
    """The admin's rule settings, cached until one changes (recovery.models clears it)."""
    configs = cache.get(RULE_SETTINGS_CACHE_KEY)
    if configs is None:
        configs = {
            setting.code: RuleConfig(
                enabled=setting.enabled, severity=setting.severity or None, params=setting.params
            )
            for setting in RuleSetting.objects.all()
        }
        cache.set(RULE_SETTINGS_CACHE_KEY, configs, timeout=300)
    return configs


def rule_configs(athletes: Sequence[Athlete]) -> dict[int, dict[str, RuleConfig]]:
    """Each athlete's rule configuration: the admin's settings, then the coach's overrides."""
    shared = shared_rule_configs()
    configs = {athlete.pk: dict(shared) for athlete in athletes}
    overrides = AthleteRuleOverride.objects.filter(athlete__in=[a.pk for a in athletes])
    for override in overrides:
        base = shared.get(override.code, RuleConfig())
        configs[override.athlete_id][override.code] = RuleConfig(
            enabled=override.enabled,
            severity=override.severity or base.severity,
            params={**base.params, **override.params},
        )
    return configs


@dataclass
class TodayEntries:
    """The end day's journal rows as unsaved-looking model instances, for listing on a page.

    They come from the same queries as the engine input, so a page that shows both pays once.
    """

    workouts: list[Workout] = field(default_factory=list)
    sleep: SleepEntry | None = None
    meals: list[Meal] = field(default_factory=list)
    intakes: list[Intake] = field(default_factory=list)
    checkin: CheckIn | None = None

    @property
    def empty(self) -> bool:
        return not (self.workouts or self.sleep or self.meals or self.intakes or self.checkin)


@dataclass
class AthleteWindow:
    input: EngineInput
    entries: TodayEntries


def load_input(athlete: Athlete, end: date | None = None, days: int = WINDOW_DAYS) -> EngineInput:
    """The engine input of one athlete for `days` days ending on `end` (their today)."""
    return load_windows([athlete], end=end, days=days)[athlete.pk].input


def load_inputs(
    athletes: Iterable[Athlete], end: date | None = None, days: int = WINDOW_DAYS
) -> dict[int, EngineInput]:
    """Engine input for each athlete, keyed by athlete pk. See `load_windows`."""
    return {pk: window.input for pk, window in load_windows(athletes, end, days).items()}


def load_windows(
    athletes: Iterable[Athlete], end: date | None = None, days: int = WINDOW_DAYS
) -> dict[int, AthleteWindow]:
    """Engine input and the end day's entries for each athlete, in six queries plus the rules.

    Each athlete's window ends on `end`, or on their own local today when `end` is None.
    """
    athletes = list(athletes)
    if not athletes:
        return {}
    ends = {a.pk: end or a.today() for a in athletes}
    starts = {pk: last - timedelta(days=days - 1) for pk, last in ends.items()}
    zones = {a.pk: ZoneInfo(a.timezone) for a in athletes}
    first, last = min(starts.values()), max(ends.values())
    ids = [a.pk for a in athletes]
    entries = {pk: TodayEntries() for pk in ids}

    def rows(model, *fields):
        return model.objects.filter(athlete__in=ids, date__range=(first, last)).values_list(
            "athlete_id", "date", "pk", *fields
        )

    def on_end_day(athlete_id: int, day: date) -> bool:
        return day == ends[athlete_id]

    # Workouts, then their sets. Two queries rather than one join: a joined row per set
    # repeated the workout's start time and RPE, and converting those was most of the cost.
    sessions: dict[tuple[int, date], list[SessionRecord]] = defaultdict(list)
    e1rm: dict[tuple[int, date], dict[str, float]] = defaultdict(dict)
    workout_days: dict[int, tuple[int, date, Workout | None]] = {}
    for athlete_id, day, pk, kind, title, minutes, rpe, started, notes, shared in rows(
        Workout,
        "kind",
        "title",
        "duration_min",
        "rpe",
        "started_at",
        "notes",
        "notes_shared",
    ).order_by("started_at"):
        started = started.astimezone(zones[athlete_id])
        sessions[athlete_id, day].append(SessionRecord(kind, minutes, float(rpe), started))
        workout = None
        if on_end_day(athlete_id, day):
            workout = Workout(
                pk=pk,
                athlete_id=athlete_id,
                date=day,
                kind=kind,
                title=title,
                duration_min=minutes,
                rpe=rpe,
                started_at=started,
                notes=notes,
                notes_shared=shared,
            )
            workout.set_summary = []
            entries[athlete_id].workouts.append(workout)
        workout_days[pk] = (athlete_id, day, workout)

    sets = ExerciseSet.objects.filter(
        workout__athlete__in=ids, workout__date__range=(first, last)
    ).values_list("workout_id", "exercise__name", "reps", "load_kg")
    for workout_id, lift, reps, load_kg in sets.order_by("workout_id", "position", "id"):
        if workout_id not in workout_days:
            continue  # its workout was saved, or moved into the window, between the two reads
        athlete_id, day, workout = workout_days[workout_id]
        if workout is not None:
            workout.set_summary.append((lift, reps, load_kg))
        estimate = epley_e1rm(load_kg, reps) if load_kg else None
        best = e1rm[athlete_id, day]
        if estimate is not None and estimate > best.get(lift, 0):
            best[lift] = estimate

    nights: dict[tuple[int, date], SleepRecord] = {}
    for athlete_id, day, pk, bedtime, wake, quality, awakenings, hr, hrv, notes, shared in rows(
        SleepEntry,
        "bedtime",
        "wake_time",
        "quality",
        "awakenings",
        "resting_hr",
        "hrv_ms",
        "notes",
        "notes_shared",
    ):
        zone = zones[athlete_id]
        bedtime, wake = bedtime.astimezone(zone), wake.astimezone(zone)
        nights[athlete_id, day] = SleepRecord(bedtime, wake, quality, awakenings, hr, hrv)
        if on_end_day(athlete_id, day):
            entries[athlete_id].sleep = SleepEntry(
                pk=pk,
                athlete_id=athlete_id,
                date=day,
                bedtime=bedtime,
                wake_time=wake,
                quality=quality,
                awakenings=awakenings,
                resting_hr=hr,
                hrv_ms=hrv,
                notes=notes,
                notes_shared=shared,
            )

    meals: dict[tuple[int, date], list[MealRecord]] = defaultdict(list)
    for athlete_id, day, pk, eaten, kind, description, protein, carbs, fat, kcal in rows(
        Meal, "eaten_at", "kind", "description", "protein_g", "carbs_g", "fat_g", "kcal"
    ).order_by("eaten_at"):
        eaten = eaten.astimezone(zones[athlete_id])
        meals[athlete_id, day].append(MealRecord(eaten, protein, carbs, fat, kcal))
        if on_end_day(athlete_id, day):
            entries[athlete_id].meals.append(
                Meal(
                    pk=pk,
                    athlete_id=athlete_id,
                    date=day,
                    eaten_at=eaten,
                    kind=kind,
                    description=description,
                    protein_g=protein,
                    carbs_g=carbs,
                    fat_g=fat,
                    kcal=kcal,
                )
            )

    intakes: dict[tuple[int, date], list[IntakeRecord]] = defaultdict(list)
    for athlete_id, day, pk, taken, category, name, amount, unit in rows(
        Intake, "taken_at", "category", "name", "amount", "unit"
    ).order_by("taken_at"):
        taken = taken.astimezone(zones[athlete_id])
        intakes[athlete_id, day].append(IntakeRecord(taken, category, name, amount, unit))
        if on_end_day(athlete_id, day):
            entries[athlete_id].intakes.append(
                Intake(
                    pk=pk,
                    athlete_id=athlete_id,
                    date=day,
                    taken_at=taken,
                    category=category,
                    name=name,
                    amount=amount,
                    unit=unit,
                )
            )

    checkins: dict[tuple[int, date], CheckInRecord] = {}
    checkin_fields = (
        "sleep_quality",
        "fatigue",
        "stress",
        "soreness",
        "energy",
        "sore_areas",
        "body_mass_kg",
        "water_ml",
        "note",
        "updated_at",
        "note_shared",
    )
    # The window's check-ins, plus each athlete's latest one with a body mass from before it:
    # the first days of the window use that mass rather than the profile's.
    earlier_mass: dict[int, float] = {}
    # The subquery runs once per athlete, not once per check-in row: a correlated one on the
    # check-ins made the roster's query grow with the square of each athlete's history.
    latest_mass_before = Athlete.objects.filter(pk__in=ids).values(
        latest=Subquery(
            CheckIn.objects.filter(
                athlete=OuterRef("pk"), date__lt=first, body_mass_kg__isnull=False
            )
            .order_by("-date")
            .values("pk")[:1]
        )
    )
    checkin_rows = (
        CheckIn.objects.filter(athlete__in=ids)
        .filter(Q(date__range=(first, last)) | Q(pk__in=latest_mass_before))
        .order_by("date")
        .values_list("athlete_id", "date", "pk", *checkin_fields)
    )
    for athlete_id, day, pk, *values in checkin_rows:
        *items, areas, mass, water, _note, _updated_at, _shared = values
        if day < starts[athlete_id]:
            if mass:
                earlier_mass[athlete_id] = mass
            continue
        checkins[athlete_id, day] = CheckInRecord(*items, tuple(areas or ()), mass, water)
        if on_end_day(athlete_id, day):
            entries[athlete_id].checkin = CheckIn(
                pk=pk,
                athlete_id=athlete_id,
                date=day,
                **dict(zip(checkin_fields, values, strict=True)),
            )

    configs = rule_configs(athletes)
    windows = {}
    for athlete in athletes:
        pk = athlete.pk
        records = []
        mass = earlier_mass.get(pk) or athlete.body_mass_kg
        day = starts[pk]
        while day <= ends[pk]:
            key = (pk, day)
            checkin = checkins.get(key)
            if checkin is not None and checkin.body_mass_kg:
                mass = checkin.body_mass_kg
            records.append(
                DayRecord(
                    day=day,
                    sessions=tuple(sessions.get(key, ())),
                    e1rm_by_lift=e1rm.get(key, {}),
                    sleep=nights.get(key),
                    meals=tuple(meals.get(key, ())),
                    intakes=tuple(intakes.get(key, ())),
                    checkin=checkin,
                    body_mass_kg=mass,
                )
            )
            day += timedelta(days=1)
        windows[pk] = AthleteWindow(
            EngineInput(profile_of(athlete), tuple(records), configs[pk]), entries[pk]
        )
    return windows
