"""The import pages: upload → preview → confirm → commit, cancel, undo, a big file's
progress, and who may see them (the owner only: a coach or an outsider gets 404)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from journal.imports import batches
from journal.models import ImportBatch, Workout, journal_changed
from recovery.models import DayState
from tests.factories import AthleteFactory, CoachLinkFactory
from tests.journal.imports import fit_writer
from tests.journal.imports.conftest import batch_of, confirm, error_of, import_file, upload

pytestmark = pytest.mark.django_db

START = datetime(2025, 2, 3, 18, 0, tzinfo=UTC)


def a_run(days: int = 0, minutes: int = 45) -> bytes:
    return fit_writer.activity(START + timedelta(days=days), minutes, serial=42)


@pytest.fixture
def ready(athlete, athlete_client) -> ImportBatch:
    return batch_of(upload(athlete_client, a_run(), "run.fit"))


# --- Access ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, ready):
    for url in (f"/settings/data/import/{ready.pk}/", "/settings/data/import/files/"):
        response = client.get(url) if url.endswith(f"{ready.pk}/") else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("action", ["", "progress/", "confirm/", "cancel/", "undo/"])
def test_a_coach_and_an_outsider_get_404(athlete, ready, outsider_client, action):
    coach = Client()
    coach.force_login(CoachLinkFactory(athlete=athlete, access="manage").coach)
    url = f"/settings/data/import/{ready.pk}/{action}"
    for client in (coach, outsider_client):
        response = client.post(url) if action not in ("", "progress/") else client.get(url)
        assert response.status_code == 404
    ready.refresh_from_db()
    assert ready.status == ImportBatch.Status.READY


def test_the_list_shows_only_the_athletes_own_imports(athlete, athlete_client):
    import_file(athlete_client, a_run(), "mine.fit")
    other = AthleteFactory()
    other_client = Client()
    other_client.force_login(other.user)
    import_file(other_client, a_run(), "theirs.fit")
    html = athlete_client.get("/settings/data/").content.decode()
    assert "mine.fit" in html and "theirs.fit" not in html
    assert html.count('data-testid="import-row"') == 1
    assert "Undo" in html


# --- The flow ----------------------------------------------------------------------------------


def test_the_preview_writes_nothing(athlete, athlete_client, ready):
    assert ready.status == ImportBatch.Status.READY
    assert not Workout.objects.filter(athlete=athlete).exists()
    page = athlete_client.get(f"/settings/data/import/{ready.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "What will be added" in html and "Import 1 entry" in html
    assert 'data-testid="import-workouts"' in html


def test_the_preview_keeps_the_kind_and_shows_it_in_the_readers_language(athlete_client, ready):
    (shown,) = ready.preview["summary"]["workouts"]
    assert shown["kind"] == Workout.Kind.CARDIO
    athlete_client.post("/settings/language/", {"language": "de"})
    html = athlete_client.get(f"/settings/data/import/{ready.pk}/").content.decode()
    assert "Ausdauer" in html


def test_confirm_commits_once_and_refreshes_the_day_states_once(athlete, athlete_client, ready):
    calls = []

    def heard(sender, athlete_id, from_day, **kwargs):
        calls.append((athlete_id, from_day))

    journal_changed.connect(heard)
    try:
        response = confirm(athlete_client, ready)
    finally:
        journal_changed.disconnect(heard)
    assert response["Location"] == "/settings/data/#imports"
    assert calls == [(athlete.pk, START.date())]
    assert ready.status == ImportBatch.Status.DONE and ready.committed_at is not None
    assert DayState.objects.filter(athlete=athlete).order_by("date").first().date == START.date()
    again = athlete_client.post(f"/settings/data/import/{ready.pk}/confirm/", follow=True)
    assert "no longer waiting" in again.content.decode()
    assert Workout.objects.filter(athlete=athlete).count() == 1


def test_today_week_and_trends_show_the_imported_history(athlete, athlete_client):
    recent = athlete.today() - timedelta(days=3)
    moment = datetime.combine(recent, datetime.min.time(), tzinfo=UTC) + timedelta(hours=17)
    import_file(athlete_client, fit_writer.activity(moment, 60, avg_hr=160), "run.fit")
    state = DayState.objects.get(athlete=athlete, date=recent)
    assert state.record["sessions"]
    for url in ("/today/", "/trends/", "/week/", f"/journal/{recent.isoformat()}/"):
        assert athlete_client.get(url).status_code == 200
    day = athlete_client.get(f"/journal/{recent.isoformat()}/").content.decode()
    assert "estimated" in day


def test_cancel_forgets_the_preview(athlete, athlete_client, ready):
    response = athlete_client.post(f"/settings/data/import/{ready.pk}/cancel/", follow=True)
    assert "nothing was added" in response.content.decode()
    assert not ImportBatch.objects.filter(pk=ready.pk).exists()
    assert not Workout.objects.filter(athlete=athlete).exists()


def test_an_unconfirmed_preview_expires(athlete, athlete_client, ready):
    ImportBatch.objects.filter(pk=ready.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    athlete_client.get("/settings/data/")
    assert not ImportBatch.objects.filter(pk=ready.pk).exists()


def test_undo_of_a_batch_not_done_changes_nothing(athlete_client, ready):
    response = athlete_client.post(f"/settings/data/import/{ready.pk}/undo/", follow=True)
    assert "Only a finished import can be undone" in response.content.decode()
    assert ImportBatch.objects.filter(pk=ready.pk).exists()


def test_upload_without_a_file_says_so_beside_the_field(athlete_client):
    response = athlete_client.post("/settings/data/import/files/", {})
    assert "This field is required." in error_of(response)


def test_several_files_at_once_are_one_batch(athlete, athlete_client):
    response = upload(athlete_client, a_run(0), "a.fit", (a_run(1), "b.fit"), (b"junk", "c.txt"))
    batch = batch_of(response)
    assert batch.file_name == "3 files (a.fit, b.fit, c.txt)"
    summary = batch.preview["summary"]
    assert summary["counts"]["workouts"] == 2
    assert summary["problems"][0]["where"] == "c.txt"


def test_the_page_states_the_limits(athlete_client):
    html = athlete_client.get("/settings/data/").content.decode()
    assert "Limits: 100 MB in one upload" in html
    assert "a CSV may have 100,000 rows" in html


# --- Big files: in the background, with progress -----------------------------------------------


def test_a_big_upload_is_read_and_committed_by_the_background_jobs(
    athlete, athlete_client, monkeypatch, tmp_path, settings
):
    settings.REBOUND_IMPORT_SPOOL = str(tmp_path)
    monkeypatch.setattr(batches, "BACKGROUND_BYTES", 100)
    batch = batch_of(upload(athlete_client, a_run(), "run.fit"))
    # The test backend runs a job as it is queued: the read is done when the page opens.
    assert batch.status == ImportBatch.Status.READY
    assert batch.preview["summary"]["counts"]["workouts"] == 1
    assert not any(tmp_path.iterdir())  # the spooled upload is gone once read
    assert batch.spool_dir
    confirm(athlete_client, batch)
    assert batch.status == ImportBatch.Status.DONE
    assert Workout.objects.filter(import_batch=batch).count() == 1


def test_the_progress_partial_polls_until_the_job_is_done(athlete, athlete_client):
    batch = ImportBatch.objects.create(
        athlete=athlete,
        source="fit",
        file_name="year.zip",
        status=ImportBatch.Status.READING,
        progress_done=3,
        progress_total=10,
    )
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/").content.decode()
    assert f'hx-get="/settings/data/import/{batch.pk}/progress/"' in page
    assert 'hx-trigger="every 1s"' in page
    partial = athlete_client.get(
        f"/settings/data/import/{batch.pk}/progress/", HTTP_HX_REQUEST="true"
    )
    html = partial.content.decode()
    assert '<progress id="import-progress-bar" class="w-100" max="100" value="30">' in html
    assert "<html" not in html
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.READY)
    done = athlete_client.get(f"/settings/data/import/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_a_background_read_that_fails_says_why(
    athlete, athlete_client, monkeypatch, tmp_path, settings
):
    settings.REBOUND_IMPORT_SPOOL = str(tmp_path)
    monkeypatch.setattr(batches, "BACKGROUND_BYTES", 10)
    truncated = a_run()[:-40]
    batch = batch_of(upload(athlete_client, truncated, "run.fit"))
    assert batch.status == ImportBatch.Status.FAILED
    page = athlete_client.get(f"/settings/data/import/{batch.pk}/").content.decode()
    assert "cut short" in page
    athlete_client.post(f"/settings/data/import/{batch.pk}/cancel/")
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def test_rating_an_imported_workout_clears_its_estimate(athlete, athlete_client):
    from tests.journal.test_workout_views import workout_data

    batch = import_file(athlete_client, a_run(), "run.fit")
    workout = Workout.objects.get(import_batch=batch)
    assert workout.rpe_estimated
    form = athlete_client.get(f"/journal/workouts/{workout.pk}/edit/").content.decode()
    assert "Estimated at import" in form
    data = workout_data([], date=workout.date, rpe="7", duration_min=str(workout.duration_min))
    data["kind"] = workout.kind
    response = athlete_client.post(f"/journal/workouts/{workout.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    workout.refresh_from_db()
    assert (float(workout.rpe), workout.rpe_estimated) == (7.0, False)
    assert workout.import_batch == batch  # still removed by the batch's undo


def test_a_file_of_another_kind_is_refused_saying_what_is_read(athlete_client):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    message = error_of(upload(athlete_client, png, "photo.png"))
    assert message.startswith("photo.png: Rebound can't read this kind of file. It reads FIT, GPX")


def test_a_rebound_export_is_sent_to_the_restore(athlete_client):
    content = b'{"format": "rebound-journal", "format_version": 1, "workouts": []}'
    assert "This is a Rebound export" in error_of(upload(athlete_client, content, "journal.json"))


def test_a_zip_member_unpacking_past_the_limit_is_refused(athlete_client, monkeypatch):
    import io
    import zipfile

    from journal.imports import formats

    monkeypatch.setattr(formats, "MAX_MEMBER_BYTES", 5000)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("big.fit", a_run() + b"\x00" * 100_000)  # packs to a few hundred bytes
    message = error_of(upload(athlete_client, archive.getvalue(), "bomb.zip"))
    assert "unpacks to more than Rebound reads" in message
