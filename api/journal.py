"""The signed-in athlete's own journal: profile and targets, exercises, and each kind of
entry (list by date range, create, read, change, delete)."""

from typing import Annotated

from django.db import transaction
from django.db.models import Q
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from api import entries, schemas
from api.entries import CHECKINS, INTAKES, MEALS, SLEEP, WORKOUTS, Kind, Listing, Paging
from api.errors import ApiError, form_errors
from api.idempotency import IdempotencyKey, once
from api.spec import ERRORS, EntryId
from journal import access
from journal.models import Athlete, Exercise
from recovery.forms import TargetsForm

router = Router(tags=["journal"])


def targets_out(athlete: Athlete) -> dict:
    return {
        "sleep_target_h": athlete.sleep_target_h,
        "protein_target_g_per_kg": athlete.protein_target,
        "protein_target_is_default": not athlete.protein_target_g_per_kg,
        "water_target_ml_per_kg": athlete.water_target_ml_per_kg,
        "kcal_target": athlete.kcal_target,
    }


def profile_out(athlete: Athlete) -> dict:
    fields = ("public_id", "display_name", "body_mass_kg", "focus", "goal", "timezone", "units")
    return {
        **{name: getattr(athlete, name) for name in fields},
        "today": athlete.today(),
        "targets": targets_out(athlete),
    }


def save_targets(athlete: Athlete, changes: dict) -> None:
    """The targets through the form of the pages (Settings, a coach's targets page)."""
    data = {name: getattr(athlete, name) for name in TargetsForm.Meta.fields}
    data.update(changes)
    form = TargetsForm({k: entries.form_value(v) for k, v in data.items()}, instance=athlete)
    if not form.is_valid():
        raise ApiError(form_errors(form))
    with transaction.atomic():  # the day states refresh with the targets
        form.save()


@router.get("/me/", response={200: schemas.MeOut, **ERRORS}, summary="Your profile and targets")
def get_me(request):
    athlete = access.own_athlete(request.user)
    return {**profile_out(athlete), "username": request.user.username}


@router.patch(
    "/me/targets/", response={200: schemas.TargetsOut, **ERRORS}, summary="Change your targets"
)
def change_own_targets(request, payload: schemas.TargetsIn, idempotency_key: IdempotencyKey = None):
    """Sleep, protein, water and energy targets, with the limits of Settings."""

    def write():
        athlete = access.own_athlete(request.user)
        save_targets(athlete, payload.model_dump(exclude_unset=True))
        return 200, schemas.TargetsOut(**targets_out(athlete))

    return once(request, idempotency_key, write)


class ExerciseQuery(Paging):
    q: str = SchemaField("", max_length=80, description="Part of the name.")


@router.get(
    "/exercises/", response={200: schemas.ExercisePage, **ERRORS}, summary="Exercises to log"
)
def list_exercises(request, query: Annotated[ExerciseQuery, Query()]):
    """The shared catalogue and your own exercises, by name: a set's `exercise_id`."""
    athlete = access.own_athlete(request.user)
    rows = Exercise.objects.visible_to(athlete).order_by("name", "pk")
    if query.q:
        rows = rows.filter(Q(name__icontains=query.q))
    found = rows[query.offset : query.offset + query.limit]
    items = [
        {
            "id": e.pk,
            "name": e.name,
            "kind": e.kind,
            "muscle_groups": list(e.muscle_groups or []),
            "own": e.owner_id is not None,
        }
        for e in found
    ]
    return entries.page(items, rows.count(), query)


def entry_routes(
    kind: Kind,
    path: str,
    noun: str,
    plural: str,
    create: type[Schema],
    change: type[Schema],
    listing_page: type[Schema],
) -> None:
    """List, create, read, change and delete for one kind of entry."""
    name = noun.replace(" ", "_").replace("-", "")

    @router.get(
        f"/{path}/",
        response={200: listing_page, **ERRORS},
        summary=f"List your {plural}",
        operation_id=f"list_{path}",
        url_name=f"list_{path}",
    )
    def list_view(request, listing: Annotated[Listing, Query()]):
        return entries.list_entries(access.own_access(request.user), kind, listing)

    @router.post(
        f"/{path}/",
        response={200: kind.schema, 201: kind.schema, **ERRORS},
        summary=f"Log a {noun}",
        operation_id=f"create_{name}",
        url_name=f"create_{name}",
    )
    def create_view(request, payload: create, idempotency_key: IdempotencyKey = None):
        def write():
            if kind is CHECKINS:  # what is left out stays as the day has it
                answers = payload.model_dump(exclude_unset=True)
                status, entry = entries.save_checkin_answers(request, answers)
            else:
                status, entry = entries.save_entry(request, kind, payload.model_dump())
            return status, kind.schema(**kind.out(entry, True))

        return once(request, idempotency_key, write)

    @router.get(
        f"/{path}/{{pk}}/",
        response={200: kind.schema, **ERRORS},
        summary=f"One {noun}",
        operation_id=f"get_{name}",
        url_name=f"get_{name}",
    )
    def get_view(request, pk: EntryId):
        return kind.out(entries.own_entry(request, kind, pk), True)

    @router.patch(
        f"/{path}/{{pk}}/",
        response={200: kind.schema, **ERRORS},
        summary=f"Change a {noun}",
        operation_id=f"change_{name}",
        url_name=f"change_{name}",
    )
    def change_view(request, pk: EntryId, payload: change, idempotency_key: IdempotencyKey = None):
        def write():
            changes = payload.model_dump(exclude_unset=True)
            if kind is CHECKINS:
                _, entry = entries.save_checkin_answers(request, changes, pk)
            else:
                _, entry = entries.save_entry(request, kind, changes, pk)
            return 200, kind.schema(**kind.out(entry, True))

        return once(request, idempotency_key, write)

    @router.delete(
        f"/{path}/{{pk}}/",
        response={204: None, **ERRORS},
        summary=f"Delete a {noun}",
        operation_id=f"delete_{name}",
        url_name=f"delete_{name}",
    )
    def delete_view(request, pk: EntryId, idempotency_key: IdempotencyKey = None):
        def write():
            entries.delete_entry(request, kind, pk)
            return 204, None

        return once(request, idempotency_key, write)


entry_routes(
    WORKOUTS, "workouts", "workout", "workouts", schemas.WorkoutIn, schemas.WorkoutPatch,
    schemas.WorkoutPage,
)  # fmt: skip
entry_routes(
    SLEEP, "sleep", "sleep entry", "nights", schemas.SleepIn, schemas.SleepPatch,
    schemas.SleepPage,
)  # fmt: skip
entry_routes(
    MEALS, "meals", "meal", "meals", schemas.MealIn, schemas.MealPatch, schemas.MealPage
)  # fmt: skip
entry_routes(
    INTAKES, "intakes", "intake", "drinks and other intakes", schemas.IntakeIn,
    schemas.IntakePatch, schemas.IntakePage,
)  # fmt: skip
entry_routes(
    CHECKINS, "checkins", "check-in", "check-ins", schemas.CheckInIn, schemas.CheckInPatch,
    schemas.CheckInPage,
)  # fmt: skip
