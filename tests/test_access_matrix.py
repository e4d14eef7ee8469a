"""Every URL that takes an athlete, an entry or a coach link, against every kind of visitor.

The test walks the project's URL patterns: a new pattern with `public_id`, `pk` or `link_id`
and no row in MATRIX fails `test_every_athlete_or_entry_url_is_in_the_matrix`.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.models import ApiToken
from journal.models import CoachLink, FavouriteMeal, ImportBatch, Routine
from recovery.summaries import iso_week_label
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    UserFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["owner", "view_coach", "manage_coach", "revoked_coach", "pending_coach", "other", "anon"]
ID_KWARGS = {"public_id", "pk", "link_id"}

# url name: (method, {role: expected status}, what to post)
ENTRY_GET = {"owner": 200, "view_coach": 404, "manage_coach": 404, "revoked_coach": 404,
             "pending_coach": 404, "other": 404, "anon": 302}  # fmt: skip
ENTRY_POST = {**ENTRY_GET, "owner": 302}
COACH_READ = {"owner": 404, "view_coach": 200, "manage_coach": 200, "revoked_coach": 404,
              "pending_coach": 404, "other": 404, "anon": 302}  # fmt: skip
COACH_WRITE = {**COACH_READ, "view_coach": 403, "manage_coach": 302}
OWN_LINK = {"owner": 302, "view_coach": 404, "manage_coach": 404, "revoked_coach": 404,
            "pending_coach": 404, "other": 404, "anon": 302}  # fmt: skip

MATRIX = {
    "journal:workout_edit": ("get", ENTRY_GET, None),
    "journal:workout_delete": ("post", ENTRY_POST, {}),
    "journal:sleep_edit": ("get", ENTRY_GET, None),
    "journal:sleep_delete": ("post", ENTRY_POST, {}),
    "journal:meals_edit": ("get", ENTRY_GET, None),
    "journal:meals_delete": ("post", ENTRY_POST, {}),
    "journal:intake_edit": ("get", ENTRY_GET, None),
    "journal:intake_delete": ("post", ENTRY_POST, {}),
    "coach_athlete": ("get", COACH_READ, None),
    "coach_athlete_week_current": ("get", COACH_READ, None),
    "coach_athlete_week": ("get", COACH_READ, None),
    "coach_athlete_trends": ("get", COACH_READ, None),
    "coach_athlete_journal": ("get", COACH_READ, None),
    "coach_athlete_day": ("get", COACH_READ, None),
    "coach_targets": ("get", COACH_READ, None),
    "coach_note": ("post", COACH_WRITE, "note"),
    "coach_leave": ("post", {**COACH_READ, "view_coach": 302, "manage_coach": 302}, {}),
    "sharing_access": ("post", OWN_LINK, {"access": "manage"}),
    "sharing_revoke": ("post", OWN_LINK, {}),
    # An import is the athlete's own, like an entry: a coach gets 404 as anyone else does.
    "import_batch": ("get", ENTRY_GET, None),
    "import_progress": ("get", {**ENTRY_GET, "owner": 302}, None),  # done: back to the page
    "import_confirm": ("post", ENTRY_POST, {}),
    "import_cancel": ("post", ENTRY_POST, {}),
    "import_undo": ("post", ENTRY_POST, {}),
    "coach_invitation": (
        "post",
        {
            "owner": 404,
            "view_coach": 404,
            "manage_coach": 404,
            "revoked_coach": 404,
            "pending_coach": 302,
            "other": 404,
            "anon": 302,
        },  # fmt: skip
        {"decision": "accept"},
    ),
}
# Logging fast (journal/logger_views.py, journal/quick.py): the athlete's own, like an entry;
# an empty form is a 400 for the owner. A routine is given by a coach with manage access.
MATRIX.update(
    {
        "journal:logger": ("get", ENTRY_GET, None),
        "journal:logger_pick": ("get", ENTRY_GET, None),
        "journal:logger_exercise": ("get", {**ENTRY_GET, "owner": 400}, None),
        "journal:logger_set": ("post", {**ENTRY_GET, "owner": 400}, {}),
        "journal:logger_finish": ("post", {**ENTRY_GET, "owner": 400}, {}),
        "journal:routine_from_workout": ("post", ENTRY_POST, {}),
        "journal:routine_edit": ("get", ENTRY_GET, None),
        "journal:routine_delete": ("post", ENTRY_POST, {}),
        "journal:favourite_delete": ("post", ENTRY_POST, {}),
        "journal:routine_give": ("get", {**COACH_WRITE, "owner": 200, "manage_coach": 200}, None),
    }
)
# The API (api/): the same rules, answered 401 rather than a log-in redirect.
API_OWN = {**ENTRY_GET, "anon": 401}
API_COACH_READ = {**COACH_READ, "anon": 401}
API_COACH_WRITE = {**API_COACH_READ, "view_coach": 403, "manage_coach": 200}
API_ENTRIES = {"workout": "workout", "sleep_entry": "sleep", "meal": "meals", "intake": "intake",
               "checkin": "checkin"}  # fmt: skip
API_CHANGES = {"workout": {"rpe": 5}, "sleep_entry": {"quality": 3}, "meal": {"kcal": 500},
               "intake": {"amount": 300}, "checkin": {"fatigue": 4}}  # fmt: skip
for _kind, _change in API_CHANGES.items():
    MATRIX[f"api:get_{_kind}"] = ("get", API_OWN, None)
    MATRIX[f"api:change_{_kind}"] = ("patch", API_OWN, _change)
    MATRIX[f"api:delete_{_kind}"] = ("delete", {**API_OWN, "owner": 204}, None)
for _kind in ("states", "workouts", "sleep", "meals", "intakes", "checkins"):
    MATRIX[f"api:list_coached_athlete_{_kind}"] = ("get", API_COACH_READ, None)
MATRIX["api:get_coached_athlete"] = ("get", API_COACH_READ, None)
MATRIX["api:list_coach_notes"] = ("get", API_COACH_READ, None)
MATRIX["api:change_coached_athlete_targets"] = ("patch", API_COACH_WRITE, {"kcal_target": 2500})
MATRIX["api:create_coach_note"] = ("post", {**API_COACH_WRITE, "manage_coach": 201}, "note")
MATRIX["api_token_revoke"] = ("post", OWN_LINK, {})

# A coach's POST to the targets page is a write too: view coaches get 403.
TARGETS_POST = ("post", COACH_WRITE, {"action": "targets", "sleep_target_h": "8",
                                      "water_target_ml_per_kg": "35"})  # fmt: skip


def patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or ""), pattern


def takes_an_id(pattern: URLPattern) -> bool:
    regex = pattern.pattern.regex.pattern
    return any(f"<{kwarg}>" in regex or f"?P<{kwarg}>" in regex for kwarg in ID_KWARGS)


def test_every_athlete_or_entry_url_is_in_the_matrix():
    names = {name for name, pattern in patterns() if takes_an_id(pattern)}
    names = {name for name in names if not name.startswith("admin:")}
    missing = names - MATRIX.keys()
    assert not missing, f"add these URLs to the access matrix: {sorted(missing)}"
    assert MATRIX.keys() <= names, f"stale rows: {sorted(MATRIX.keys() - names)}"


@pytest.fixture
def world():
    owner = AthleteFactory()
    day = owner.today()
    links = {
        "view_coach": CoachLinkFactory(athlete=owner, access=CoachLink.Access.VIEW),
        "manage_coach": CoachLinkFactory(athlete=owner, access=CoachLink.Access.MANAGE),
        "revoked_coach": CoachLinkFactory(athlete=owner, status=CoachLink.Status.REVOKED),
        "pending_coach": CoachLinkFactory(athlete=owner, status=CoachLink.Status.PENDING),
    }
    users = {"owner": owner.user, "other": AthleteFactory().user, "anon": None}
    users.update({role: link.coach for role, link in links.items()})
    entries = {
        "workout": WorkoutFactory(athlete=owner, date=day),
        "sleep": SleepEntryFactory(athlete=owner, date=day),
        "meals": MealFactory(athlete=owner, date=day),
        "intake": IntakeFactory(athlete=owner, date=day),
        "checkin": CheckInFactory(athlete=owner, date=day),
    }
    return {"owner": owner, "users": users, "links": links, "entries": entries, "day": day}


def url_for(name: str, world: dict) -> str:
    owner = world["owner"]
    if name == "api_token_revoke":
        token, _ = ApiToken.create_for(owner.user, "Matrix", ApiToken.Scope.READ)
        return reverse(name, kwargs={"pk": token.pk})
    if name.startswith(("api:get_", "api:change_", "api:delete_")) and "coach" not in name:
        kind = name.split("_", 1)[1]
        return reverse(name, kwargs={"pk": world["entries"][API_ENTRIES[kind]].pk})
    if name.startswith(("journal:logger", "journal:routine_from")):
        return reverse(name, kwargs={"pk": world["entries"]["workout"].pk})
    if name in ("journal:routine_edit", "journal:routine_delete"):
        routine = Routine.objects.create(athlete=owner, name="Lower A")
        return reverse(name, kwargs={"pk": routine.pk})
    if name == "journal:favourite_delete":
        favourite = FavouriteMeal.objects.create(athlete=owner, kcal=500)
        return reverse(name, kwargs={"pk": favourite.pk})
    if name == "journal:routine_give":
        return reverse(name, kwargs={"public_id": owner.public_id})
    if name.startswith("journal:"):
        kind = name.split(":")[1].rsplit("_", 1)[0]
        return reverse(name, kwargs={"pk": world["entries"][kind].pk})
    if name.startswith("import_"):
        batch = ImportBatch.objects.create(
            athlete=owner,
            source="strong",
            file_name="strong.csv",
            status=ImportBatch.Status.READY,
            preview={"records": [], "summary": {"counts": {}, "matches": [], "people": {}}},
        )
        return reverse(name, kwargs={"pk": batch.pk})
    if name in ("sharing_access", "sharing_revoke"):
        return reverse(name, kwargs={"link_id": world["links"]["view_coach"].pk})
    if name == "coach_invitation":
        return reverse(name, kwargs={"link_id": world["links"]["pending_coach"].pk})
    if name == "coach_athlete_week":
        label = iso_week_label(world["day"])
        return reverse(name, kwargs={"public_id": owner.public_id, "label": label})
    if name == "coach_athlete_day":
        return reverse(name, kwargs={"public_id": owner.public_id, "day": world["day"]})
    return reverse(name, kwargs={"public_id": owner.public_id})


def request(world: dict, role: str, method: str, url: str, data) -> int:
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    if data == "note":
        data = {"date": (world["day"] - timedelta(days=1)).isoformat(), "text": "Easy week"}
    if url.startswith("/api/") and method != "get":  # the API reads JSON
        response = getattr(client, method)(url, data or {}, content_type="application/json")
    else:
        response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(world, name, role):
    method, expected, data = MATRIX[name]
    assert request(world, role, method, url_for(name, world), data) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_targets_post_needs_manage_access(world, role):
    method, expected, data = TARGETS_POST
    assert request(world, role, method, url_for("coach_targets", world), data) == expected[role]


def test_a_revoked_link_is_404_on_the_next_request(world):
    link = world["links"]["view_coach"]
    client = Client()
    client.force_login(link.coach)
    url = reverse("coach_athlete", kwargs={"public_id": world["owner"].public_id})
    assert client.get(url).status_code == 200
    owner_client = Client()
    owner_client.force_login(world["owner"].user)
    owner_client.post(reverse("sharing_revoke", kwargs={"link_id": link.pk}))
    assert client.get(url).status_code == 404


def test_a_downgrade_to_view_is_403_on_the_next_write(world):
    link = world["links"]["manage_coach"]
    coach = Client()
    coach.force_login(link.coach)
    url = reverse("coach_note", kwargs={"public_id": world["owner"].public_id})
    note = {"date": world["day"].isoformat(), "text": "Rest"}
    assert coach.post(url, note).status_code == 302
    owner = Client()
    owner.force_login(world["owner"].user)
    owner.post(reverse("sharing_access", kwargs={"link_id": link.pk}), {"access": "view"})
    assert coach.post(url, note).status_code == 403


def test_a_stranger_user_without_a_profile_gets_404_too():
    stranger = Client()
    stranger.force_login(UserFactory())
    owner = AthleteFactory()
    assert stranger.get(f"/coach/athletes/{owner.public_id}/").status_code == 404


def test_a_403_logs_one_line_without_a_traceback(world, caplog):
    link = world["links"]["view_coach"]
    coach = Client()
    coach.force_login(link.coach)
    url = reverse("coach_note", kwargs={"public_id": world["owner"].public_id})
    with caplog.at_level("WARNING", logger="django.request"):
        response = coach.post(url, {"date": world["day"].isoformat(), "text": "Rest"})
    assert response.status_code == 403
    forbidden = [r for r in caplog.records if r.name == "django.request"]
    assert len(forbidden) == 1
    assert forbidden[0].exc_info is None
    assert "Forbidden" in forbidden[0].getMessage()
