"""The shared commit step: a confirmed preview written as one ImportBatch, in one
transaction; and its undo, which removes exactly the rows the batch added.

Rows are written in bulk, which sends no per-row signal, so the commit announces the change
itself, once, from the earliest imported day (`note_change` inside `one_refresh`, as the
views do): the day states refresh once for the whole import.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from journal.imports.models import ImportBatch
from journal.imports.preview import Choices, Plan, plan
from journal.imports.records import ImportFileError, from_json
from journal.models import (
    ENTRY_MODELS,
    Athlete,
    Exercise,
    ExerciseSet,
    SleepEntry,
    WeighIn,
    Workout,
    note_change,
    one_refresh,
)

NOT_PENDING = "This import is no longer waiting to be confirmed."


def records_of(batch: ImportBatch) -> list:
    return [from_json(item) for item in (batch.preview or {}).get("records", [])]


def commit(batch: ImportBatch, choices: Choices) -> dict[str, int]:
    """Write the batch's records into the athlete's journal, all or nothing, and mark it
    done; the counts of what it added. Duplicates are found again here, under the athlete's
    lock: two commits of the same file at the same moment add its rows once. A batch that
    would add nothing is deleted. Raises ImportFileError, writing nothing."""
    with transaction.atomic():
        Athlete.objects.select_for_update().only("pk").get(pk=batch.athlete_id)
        batch = ImportBatch.objects.select_for_update().select_related("athlete").get(pk=batch.pk)
        if batch.status not in (ImportBatch.Status.READY, ImportBatch.Status.SAVING):
            raise ImportFileError(NOT_PENDING)
        athlete = batch.athlete
        planned = plan(athlete, records_of(batch), choices)
        if not planned.rows:  # everything is a duplicate now: no batch to list or undo
            batch.delete()
            discard_spool(batch)
            return planned.counts()
        try:
            with transaction.atomic(), one_refresh():
                _write(batch, athlete, planned)
        except IntegrityError:
            raise ImportFileError(
                "The import could not be saved: it breaks a rule of the database. Nothing "
                "was imported."
            ) from None
        stored = batch.preview or {}
        summary = planned.summary(stored.get("summary", {}).get("notes", []))
        summary["problems"] = (stored.get("parse_problems", []) + summary["problems"])[:200]
        summary["problem_count"] += stored.get("parse_problem_count", 0)
        batch.counts = planned.counts()
        batch.preview = {"summary": summary}
        batch.status = ImportBatch.Status.DONE
        batch.committed_at = timezone.now()
        batch.expires_at = None
        batch.progress_done = batch.progress_total
        batch.save()
    discard_spool(batch)
    return batch.counts


def _write(batch: ImportBatch, athlete: Athlete, planned: Plan) -> None:
    new_names = planned.new_exercise_names()
    created: dict[str, Exercise] = {}
    for name in sorted(new_names):
        match = planned.matches[name]
        exercise = created.get(match.exercise_name.casefold())
        if exercise is None:
            exercise = Exercise.objects.create(
                name=match.exercise_name,
                kind=Exercise.Kind.STRENGTH,
                owner=athlete,
                import_batch=batch,
            )
            created[match.exercise_name.casefold()] = exercise
        match.exercise_id = exercise.pk
    workouts = [p.workout for p in planned.workouts]
    for workout in workouts:
        workout.athlete, workout.import_batch = athlete, batch
    Workout.objects.bulk_create(workouts, batch_size=500)
    sets = []
    for p in planned.workouts:
        for exercise_set, name in p.sets:
            exercise_set.workout = p.workout
            exercise_set.exercise_id = planned.matches[name].exercise_id
            sets.append(exercise_set)
    ExerciseSet.objects.bulk_create(sets, batch_size=1000)
    for model, entries in ((SleepEntry, planned.nights), (WeighIn, planned.weigh_ins)):
        for entry in entries:
            entry.athlete, entry.import_batch = athlete, batch
        model.objects.bulk_create(entries, batch_size=500)
    earliest = planned.earliest_day()
    if earliest is not None:
        note_change(athlete.pk, earliest)  # bulk_create sends no signal


def undo(batch: ImportBatch) -> dict[str, int]:
    """Remove every row the batch added (also ones edited since), the own exercises it
    created that no set uses any more, and the batch itself. The day states refresh once,
    from the earliest day removed. Gives the number of rows removed per model label
    ("journal.Workout": 12, "journal.ExerciseSet": 150, …)."""
    removed: dict[str, int] = {}
    with transaction.atomic(), one_refresh():
        Athlete.objects.select_for_update().only("pk").get(pk=batch.athlete_id)
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        earliest: date | None = None
        for model in ENTRY_MODELS:
            rows = model.objects.filter(import_batch=batch)
            first = rows.order_by("date").values_list("date", flat=True).first()
            if first is not None:
                earliest = first if earliest is None else min(earliest, first)
            # The queryset delete sends a signal per row, gathered into one refresh.
            _, by_model = rows.delete()
            for label, count in by_model.items():
                removed[label] = removed.get(label, 0) + count
        leftover = Exercise.objects.filter(import_batch=batch, owner_id=batch.athlete_id)
        removed[Exercise._meta.label] = leftover.filter(exerciseset__isnull=True).delete()[0]
        leftover.update(import_batch=None)  # still lifted in a workout logged by hand
        if earliest is not None:
            note_change(batch.athlete_id, earliest)
        batch.delete()
    discard_spool(batch)
    return removed


def discard_spool(batch: ImportBatch) -> None:
    """Remove the upload a background job read from disk, if any."""
    if batch.spool_dir:
        shutil.rmtree(Path(batch.spool_dir), ignore_errors=True)


def discard_expired(athlete: Athlete) -> int:
    """Forget the athlete's previews left unconfirmed past their expiry, and their files."""
    expired = list(
        ImportBatch.objects.filter(
            athlete=athlete,
            expires_at__lt=timezone.now(),
        ).exclude(status=ImportBatch.Status.DONE)
    )
    for batch in expired:
        discard_spool(batch)
        batch.delete()
    return len(expired)
