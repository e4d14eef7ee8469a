"""The shared preview step: what an import would add, what is a duplicate and skipped, and
what can't be saved, for records from any format. Nothing is written here.

`plan` builds the unsaved, validated rows (every one through the model's `full_clean`, as
journal/portability/ does) and finds the duplicates: by the session's id in its file where
the format has one, otherwise by start time and duration (workouts), wake day (nights) or
time (weigh-ins). The commit step (journal/imports/commit.py) runs it again inside its
transaction, so what it writes is what the journal holds then.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q

from journal.imports.exercises import Match, match_names
from journal.imports.records import (
    NightRecord,
    Problem,
    Record,
    WeighInRecord,
    WorkoutRecord,
)
from journal.models import (
    EARLIEST_DATE,
    Athlete,
    Exercise,
    ExerciseSet,
    SleepEntry,
    WeighIn,
    Workout,
)
from journal.models.entries import LONGEST_NIGHT_H
from journal.validators import showable

DEFAULT_RPE = 5.0  # "hard" on CR-10: what an unrated session gets unless the athlete says
SHOWN_ROWS = 200  # rows of each list the preview page shows
LONGEST_NIGHT = timedelta(hours=LONGEST_NIGHT_H)
SKIPPED = ("athlete", "import_batch", "created_at", "updated_at")


@dataclass
class Choices:
    """What the athlete decides on the preview page."""

    exercises: dict[str, int | None] = field(default_factory=dict)  # file name: pk, None new
    default_rpe: float = DEFAULT_RPE
    person: int | None = None  # on a multi-user scale file: which person is the athlete


@dataclass
class Duplicate:
    where: str
    what: str
    why: str


@dataclass
class PlannedWorkout:
    record: WorkoutRecord
    workout: Workout
    sets: list[tuple[ExerciseSet, str]]  # each set and the exercise name in the file


@dataclass
class Plan:
    workouts: list[PlannedWorkout] = field(default_factory=list)
    nights: list[SleepEntry] = field(default_factory=list)
    weigh_ins: list[WeighIn] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    matches: dict[str, Match] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    person: int | None = None

    def problem(self, where: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < SHOWN_ROWS:
            self.problems.append(Problem(where, showable(message)))

    @property
    def rows(self) -> int:
        return len(self.workouts) + len(self.nights) + len(self.weigh_ins)

    def earliest_day(self) -> date | None:
        days = [p.workout.date for p in self.workouts]
        days += [entry.date for entry in (*self.nights, *self.weigh_ins)]
        return min(days) if days else None

    def new_exercise_names(self) -> set[str]:
        used = {name for planned in self.workouts for _, name in planned.sets}
        return {name for name in used if self.matches[name].exercise_id is None}

    def counts(self) -> dict[str, int]:
        sets = Counter(s.set_type for planned in self.workouts for s, _ in planned.sets)
        return {
            "workouts": len(self.workouts),
            "sets": sum(sets.values()) - sets["warmup"],
            "warmup_sets": sets["warmup"],
            "nights": len(self.nights),
            "hrv_days": sum(1 for n in self.nights if n.hrv_ms or n.hrv_sdnn_ms),
            "weigh_ins": len(self.weigh_ins),
            "exercises_new": len(
                {self.matches[n].exercise_name for n in self.new_exercise_names()}
            ),
            "unrated": sum(1 for p in self.workouts if p.record.rpe is None),
            # RPEs the file let us estimate (heart rate, the sets' RPE); not the unrated ones,
            # which are marked estimated too but take the athlete's value.
            "estimated": sum(
                1 for p in self.workouts if p.record.rpe is not None and p.workout.rpe_estimated
            ),
        }

    def summary(self, notes: list[str]) -> dict:
        """The preview as JSON for the page (and, after the commit, the batch's record)."""
        used = Counter(name for planned in self.workouts for _, name in planned.sets)
        return {
            "counts": self.counts(),
            "duplicate_count": len(self.duplicates),
            "duplicates": [vars(d) for d in self.duplicates[:SHOWN_ROWS]],
            "problem_count": self.problem_count,
            "problems": [vars(p) for p in self.problems[:SHOWN_ROWS]],
            "notes": notes,
            "workouts": [_shown(p) for p in self.workouts[:SHOWN_ROWS]],
            "nights": [
                {
                    "date": n.date.isoformat(),
                    "hours": round(n.duration_h, 1),
                    "hrv_ms": n.hrv_ms,
                    "hrv_sdnn_ms": n.hrv_sdnn_ms,
                    "resting_hr": n.resting_hr,
                }
                for n in self.nights[:SHOWN_ROWS]
            ],
            "weigh_ins": [
                {"date": w.date.isoformat(), "body_mass_kg": w.body_mass_kg}
                for w in self.weigh_ins[:SHOWN_ROWS]
            ],
            "matches": [
                {
                    "name": match.name,
                    "exercise_id": match.exercise_id,
                    "exercise_name": match.exercise_name,
                    "how": match.how,
                    "sets": used[match.name],
                }
                for match in self.matches.values()
                if used[match.name]
            ],
            "people": {str(k): v for k, v in self.people.items()},
            "person": self.person,
        }


def _shown(planned: PlannedWorkout) -> dict:
    workout, record = planned.workout, planned.record
    return {
        "date": workout.date.isoformat(),
        "started_at": workout.started_at.isoformat(),
        "title": workout.title,
        "kind": workout.kind,  # a value: the page shows its label in the reader's language
        "duration_min": workout.duration_min,
        "sets": len(planned.sets),
        "rpe": float(workout.rpe),
        "rpe_estimated": workout.rpe_estimated,
        "rpe_basis": record.rpe_basis if record.rpe is not None else "",
        "distance_km": workout.distance_km,
        "avg_hr_bpm": workout.avg_hr_bpm,
    }


def _errors(instance, exclude: tuple[str, ...]) -> list[str]:
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return [
            f"{name.replace('_', ' ')}: {' '.join(messages)}"
            if name != "__all__"
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        ]
    return []


def plan(athlete: Athlete, records: list[Record], choices: Choices | None = None) -> Plan:
    """What importing `records` into the athlete's journal would do, as it stands now."""
    choices = choices or Choices()
    result = Plan()
    today = athlete.today()
    tz = athlete.tz

    def day_problem(day: date) -> str | None:
        if day > today:
            return f"{day:%-d %b %Y} is in the future."
        if day < EARLIEST_DATE:
            return f"{day:%-d %b %Y} is before {EARLIEST_DATE.year}, where the journal starts."
        return None

    workouts = [r for r in records if isinstance(r, WorkoutRecord)]
    nights = [r for r in records if isinstance(r, NightRecord)]
    weigh_ins = _one_person(
        athlete, [r for r in records if isinstance(r, WeighInRecord)], choices, result
    )

    names = {s.exercise for record in workouts for s in record.sets}
    result.matches = match_names(athlete, names)
    for name, chosen in choices.exercises.items():
        if name in result.matches:
            _choose(result.matches[name], chosen, athlete)
    bad_names = _check_new_names(athlete, result.matches)

    known = _existing_workouts(athlete, workouts)
    for record in sorted(workouts, key=lambda r: r.started_at):
        day = record.started_at.astimezone(tz).date()
        if problem := day_problem(day):
            result.problem(record.where, problem)
            continue
        duplicate = known.find(record)
        if duplicate:
            result.duplicates.append(Duplicate(record.where, _describe(record, day), duplicate))
            continue
        planned = _planned_workout(record, day, choices, bad_names, result)
        if planned is not None:
            known.add(record)
            result.workouts.append(planned)

    nights_logged = (
        set(
            SleepEntry.objects.filter(
                athlete=athlete, date__in={n.wake_day for n in nights}
            ).values_list("date", flat=True)
        )
        if nights
        else set()
    )
    for record in sorted(nights, key=lambda n: n.wake_day):
        _plan_night(record, nights_logged, day_problem, result)

    weighed = _existing_weigh_ins(athlete, weigh_ins)
    for record in sorted(weigh_ins, key=lambda w: w.measured_at):
        minute = record.measured_at.replace(second=0, microsecond=0)
        day = record.measured_at.astimezone(tz).date()
        what = f"{record.body_mass_kg:g} kg on {day:%-d %b %Y}"
        if minute in weighed:
            result.duplicates.append(Duplicate(record.where, what, "already in your journal"))
            continue
        if problem := day_problem(day):
            result.problem(record.where, problem)
            continue
        entry = WeighIn(date=day, weighed_at=record.measured_at, body_mass_kg=record.body_mass_kg)
        if errors := _errors(entry, SKIPPED):
            result.problem(record.where, "; ".join(errors))
            continue
        weighed.add(minute)
        result.weigh_ins.append(entry)
    return result


def _describe(record: WorkoutRecord, day: date) -> str:
    return showable(f"{record.title or record.kind} on {day:%-d %b %Y}, {record.duration_min} min")


def _choose(match: Match, chosen: int | None, athlete: Athlete) -> None:
    if chosen is None:
        match.exercise_id, match.how = None, "new"
        return
    exercise = Exercise.objects.visible_to(athlete).filter(pk=chosen).first()
    if exercise is not None:
        match.exercise_id, match.exercise_name, match.how = exercise.pk, exercise.name, "chosen"


def _check_new_names(athlete: Athlete, matches: dict[str, Match]) -> dict[str, str]:
    """The names that would be new exercises but can't be one, and why."""
    bad = {}
    for name, match in matches.items():
        if match.exercise_id is None:
            exercise = Exercise(name=match.exercise_name, owner=athlete)
            if errors := _errors(exercise, ("owner", "import_batch")):
                bad[name] = "exercise " + "; ".join(errors)
    return bad


def _planned_workout(record, day, choices, bad_names, result) -> PlannedWorkout | None:
    rated = record.rpe is not None
    rpe = record.rpe if rated else choices.default_rpe
    workout = Workout(
        date=day,
        started_at=record.started_at,
        kind=record.kind,
        title=record.title,
        duration_min=record.duration_min,
        rpe=Decimal(str(round(rpe, 1))),
        rpe_estimated=record.rpe_estimated or not rated,
        avg_hr_bpm=record.avg_hr_bpm,
        distance_km=record.distance_km,
        source_id=record.source_id[:200],
        notes=record.notes,
    )
    if errors := _errors(workout, SKIPPED):
        result.problem(record.where, "; ".join(errors))
        return None
    sets = []
    for position, item in enumerate(record.sets):
        where = item.where or record.where
        if item.exercise in bad_names:
            result.problem(where, bad_names[item.exercise])
            continue
        exercise_set = ExerciseSet(
            position=position,
            reps=item.reps,
            load_kg=item.load_kg,
            rir=item.rir,
            set_type=item.set_type,
        )
        if errors := _errors(exercise_set, ("workout", "exercise")):
            result.problem(where, f"{item.exercise[:60]}: " + "; ".join(errors))
            continue
        sets.append((exercise_set, item.exercise))
    return PlannedWorkout(record, workout, sets)


def _plan_night(record: NightRecord, logged: set, day_problem, result: Plan) -> None:
    day = date.fromisoformat(record.wake_day)
    what = f"night ending {day:%-d %b %Y}"
    if day in logged:
        result.duplicates.append(Duplicate(record.where, what, "a night is already logged then"))
        return
    if problem := day_problem(day):
        result.problem(record.where, problem)
        return
    if record.bedtime is None or record.wake_time is None:
        result.problem(record.where, "No sleep times for this night: its readings are left out.")
        return
    if not timedelta(0) < record.wake_time - record.bedtime <= LONGEST_NIGHT:
        result.problem(
            record.where,
            f"A night must end after it starts and last at most {LONGEST_NIGHT_H} hours.",
        )
        return
    night = SleepEntry(
        date=day,
        bedtime=record.bedtime,
        wake_time=record.wake_time,
        quality=record.quality,
        awakenings=record.awakenings,
        resting_hr=record.resting_hr,
        hrv_ms=record.hrv_ms,
        hrv_sdnn_ms=record.hrv_sdnn_ms,
    )
    if errors := _errors(night, SKIPPED):
        result.problem(record.where, "; ".join(errors))
        return
    logged.add(day)
    result.nights.append(night)


class _KnownWorkouts:
    """The athlete's workouts near the imported ones, by source id and by start minute."""

    def __init__(self, rows):
        self.ids: set[str] = set()
        self.starts: dict[int, list[int]] = {}
        for source_id, started_at, minutes in rows:
            self._remember(source_id, started_at, minutes)

    def _remember(self, source_id: str, started_at: datetime, minutes: int) -> None:
        if source_id:
            self.ids.add(source_id)
        self.starts.setdefault(int(started_at.timestamp() // 60), []).append(minutes)

    def add(self, record: WorkoutRecord) -> None:
        self._remember(record.source_id, record.started_at, record.duration_min)

    def find(self, record: WorkoutRecord) -> str | None:
        """Why the record is a duplicate, or None."""
        if record.source_id and record.source_id in self.ids:
            return "imported before"
        minute = int(record.started_at.timestamp() // 60)
        for near in (minute - 1, minute, minute + 1):
            if any(abs(m - record.duration_min) <= 1 for m in self.starts.get(near, ())):
                return "a workout with the same start and duration is already in your journal"
        return None


def _existing_workouts(athlete: Athlete, records: list[WorkoutRecord]) -> _KnownWorkouts:
    if not records:
        return _KnownWorkouts([])
    starts = [r.started_at for r in records]
    near = Q(started_at__range=(min(starts) - timedelta(days=1), max(starts) + timedelta(days=1)))
    ids = sorted({r.source_id for r in records if r.source_id})
    rows = []
    # A few hundred ids at a time: SQLite limits the parameters of one query.
    chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)] or [[]]
    for number, chunk in enumerate(chunks):
        condition = Q(source_id__in=chunk) if chunk else Q(pk__in=[])
        if number == 0:
            condition |= near
        rows += Workout.objects.filter(condition, athlete=athlete).values_list(
            "source_id", "started_at", "duration_min"
        )
    return _KnownWorkouts(rows)


def _existing_weigh_ins(athlete: Athlete, records: list[WeighInRecord]) -> set[datetime]:
    if not records:
        return set()
    times = [r.measured_at for r in records]
    found = WeighIn.objects.filter(
        athlete=athlete,
        weighed_at__range=(min(times) - timedelta(minutes=1), max(times) + timedelta(minutes=1)),
    ).values_list("weighed_at", flat=True)
    return {moment.replace(second=0, microsecond=0) for moment in found}


def _one_person(athlete, records: list[WeighInRecord], choices: Choices, result: Plan):
    """On a scale shared by several people, only the athlete's weigh-ins: the person chosen,
    or else the one whose weights are nearest the athlete's profile body mass."""
    people = {r.person: r.person_label for r in records if r.person is not None}
    if len(people) < 2:
        return records
    result.people = people
    person = choices.person
    if person not in people:

        def distance(index):
            masses = [r.body_mass_kg for r in records if r.person == index]
            return abs(sum(masses) / len(masses) - athlete.body_mass_kg)

        person = min(people, key=distance)
    result.person = person
    return [r for r in records if r.person == person]
