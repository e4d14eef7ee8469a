"""For coaches: the roster, and per athlete they coach the profile, day states and entries
with the rules of the coach's pages (`journal.access.coach_access`): an athlete who does
not share with you is 404, a view-only coach who writes gets 403, and the notes an
athlete keeps to themselves are never returned."""

from typing import Annotated

from ninja import Query, Router

from api import entries, schemas, state_schemas
from api.entries import CHECKINS, INTAKES, MEALS, SLEEP, WORKOUTS, Listing, Paging
from api.errors import ApiError, form_errors
from api.idempotency import IdempotencyKey, once
from api.journal import profile_out, save_targets, targets_out
from api.spec import ERRORS, AthleteId
from api.states import states_page
from journal import access
from recovery import pages
from recovery.forms import CoachNoteForm
from recovery.models import CoachNote

router = Router(tags=["coach"])


@router.get(
    "/coach/athletes/", response={200: state_schemas.RosterPage, **ERRORS}, summary="Your athletes"
)
def list_coached_athletes(request, paging: Annotated[Paging, Query()]):
    """The athletes who share with you, worst first, with the roster's numbers."""
    links = list(access.active_links(request.user).select_related("athlete"))
    rows, _ = pages.roster_rows(links, "", "")
    items = [
        {
            "public_id": link.athlete.public_id,
            "display_name": link.athlete.display_name,
            "access": link.access,
            "readiness_score": summary.score,
            "band": summary.band,
            "calibrating": summary.calibrating,
            "top_findings": [
                {"severity": severity, "title": title, "guidance_slug": slug}
                for severity, title, slug in summary.top_findings
            ],
            "last_checkin": summary.last_checkin,
            "compliance_pct": summary.compliance_pct,
            "load_ratio": summary.load_ratio,
            "sleep_mean_7_h": summary.sleep_mean_7_h,
        }
        for link, summary in rows[paging.offset : paging.offset + paging.limit]
    ]
    return entries.page(items, len(rows), paging)


@router.get(
    "/coach/athletes/{public_id}/",
    response={200: state_schemas.CoachAthleteOut, **ERRORS},
    summary="An athlete's profile and targets",
)
def get_coached_athlete(request, public_id: AthleteId):
    acc = access.coach_access(request.user, public_id)
    return {**profile_out(acc.athlete), "access": acc.link.access}


@router.get(
    "/coach/athletes/{public_id}/states/",
    response={200: state_schemas.DayStatePage, **ERRORS},
    summary="An athlete's day states",
)
def list_coached_athlete_states(
    request, public_id: AthleteId, listing: Annotated[Listing, Query()]
):
    """As GET /states/, for an athlete who shares with you."""
    return states_page(access.coach_access(request.user, public_id), listing)


@router.patch(
    "/coach/athletes/{public_id}/targets/",
    response={200: schemas.TargetsOut, **ERRORS},
    summary="Change an athlete's targets (manage access)",
)
def change_coached_athlete_targets(
    request,
    public_id: AthleteId,
    payload: schemas.TargetsIn,
    idempotency_key: IdempotencyKey = None,
):
    def write():
        acc = access.coach_access(request.user, public_id)
        acc.require_manage()
        save_targets(acc.athlete, payload.model_dump(exclude_unset=True))
        return 200, schemas.TargetsOut(**targets_out(acc.athlete))

    return once(request, idempotency_key, write)


def note_out(note: CoachNote) -> dict:
    return {
        "id": note.pk,
        "date": note.date,
        "text": note.text,
        "author": note.author.get_full_name() or note.author.username,
        "created_at": note.created_at,
    }


@router.get(
    "/coach/athletes/{public_id}/notes/",
    response={200: state_schemas.CoachNotePage, **ERRORS},
    summary="Coach notes on an athlete's days",
)
def list_coach_notes(request, public_id: AthleteId, listing: Annotated[Listing, Query()]):
    listing.range_errors()
    acc = access.coach_access(request.user, public_id)
    notes = CoachNote.objects.filter(athlete=acc.athlete).select_related("author")
    if listing.from_:
        notes = notes.filter(date__gte=listing.from_)
    if listing.to:
        notes = notes.filter(date__lte=listing.to)
    notes = notes.order_by("date", "created_at", "pk")
    found = notes[listing.offset : listing.offset + listing.limit]
    return entries.page([note_out(note) for note in found], notes.count(), listing)


@router.post(
    "/coach/athletes/{public_id}/notes/",
    response={201: state_schemas.CoachNoteOut, **ERRORS},
    summary="Leave a note on an athlete's day (manage access)",
)
def create_coach_note(
    request,
    public_id: AthleteId,
    payload: state_schemas.CoachNoteIn,
    idempotency_key: IdempotencyKey = None,
):
    def write():
        acc = access.coach_access(request.user, public_id)
        acc.require_manage()
        data = {k: entries.form_value(v) for k, v in payload.model_dump().items()}
        form = CoachNoteForm(data, athlete=acc.athlete)
        if not form.is_valid():
            raise ApiError(form_errors(form))
        note = form.save(commit=False)
        note.athlete, note.author = acc.athlete, request.user
        note.save()
        return 201, state_schemas.CoachNoteOut(**note_out(note))

    return once(request, idempotency_key, write)


def coach_entry_list(kind, path: str, plural: str, listing_page) -> None:
    @router.get(
        f"/coach/athletes/{{public_id}}/{path}/",
        response={200: listing_page, **ERRORS},
        summary=f"An athlete's {plural}",
        operation_id=f"list_coached_athlete_{path}",
        url_name=f"list_coached_athlete_{path}",
    )
    def list_view(request, public_id: AthleteId, listing: Annotated[Listing, Query()]):
        """Read-only; notes the athlete keeps to themselves come back empty."""
        return entries.list_entries(access.coach_access(request.user, public_id), kind, listing)


coach_entry_list(WORKOUTS, "workouts", "workouts", schemas.WorkoutPage)
coach_entry_list(SLEEP, "sleep", "nights", schemas.SleepPage)
coach_entry_list(MEALS, "meals", "meals", schemas.MealPage)
coach_entry_list(INTAKES, "intakes", "intakes", schemas.IntakePage)
coach_entry_list(CHECKINS, "checkins", "check-ins", schemas.CheckInPage)
