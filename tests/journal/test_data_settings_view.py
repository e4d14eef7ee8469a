"""/export/ and /settings/data/: download, upload an export, delete the account."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from journal import portability
from journal.models import (
    Athlete,
    CheckIn,
    CoachLink,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    Workout,
)
from journal.portability_views import WRONG_DELETE_PASSWORDS_MESSAGE
from recovery.models import AthleteRuleOverride, CoachNote
from tests.factories import (
    PASSWORD,
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    ExerciseSetFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    UserFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db

NOT_EMPTY = "Import only works into an account with no journal entries yet."


def fill(athlete: Athlete, text: str = "mine") -> None:
    """One of every kind of row, each carrying `text` so a leak is easy to spot."""
    workout = WorkoutFactory(athlete=athlete, title=f"{text} workout", notes=text)
    ExerciseSetFactory(workout=workout)
    SleepEntryFactory(athlete=athlete, notes=text)
    MealFactory(athlete=athlete, description=f"{text} meal")
    IntakeFactory(athlete=athlete, name=f"{text} drink")
    CheckInFactory(athlete=athlete, note=text, sore_areas=["calves"])
    CoachNote.objects.create(
        athlete=athlete, author=UserFactory(), date=athlete.today(), text=f"{text} coach note"
    )
    AthleteRuleOverride.objects.create(athlete=athlete, code="sleep.short", set_by=None)


def journal_in(response) -> dict:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("journal.json"))


def upload(content: bytes, name: str = "journal.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def rows_of(athlete_id: int, user_id: int) -> dict[str, int]:
    return {
        "user": User.objects.filter(pk=user_id).count(),
        "athlete": Athlete.objects.filter(pk=athlete_id).count(),
        "workouts": Workout.objects.filter(athlete_id=athlete_id).count(),
        "sets": ExerciseSet.objects.filter(workout__athlete_id=athlete_id).count(),
        "sleep": SleepEntry.objects.filter(athlete_id=athlete_id).count(),
        "meals": Meal.objects.filter(athlete_id=athlete_id).count(),
        "intakes": Intake.objects.filter(athlete_id=athlete_id).count(),
        "checkins": CheckIn.objects.filter(athlete_id=athlete_id).count(),
        "links": CoachLink.objects.filter(athlete_id=athlete_id).count(),
        "notes": CoachNote.objects.filter(athlete_id=athlete_id).count(),
        "overrides": AthleteRuleOverride.objects.filter(athlete_id=athlete_id).count(),
    }


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/export/"),
        ("get", "/settings/data/"),
        ("post", "/settings/data/import/"),
        ("post", "/settings/data/delete/"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_export_downloads_a_zip_named_after_the_user_and_day(athlete, athlete_client, frozen):
    response = athlete_client.get("/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rebound-{athlete.user.username}-2025-03-12.zip"'
    )
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert journal_in(response)["profile"]["username"] == athlete.user.username


def test_export_contains_only_the_requesting_athletes_data(athlete, athlete_client):
    fill(athlete, "mine")
    other = AthleteFactory()
    fill(other, "theirs")
    CoachLinkFactory(athlete=other, coach=athlete.user)  # even as their coach: not in my export
    response = athlete_client.get("/export/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"theirs" not in everything
    assert other.display_name.encode() not in everything
    journal = journal_in(response)
    assert [w["title"] for w in journal["workouts"]] == ["mine workout"]
    assert [n["text"] for n in journal["coach_notes"]] == ["mine coach note"]


def test_an_outsider_gets_their_own_export_and_page(athlete, outsider_client):
    """No id in these URLs: whoever asks gets their own journal, never someone else's."""
    fill(athlete, "victim")
    journal = journal_in(outsider_client.get("/export/"))
    outsider = User.objects.exclude(pk=athlete.user_id).get(athlete__isnull=False)
    assert journal["profile"]["username"] == outsider.username
    assert journal["workouts"] == journal["checkins"] == []
    page = outsider_client.get("/settings/data/")
    assert page.context["athlete"].user == outsider
    assert athlete.display_name not in page.content.decode()


def test_a_coach_without_a_journal_has_nothing_to_export_but_can_delete_the_account(db):
    link = CoachLinkFactory()
    coach = link.coach
    note = CoachNote.objects.create(
        athlete=link.athlete, author=coach, date=link.athlete.today(), text="deload next week"
    )
    client = Client()
    client.force_login(coach)
    assert client.get("/export/").status_code == 404
    assert client.post("/settings/data/import/").status_code == 404
    page = client.get("/settings/data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "This account keeps no journal" in html
    assert "Download my journal" not in html
    assert "/settings/sharing/" not in html

    wrong = client.post("/settings/data/delete/", {"username": coach.username, "password": "x"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=coach.pk).exists()

    response = client.post(
        "/settings/data/delete/", {"username": coach.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert "Your account has been deleted." in response.content.decode()
    assert not User.objects.filter(pk=coach.pk).exists()
    assert not CoachLink.objects.filter(pk=link.pk).exists()
    assert not CoachNote.objects.filter(pk=note.pk).exists()
    assert Athlete.objects.filter(pk=link.athlete_id).exists()  # the athlete keeps the journal


# --- The page ----------------------------------------------------------------------------------


def test_page_has_the_three_sections_and_the_settings_tabs(athlete_client):
    response = athlete_client.get("/settings/data/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Download your journal", "Import a journal", "Delete my account"):
        assert text in html
    assert 'href="/export/"' in html
    assert "does <strong>not</strong> change your username or password" in html
    assert "coach links or coach notes" in html
    assert 'enctype="multipart/form-data"' in html
    for field_id in ("id_journal_file", "id_username", "id_password"):
        assert re.search(rf'<label\s+for="{field_id}"', html), field_id
    # Every <script> is a file: no inline code.
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    for url in ("/settings/", "/settings/sharing/"):
        assert 'href="/settings/data/">Your data</a>' in athlete_client.get(url).content.decode()


def test_page_says_when_the_account_already_has_entries(athlete, athlete_client):
    assert b'data-testid="import-blocked"' not in athlete_client.get("/settings/data/").content
    CheckInFactory(athlete=athlete)
    assert b'data-testid="import-blocked"' in athlete_client.get("/settings/data/").content


# --- Import ------------------------------------------------------------------------------------


@pytest.fixture
def exported_json() -> bytes:
    source = AthleteFactory(display_name="Restored", sleep_target_h=7.5)
    fill(source)
    return json.dumps(portability.journal_as_dict(source)).encode()


def test_import_restores_an_export_into_an_empty_account(athlete, athlete_client, exported_json):
    response = athlete_client.post(
        "/settings/data/import/", {"journal_file": upload(exported_json)}, follow=True
    )
    assert response.redirect_chain == [("/settings/data/", 302)]
    assert "Imported 1 workout (1 set), 1 night, 1 meal, 1 intake and 1 check-in." in (
        response.content.decode()
    )
    athlete.refresh_from_db()
    assert athlete.display_name != "Restored"  # the profile only when asked for
    assert CheckIn.objects.get(athlete=athlete).sore_areas == ["calves"]
    assert not CoachNote.objects.filter(athlete=athlete).exists()


def test_import_restores_the_profile_only_when_asked(athlete, athlete_client, exported_json):
    response = athlete_client.post(
        "/settings/data/import/",
        {"journal_file": upload(exported_json), "restore_profile": "on"},
    )
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.display_name == "Restored"
    assert athlete.sleep_target_h == 7.5


def test_import_accepts_the_downloaded_zip(athlete, athlete_client):
    source = AthleteFactory()
    fill(source)
    archive = portability.export_journal(source)
    response = athlete_client.post(
        "/settings/data/import/", {"journal_file": upload(archive, "rebound.zip")}
    )
    assert response.status_code == 302
    assert Workout.objects.filter(athlete=athlete).count() == 1


def _refused(client, content: bytes) -> list[str]:
    response = client.post("/settings/data/import/", {"journal_file": upload(content)})
    assert response.status_code == 400
    form = response.context["import_form"]
    html = response.content.decode()
    for error in form.errors["journal_file"]:
        assert escape(error) in html
    # The error sits beside the field: Bootstrap's invalid-feedback right after the input.
    assert re.search(r'id="id_journal_file".*?invalid-feedback', html, re.S)
    return form.errors["journal_file"]


def test_import_refuses_a_file_that_is_not_json(athlete, athlete_client):
    errors = _refused(athlete_client, b"<html>nope</html>")
    assert errors == [portability.NOT_JSON]
    assert not Workout.objects.filter(athlete=athlete).exists()


def test_import_refuses_a_wrong_format_version(athlete, athlete_client, exported_json):
    data = json.loads(exported_json) | {"format_version": 7}
    errors = _refused(athlete_client, json.dumps(data).encode())
    assert "format version 7" in errors[0]
    athlete.refresh_from_db()
    assert athlete.display_name != "Restored"


def test_import_refuses_an_account_with_entries(athlete, athlete_client, exported_json):
    MealFactory(athlete=athlete)
    assert _refused(athlete_client, exported_json) == [NOT_EMPTY]
    assert Meal.objects.filter(athlete=athlete).count() == 1
    assert not Workout.objects.filter(athlete=athlete).exists()


def test_import_refuses_an_invalid_row_describing_it(athlete, athlete_client, exported_json):
    data = json.loads(exported_json)
    data["workouts"][0]["sets"][0]["reps"] = 500
    errors = _refused(athlete_client, json.dumps(data).encode())
    assert re.match(r"Workout 1 \(.*\), set 1 \(.*\): reps: .*less than or equal to 100", errors[0])
    for model in (Workout, ExerciseSet, SleepEntry, Meal, Intake, CheckIn):
        field = "workout__athlete" if model is ExerciseSet else "athlete"
        assert not model.objects.filter(**{field: athlete}).exists()
    athlete.refresh_from_db()
    assert athlete.display_name != "Restored"


def test_import_refuses_a_file_over_20_mb(athlete_client, monkeypatch):
    monkeypatch.setattr(portability, "MAX_IMPORT_BYTES", 10)
    assert _refused(athlete_client, b'{"format_version": 1}') == ["This file is larger than 20 MB."]


def test_import_without_a_file_says_so_beside_the_field(athlete_client):
    response = athlete_client.post("/settings/data/import/", {})
    assert response.status_code == 400
    assert response.context["import_form"].errors["journal_file"] == ["This field is required."]


def test_import_url_takes_no_get(athlete_client):
    assert athlete_client.get("/settings/data/import/").status_code == 405
    assert athlete_client.get("/settings/data/delete/").status_code == 405


# --- Delete the account ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password": "wrong-password"}, "password", "That is not your password."),
        ({"password": ""}, "password", "This field is required."),
        ({"username": "someone-else"}, "username", "That is not your username."),
    ],
)
def test_delete_refuses_a_wrong_confirmation_and_deletes_nothing(
    athlete, athlete_client, data, field, message
):
    fill(athlete)
    CoachLinkFactory(athlete=athlete)
    before = rows_of(athlete.pk, athlete.user_id)
    posted = {"username": athlete.user.username, "password": PASSWORD} | data
    response = athlete_client.post("/settings/data/delete/", posted)
    assert response.status_code == 400
    errors = response.context["delete_form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert message in response.content.decode().replace("&#x27;", "'")
    assert rows_of(athlete.pk, athlete.user_id) == before
    assert athlete_client.get("/today/").status_code == 200  # still signed in


def test_delete_removes_the_user_and_every_row_and_signs_out(athlete, athlete_client):
    fill(athlete)
    link = CoachLinkFactory(athlete=athlete)
    coach = Client()
    coach.force_login(link.coach)
    coach_url = f"/coach/athletes/{athlete.public_id}/"
    assert coach.get(coach_url).status_code == 200
    other = AthleteFactory()
    fill(other, "theirs")
    other_before = rows_of(other.pk, other.user_id)
    mine = rows_of(athlete.pk, athlete.user_id)
    assert all(mine.values()), mine  # every kind of row exists before

    response = athlete_client.post(
        "/settings/data/delete/",
        {"username": athlete.user.username, "password": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/", 302)]
    assert "Your account and your whole journal have been deleted." in response.content.decode()
    assert rows_of(athlete.pk, athlete.user_id) == dict.fromkeys(mine, 0)
    assert rows_of(other.pk, other.user_id) == other_before
    assert User.objects.filter(pk=link.coach_id).exists()  # the coach keeps their account
    assert coach.get(coach_url).status_code == 404
    later = athlete_client.get("/settings/data/")
    assert later.status_code == 302
    assert later["Location"].startswith("/accounts/login/")


def test_wrong_passwords_on_delete_are_limited_apart_from_log_ins(athlete, athlete_client, frozen):
    """Five wrong passwords, then even the right one waits 15 minutes (429) and deletes
    nothing; logging in from the same address still works meanwhile."""
    wrong = {"username": athlete.user.username, "password": "wrong-password"}
    right = wrong | {"password": PASSWORD}
    for _ in range(5):
        assert athlete_client.post("/settings/data/delete/", wrong).status_code == 400

    response = athlete_client.post("/settings/data/delete/", right)

    assert response.status_code == 429
    assert response.context["delete_form"].errors["password"] == [WRONG_DELETE_PASSWORDS_MESSAGE]
    assert WRONG_DELETE_PASSWORDS_MESSAGE in response.content.decode()
    assert User.objects.filter(pk=athlete.user_id).exists()
    log_in = Client().post("/accounts/login/", right)
    assert log_in.status_code == 302
    frozen.shift(timedelta(minutes=15, seconds=1))
    assert athlete_client.post("/settings/data/delete/", right).status_code == 302
    assert not User.objects.filter(pk=athlete.user_id).exists()
