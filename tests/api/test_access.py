"""Every API operation against the owner, a view coach, a manage coach, an outsider and an
anonymous caller, each with their own read-write token: what the pages allow, and 404 for
an athlete or entry that isn't yours."""

import pytest

from api.main import api as rebound_api
from journal.models import CoachLink
from tests.api.conftest import Api, errors_of, token_for
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["owner", "view_coach", "manage_coach", "outsider", "anon"]
OWN = {"owner": 200, "view_coach": 404, "manage_coach": 404, "outsider": 404, "anon": 401}
OWN_DELETE = {**OWN, "owner": 204}
COACH_READ = {"owner": 404, "view_coach": 200, "manage_coach": 200, "outsider": 404, "anon": 401}
COACH_WRITE = {**COACH_READ, "view_coach": 403}
# A coach without a journal has no /me/ or lists of their own; an outsider has theirs.
ANYONE_SIGNED_IN = {
    "owner": 200,
    "view_coach": 200,
    "manage_coach": 200,
    "outsider": 200,
    "anon": 401,
}
OWN_LIST = {"owner": 200, "view_coach": 404, "manage_coach": 404, "outsider": 200, "anon": 401}

KINDS = {
    "workouts": {"time": "18:00"},
    "sleep": {"quality": 2},
    "meals": {"description": "Oats"},
    "intakes": {"amount": 250},
    "checkins": {"fatigue": 5},
}
# What each role's POST makes: the outsider logs in their own journal. The owner's check-in
# of the day exists, so theirs updates it (200); their night too, so a second is refused.
CREATED = {"owner": 201, "view_coach": 404, "manage_coach": 404, "outsider": 201, "anon": 401}
CREATE = {
    "workouts": ({"date": "2025-03-11", "time": "07:00", "duration_min": 45, "rpe": 6}, CREATED),
    "sleep": (
        {"date": "2025-03-11", "bedtime": "23:00", "wake_time": "07:00", "quality": 4},
        CREATED,
    ),
    "meals": ({"date": "2025-03-11", "time": "12:30", "protein_g": 30}, CREATED),
    "intakes": ({"date": "2025-03-11", "time": "09:00", "amount": 500}, CREATED),
    "checkins": (
        {"date": "2025-03-12", "sleep_quality": 2, "fatigue": 2, "stress": 2, "soreness": 2,
         "energy": 4},
        {**CREATED, "owner": 200},
    ),
}  # fmt: skip


@pytest.fixture
def world(frozen):
    owner = AthleteFactory()
    day = owner.today()
    coaches = {
        "view_coach": CoachLinkFactory(athlete=owner, access=CoachLink.Access.VIEW).coach,
        "manage_coach": CoachLinkFactory(athlete=owner, access=CoachLink.Access.MANAGE).coach,
    }
    users = {"owner": owner.user, "outsider": AthleteFactory().user, **coaches}
    clients = {role: Api(token_for(user)) for role, user in users.items()} | {"anon": Api()}
    entries = {
        "workouts": WorkoutFactory(athlete=owner, date=day, notes="private", notes_shared=False),
        "sleep": SleepEntryFactory(athlete=owner, date=day, notes="private"),
        "meals": MealFactory(athlete=owner, date=day),
        "intakes": IntakeFactory(athlete=owner, date=day),
        "checkins": CheckInFactory(athlete=owner, date=day, note="private"),
    }
    return {"owner": owner, "clients": clients, "entries": entries, "day": day}


def operations(world) -> list[tuple[str, str, str, object, dict]]:
    """(name, method, path, body, expected status by role) for every operation."""
    owner, day = world["owner"], world["day"].isoformat()
    coach = f"/coach/athletes/{owner.public_id}"
    ops = [
        ("me", "get", "/me/", None, OWN_LIST),
        ("targets", "patch", "/me/targets/", {"sleep_target_h": 8.5}, OWN_LIST),
        ("exercises", "get", "/exercises/", None, OWN_LIST),
        ("states", "get", "/states/", None, OWN_LIST),
        ("roster", "get", "/coach/athletes/", None, ANYONE_SIGNED_IN),
        ("coach athlete", "get", f"{coach}/", None, COACH_READ),
        ("coach states", "get", f"{coach}/states/", None, COACH_READ),
        ("coach targets", "patch", f"{coach}/targets/", {"kcal_target": 2500}, COACH_WRITE),
        ("coach notes", "get", f"{coach}/notes/", None, COACH_READ),
        ("coach note", "post", f"{coach}/notes/", {"date": day, "text": "Easy day"},
         {**COACH_WRITE, "manage_coach": 201}),
    ]  # fmt: skip
    for kind, change in KINDS.items():
        pk = world["entries"][kind].pk
        ops += [
            (f"list {kind}", "get", f"/{kind}/", None, OWN_LIST),
            (f"create {kind}", "post", f"/{kind}/", *CREATE[kind]),
            (f"get {kind}", "get", f"/{kind}/{pk}/", None, OWN),
            (f"change {kind}", "patch", f"/{kind}/{pk}/", change, OWN),
            (f"delete {kind}", "delete", f"/{kind}/{pk}/", None, OWN_DELETE),
            (f"coach {kind}", "get", f"{coach}/{kind}/", None, COACH_READ),
        ]
    return ops


def call(client: Api, method: str, path: str, body):
    if method == "get":
        return client.get(path)
    if method == "delete":
        return client.delete(path)
    return client.send(method, path, body)


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_each_role_as_the_pages_do(world, role):
    seen = []
    for name, method, path, body, expected in operations(world):
        response = call(world["clients"][role], method, path, body)
        seen.append((name, response.status_code, expected[role]))
        if response.status_code >= 400:
            assert errors_of(response), name
    wrong = [(name, got, want) for name, got, want in seen if got != want]
    assert not wrong, wrong


def test_the_table_covers_every_operation_in_the_schema(world):
    schema = rebound_api.get_openapi_schema()
    documented = sum(len(methods) for methods in schema["paths"].values())
    assert len(operations(world)) == documented


def test_an_outsider_sees_nothing_of_the_athlete(world):
    outsider = world["clients"]["outsider"]
    for kind in KINDS:
        body = outsider.get(f"/{kind}/").json()
        assert body["count"] == 0 and body["items"] == [], kind
    roster = outsider.get("/coach/athletes/").json()
    assert roster["items"] == []


def test_coaches_never_get_the_notes_the_athlete_keeps(world):
    owner = world["owner"]
    coach = world["clients"]["view_coach"]
    base = f"/coach/athletes/{owner.public_id}"
    assert coach.get(f"{base}/workouts/").json()["items"][0]["notes"] == ""
    assert coach.get(f"{base}/sleep/").json()["items"][0]["notes"] == ""
    assert coach.get(f"{base}/checkins/").json()["items"][0]["note"] == ""
    own = world["clients"]["owner"]
    assert own.get("/workouts/").json()["items"][0]["notes"] == "private"
    assert own.get("/checkins/").json()["items"][0]["note"] == "private"


def test_shared_notes_reach_the_coach(world):
    workout = world["entries"]["workouts"]
    workout.notes_shared = True
    workout.save()
    coach = world["clients"]["manage_coach"]
    items = coach.get(f"/coach/athletes/{world['owner'].public_id}/workouts/").json()["items"]
    assert items[0]["notes"] == "private"


def test_a_revoked_coach_gets_404_on_the_next_request(world):
    owner = world["owner"]
    link = CoachLink.objects.get(athlete=owner, access=CoachLink.Access.VIEW)
    coach = world["clients"]["view_coach"]
    assert coach.get(f"/coach/athletes/{owner.public_id}/").status_code == 200
    link.status = CoachLink.Status.REVOKED
    link.save()
    assert coach.get(f"/coach/athletes/{owner.public_id}/").status_code == 404
    assert coach.get("/coach/athletes/").json()["count"] == 0


def test_a_pending_invitation_shows_nothing(world):
    link = CoachLinkFactory(athlete=world["owner"], status=CoachLink.Status.PENDING)
    pending = Api(token_for(link.coach))
    assert pending.get(f"/coach/athletes/{world['owner'].public_id}/").status_code == 404
