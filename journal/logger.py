"""The workout logger's work: exercises picked by name or muscle, sets pre-filled from the
last time, each set saved as it is ticked (idempotent by its client id), routines.

Loads are kept in kg; the athlete reads and types them in their own units (forms.shown_load).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from journal import defaults
from journal.forms import kg_from, load_range, set_range, shown_load
from journal.models import (
    MUSCLE_GROUPS,
    Athlete,
    Exercise,
    ExerciseSet,
    FormSubmission,
    Routine,
    RoutineSet,
    Workout,
    one_refresh,
)
from journal.models.fields import limits

SET_KIND = "set"  # FormSubmission.saved_kind of a logged set
MUSCLE_LABELS = dict(MUSCLE_GROUPS)


def e1rm(load: float | None, reps: int | None) -> float | None:
    """Estimated 1RM, Epley: w·(1 + r/30), for sets of 1 to 10 reps with a load; else None."""
    if not load or not reps or reps > 10:
        return None
    return load * (1 + reps / 30)


@dataclass
class SetRow:
    """One row of an exercise's grid, in the athlete's units. `done`: saved as a set."""

    client_id: str
    exercise_id: int
    load: float | None
    reps: int | None
    rir: int | None
    warmup: bool
    done: bool = False
    set_pk: int | None = None  # the saved set a done row shows
    last: "SetRow | None" = None
    errors: dict = field(default_factory=dict)

    @property
    def e1rm(self) -> float | None:
        value = e1rm(self.load, self.reps)
        return None if value is None or self.warmup else round(value, 1)


@dataclass
class ExerciseBlock:
    exercise: Exercise
    rows: list[SetRow]
    last_day: date | None = None
    last_best_e1rm: float | None = None


def new_client_id() -> str:
    return str(uuid.uuid4())


def recent_exercise_ids(athlete: Athlete, limit: int = 12) -> list[int]:
    """The athlete's exercises, the most recently lifted first."""
    rows = (
        ExerciseSet.objects.filter(workout__athlete=athlete)
        .values("exercise_id")
        .annotate(last=Max("workout__date"))
        .order_by("-last", "exercise_id")[:limit]
    )
    return [row["exercise_id"] for row in rows]


def search_exercises(athlete: Athlete, query: str, limit: int = 12) -> list[Exercise]:
    """Exercises whose name or muscle group holds `query` (any case), recent ones first; with
    no query, the recent ones and then the catalogue."""
    query = query.strip().lower()[:40]
    catalogue = list(Exercise.objects.visible_to(athlete).order_by("name"))
    recent = {pk: rank for rank, pk in enumerate(recent_exercise_ids(athlete, 50))}

    def matches(exercise: Exercise) -> bool:
        if not query:
            return True
        muscles = " ".join(
            f"{key} {MUSCLE_LABELS.get(key, '')}" for key in exercise.muscle_groups or []
        )
        return query in exercise.name.lower() or query in muscles.lower().replace("_", " ")

    found = [exercise for exercise in catalogue if matches(exercise)]
    found.sort(key=lambda exercise: (recent.get(exercise.pk, len(recent)), exercise.name))
    return found[:limit]


def last_sets(athlete: Athlete, exercise_id: int, before: Workout | None = None) -> list:
    """The sets of this exercise from the latest other workout that had it (in order)."""
    sets = ExerciseSet.objects.filter(workout__athlete=athlete, exercise_id=exercise_id)
    if before is not None and before.pk:
        sets = sets.exclude(workout=before)
    latest = sets.order_by("-workout__date", "-workout__started_at").values("workout_id").first()
    if latest is None:
        return []
    return list(sets.filter(workout_id=latest["workout_id"]).select_related("workout"))


def _row_from_set(exercise_set, imperial: bool, done: bool, client_id: str | None = None):
    saved = done and isinstance(exercise_set, ExerciseSet)
    return SetRow(
        set_pk=exercise_set.pk if saved else None,
        client_id=client_id or new_client_id(),
        exercise_id=exercise_set.exercise_id,
        load=shown_load(exercise_set.load_kg, imperial),
        reps=exercise_set.reps,
        rir=exercise_set.rir,
        warmup=exercise_set.set_type == ExerciseSet.SetType.WARMUP,
        done=done,
    )


def planned_block(
    athlete: Athlete, exercise: Exercise, workout: Workout, plan: list | None = None
) -> ExerciseBlock:
    """An exercise's grid before any set is done: the routine's sets (`plan`) or the last
    session's, each with the last session's values beside it; three rows of 5 when it is
    the first time."""
    imperial = athlete.imperial
    previous = last_sets(athlete, exercise.pk, workout)
    last_rows = [_row_from_set(s, imperial, done=False) for s in previous]
    source = plan if plan else previous
    rows = [_row_from_set(s, imperial, done=False) for s in source]
    if not rows:
        rows = [SetRow(new_client_id(), exercise.pk, None, 5, None, False) for _ in range(3)]
    for index, row in enumerate(rows):
        row.last = last_rows[index] if index < len(last_rows) else None
    best = [r.e1rm for r in last_rows if r.e1rm]
    return ExerciseBlock(
        exercise=exercise,
        rows=rows,
        last_day=previous[0].workout.date if previous else None,
        last_best_e1rm=max(best) if best else None,
    )


def workout_blocks(athlete: Athlete, workout: Workout, routine: Routine | None) -> list:
    """The logger's grids: each exercise with its done sets, then (from the routine, or the
    last session) the planned rows still to do."""
    imperial = athlete.imperial
    done_ids = {
        submission.saved_pk: str(submission.token)
        for submission in FormSubmission.objects.filter(
            athlete=athlete, saved_kind=SET_KIND, saved_pk__isnull=False
        ).filter(saved_pk__in=workout.sets.values("pk"))
    }
    done = list(workout.sets.select_related("exercise").order_by("position", "pk"))
    order: list[Exercise] = []
    by_exercise: dict[int, list] = {}
    for exercise_set in done:
        if exercise_set.exercise_id not in by_exercise:
            order.append(exercise_set.exercise)
        by_exercise.setdefault(exercise_set.exercise_id, []).append(exercise_set)
    plan: dict[int, list] = {}
    if routine is not None:
        for routine_set in routine.sets.select_related("exercise"):
            if routine_set.exercise_id not in plan and routine_set.exercise_id not in by_exercise:
                order.append(routine_set.exercise)
            plan.setdefault(routine_set.exercise_id, []).append(routine_set)
    blocks = []
    for exercise in order:
        block = planned_block(athlete, exercise, workout, plan.get(exercise.pk))
        logged = by_exercise.get(exercise.pk, [])
        done_rows = [
            _row_from_set(s, imperial, done=True, client_id=done_ids.get(s.pk)) for s in logged
        ]
        for index, row in enumerate(done_rows):
            row.last = block.rows[index].last if index < len(block.rows) else None
        block.rows = done_rows + block.rows[len(done_rows) :]
        blocks.append(block)
    return blocks


def start_workout(athlete: Athlete, day: date, routine: Routine | None = None) -> Workout:
    """A new strength workout on `day`, saved now so nothing typed later is lost. Its RPE and
    duration start from the last strength session (marked estimated) until Finish."""
    last = (
        Workout.objects.filter(athlete=athlete, kind=Workout.Kind.STRENGTH)
        .order_by("-date", "-started_at")
        .first()
    )
    clock = defaults.default_time(athlete, day, Workout) or defaults.now_clock(athlete)
    with transaction.atomic():
        return Workout.objects.create(
            athlete=athlete,
            date=day,
            started_at=datetime.combine(day, clock, tzinfo=athlete.tz),
            kind=Workout.Kind.STRENGTH,
            title=routine.name if routine else "",
            duration_min=last.duration_min if last else 60,
            rpe=last.rpe if last else 5,
            rpe_estimated=True,
        )


class LoggedSetForm(forms.Form):
    """One ticked set from the logger. Load in the athlete's units."""

    client_id = forms.UUIDField()
    exercise = forms.IntegerField(min_value=1)
    load = forms.FloatField(required=False, min_value=0)
    reps = forms.IntegerField()
    rir = forms.IntegerField(required=False)
    warmup = forms.BooleanField(required=False)
    # A done set saved another way (the workout form, an import) has no client id yet: the
    # row names the set, and its first change claims a client id for it.
    set = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, athlete: Athlete, **kwargs):
        super().__init__(*args, **kwargs)
        self.athlete = athlete
        set_range(self, "reps", _("Reps must be between %(low)s and %(high)s."), model=ExerciseSet)
        self.fields["reps"].error_messages.update(
            required=_("Enter the reps."), invalid=_("Reps are a whole number.")
        )
        set_range(self, "rir", _("RIR must be between %(low)s and %(high)s."), model=ExerciseSet)
        self.fields["load"].error_messages.update(
            min_value=_("Load can't be negative."), invalid=_("Load is a number.")
        )

    def clean_exercise(self) -> Exercise:
        try:
            return Exercise.objects.visible_to(self.athlete).get(pk=self.cleaned_data["exercise"])
        except Exercise.DoesNotExist:
            raise forms.ValidationError(_("Choose an exercise from the list.")) from None

    def clean_load(self) -> float:
        value = self.cleaned_data.get("load") or 0.0
        kg = kg_from(value, self.athlete.imperial)
        if kg > limits(ExerciseSet, "load_kg")[1]:
            raise forms.ValidationError(load_range(self.athlete.imperial, lb_digits=0))
        return kg


def save_set(workout: Workout, form: LoggedSetForm) -> ExerciseSet:
    """Save a ticked set, or change the one saved before under the same client id: a resend
    (a retry after a lost connection) never adds a second row."""
    athlete, data = form.athlete, form.cleaned_data
    values = {
        "exercise": data["exercise"],
        "reps": data["reps"],
        "load_kg": data["load"],
        "rir": data["rir"],
        "set_type": ExerciseSet.SetType.WARMUP if data["warmup"] else ExerciseSet.SetType.NORMAL,
    }
    with transaction.atomic(), one_refresh():
        Workout.objects.select_for_update().filter(pk=workout.pk).first()  # sets take turns
        submission = _claim(data["client_id"], athlete)
        existing = None
        if submission.saved_pk:
            existing = ExerciseSet.objects.filter(pk=submission.saved_pk, workout=workout).first()
        elif data.get("set"):
            existing = ExerciseSet.objects.filter(pk=data["set"], workout=workout).first()
            if existing is not None:
                submission.saved_pk = existing.pk
                submission.save(update_fields=["saved_pk"])
        if existing is not None:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            return existing
        position = (workout.sets.aggregate(top=Max("position"))["top"] or 0) + 1
        exercise_set = ExerciseSet.objects.create(workout=workout, position=position, **values)
        submission.saved_kind, submission.saved_pk = SET_KIND, exercise_set.pk
        submission.save(update_fields=["saved_kind", "saved_pk"])
        workout.save(update_fields=["updated_at"])
        return exercise_set


def _claim(client_id: uuid.UUID, athlete: Athlete) -> FormSubmission:
    """The client id's row, taken first: two sends of one set at the same moment (two tabs
    back online) meet on its primary key, and the second finds the first's set."""
    submission = FormSubmission.objects.filter(token=client_id).first()
    if submission is None:
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    token=client_id, athlete=athlete, saved_kind=SET_KIND
                )
        except IntegrityError:
            submission = FormSubmission.objects.select_for_update().get(token=client_id)
    if submission.athlete_id != athlete.pk or submission.saved_kind not in ("", SET_KIND):
        raise forms.ValidationError(_("This set id is taken."))
    return submission


def undo_set(
    workout: Workout, athlete: Athlete, client_id: uuid.UUID, set_pk: int | None = None
) -> None:
    """Untick a set: its row goes (the client id's set, or the named one of this workout).
    The client id stays the athlete's: ticking the row again adds the set back once."""
    with transaction.atomic(), one_refresh():
        submission = FormSubmission.objects.filter(token=client_id, athlete=athlete).first()
        if submission is not None and submission.saved_pk:
            set_pk = submission.saved_pk
        if set_pk:
            ExerciseSet.objects.filter(pk=set_pk, workout=workout).delete()
        if submission is not None and submission.saved_pk:
            submission.saved_pk = None
            submission.save(update_fields=["saved_pk"])


class FinishForm(forms.Form):
    duration_min = forms.IntegerField(label=_l("Duration (min)"))
    rpe = forms.DecimalField(label=_l("Session RPE (0–10)"), decimal_places=1, max_digits=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_range(
            self,
            "duration_min",
            _("Duration must be between %(low)s and %(high)s minutes."),
            model=Workout,
        )
        set_range(
            self, "rpe", _("Session RPE must be between %(low)s and %(high)s."), model=Workout
        )
        self.fields["rpe"].error_messages["required"] = _(
            "How hard was the whole session? 0 rest, 10 maximal."
        )
        self.fields["duration_min"].widget.attrs["inputmode"] = "numeric"
        self.fields["rpe"].widget.attrs.update(inputmode="decimal", step="0.5")


def finish_workout(workout: Workout, form: FinishForm) -> None:
    with transaction.atomic():
        workout.duration_min = form.cleaned_data["duration_min"]
        workout.rpe = form.cleaned_data["rpe"]
        workout.rpe_estimated = False
        workout.save(update_fields=["duration_min", "rpe", "rpe_estimated", "updated_at"])


# --- Routines -----------------------------------------------------------------------------------


def routine_from_workout(workout: Workout, name: str) -> Routine:
    """A routine with the workout's sets, in order."""
    with transaction.atomic():
        routine = Routine.objects.create(athlete=workout.athlete, name=name)
        RoutineSet.objects.bulk_create(
            RoutineSet(
                routine=routine,
                exercise_id=s.exercise_id,
                position=index,
                reps=s.reps,
                load_kg=s.load_kg,
                rir=s.rir,
                set_type=s.set_type,
            )
            for index, s in enumerate(workout.sets.order_by("position", "pk"))
        )
    return routine


def give_routine(athlete: Athlete, coach, name: str, lines: list[dict]) -> Routine:
    """A routine a coach gives the athlete: `lines` of exercise, sets, reps and load (kg)."""
    with transaction.atomic():
        routine = Routine.objects.create(athlete=athlete, name=name, given_by=coach)
        planned, position = [], 0
        for line in lines:
            for _ in range(line["sets"]):
                planned.append(
                    RoutineSet(
                        routine=routine,
                        exercise=line["exercise"],
                        position=position,
                        reps=line["reps"],
                        load_kg=line["load_kg"],
                    )
                )
                position += 1
        RoutineSet.objects.bulk_create(planned)
    return routine


def touch(routine: Routine) -> None:
    routine.updated_at = timezone.now()
    routine.save(update_fields=["updated_at"])
