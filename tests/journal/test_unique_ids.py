"""No page repeats an element id, for every kind of visitor.

A repeated id breaks `<label for>`, `aria-describedby` and `getElementById`: on the sharing page
the share-code form's "View and manage targets" label used to tick the invite form's radio, and
the code was created view-only.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client

from journal.models import CoachLink, Intake, Meal, SleepEntry, Workout
from recovery.models import Guidance
from recovery.summaries import iso_week_label
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


class IdCollector(HTMLParser):
    """Every id="…" value on the page's elements (script and style text is not parsed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.append(value)


def repeated_ids(html: str) -> dict[str, int]:
    parser = IdCollector()
    parser.feed(html)
    parser.close()
    return {value: n for value, n in Counter(parser.ids).items() if n > 1}


def test_the_parser_finds_a_repeated_id():
    html = '<label for="a">A</label><input id="a"><br/><input id="a" /><p id="b">'
    assert repeated_ids(html) == {"a": 2}
    assert repeated_ids('<script>let s = \'<i id="x"></i><i id="x"></i>\';</script>') == {}


@pytest.fixture
def world(db):
    """An athlete with a demo journal, a coach with an active manage link, and an admin."""
    athlete = AthleteFactory(user__username="ria", display_name="Ria Runner")
    fill_journal(athlete, "strength", weeks=8)
    link = CoachLinkFactory(athlete=athlete, coach__username="cole", access="manage")
    # The sharing page's lists: an invitation waiting and a live share code.
    CoachLinkFactory(athlete=athlete, coach__username="vic", status="pending")
    client_for(athlete.user).post("/settings/sharing/", {"action": "code", "access": "view"})
    assert CoachLink.objects.filter(athlete=athlete, share_code__isnull=False).exists()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    return {"athlete": athlete, "coach": link.coach, "admin": admin}


def latest(model, athlete):
    entry = model.objects.filter(athlete=athlete).order_by("-date", "-pk").first()
    assert entry is not None, f"the demo journal has no {model.__name__}"
    return entry


def athlete_pages(athlete) -> list[str]:
    workout = latest(Workout, athlete)
    return [
        "/today/",
        "/journal/",
        f"/journal/{workout.date.isoformat()}/",
        "/checkin/",
        "/week/",
        f"/week/{iso_week_label(workout.date)}/",
        "/trends/",
        "/settings/",
        "/settings/sharing/",
        "/settings/data/",
        "/journal/sleep/new/",
        "/journal/meals/new/",
        "/journal/intake/new/",
        "/journal/workouts/new/",
        f"/journal/sleep/{latest(SleepEntry, athlete).pk}/edit/",
        f"/journal/meals/{latest(Meal, athlete).pk}/edit/",
        f"/journal/intake/{latest(Intake, athlete).pk}/edit/",
        f"/journal/workouts/{workout.pk}/edit/",
        f"/guidance/{Guidance.objects.filter(published=True).first().slug}/",
    ]


def coach_pages(athlete) -> list[str]:
    base = f"/coach/athletes/{athlete.public_id}/"
    day = athlete.today().isoformat()
    return [
        "/coach/",
        base,
        f"{base}week/",
        f"{base}trends/",
        f"{base}targets/",
        f"{base}targets/?rule=sleep.debt",
        f"{base}journal/",
        f"{base}journal/{day}/",
    ]


def anonymous_pages() -> list[str]:
    article = Guidance.objects.filter(published=True).first()
    assert article is not None
    return [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/guidance/",
        "/glossary/",
        "/rules/",
        f"/guidance/{article.slug}/",
    ]


def admin_pages(athlete) -> list[str]:
    return [
        "/admin/",
        "/admin/journal/workout/",
        "/admin/journal/athlete/",
        f"/admin/journal/athlete/{athlete.pk}/change/",
        "/admin/auth/user/",
        "/admin/recovery/rulesetting/",
    ]


def visitor(role: str, world) -> tuple[Client, list[str]]:
    athlete = world["athlete"]
    if role == "anonymous":
        return Client(), anonymous_pages()
    if role == "athlete":
        return client_for(athlete.user), athlete_pages(athlete)
    if role == "coach":
        return client_for(world["coach"]), coach_pages(athlete)
    return client_for(world["admin"]), admin_pages(athlete)


@pytest.mark.parametrize("role", ["anonymous", "athlete", "coach", "superuser"])
def test_no_page_repeats_an_id(world, role):
    client, paths = visitor(role, world)
    problems = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (role, path, response.status_code)
        assert "text/html" in response["Content-Type"], (role, path)
        for value, count in repeated_ids(response.content.decode()).items():
            problems.append(f'{path}: id="{value}" appears {count} times')
    assert not problems, f"{role} sees repeated ids:\n" + "\n".join(problems)


def test_the_sharing_page_with_form_errors_repeats_no_id(world):
    """Bound forms (re-shown with errors) keep their own ids too."""
    client = client_for(world["athlete"].user)
    for data in ({"action": "invite", "coach": "", "access": "manage"},
                 {"action": "code", "access": "neither"}):  # fmt: skip
        response = client.post("/settings/sharing/", data)
        assert response.status_code == 400
        assert repeated_ids(response.content.decode()) == {}, data


class FormLabels(HTMLParser):
    """Which <form> (by position) each id and each <label for> is in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.form = -1
        self.ids: dict[str, int] = {}
        self.labels: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form += 1
        if attrs.get("id"):
            self.ids[attrs["id"]] = self.form
        if tag == "label" and attrs.get("for"):
            self.labels.append((attrs["for"], self.form))


def test_every_sharing_label_names_a_control_in_its_own_form(world):
    """The share-code form's "View and manage targets" label must tick that form's radio."""
    html = client_for(world["athlete"].user).get("/settings/sharing/").content.decode()
    parser = FormLabels()
    parser.feed(html)
    assert parser.labels, "no labelled controls found"
    for target, form in parser.labels:
        assert parser.ids.get(target) == form, f'<label for="{target}"> leaves its form'
    # Both access radios of both forms are on the page, each with its own id.
    assert {"invite-access_1", "code-access_1"} <= parser.ids.keys()
