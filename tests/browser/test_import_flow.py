"""A real browser imports the real Strong export: upload, preview, confirm, then undo."""

import pytest
from playwright.sync_api import expect

from journal.models import Exercise, ImportBatch, Workout
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import small_targets
from tests.browser.test_journal_flow import serious_axe_violations
from tests.factories import PASSWORD, AthleteFactory
from tests.journal.imports.conftest import SAMPLES, sample

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_upload_preview_confirm_and_undo_a_strong_export(page):
    sample("csv/strong.csv")  # skips, saying why, where the samples are absent
    athlete = AthleteFactory(user__username="lee", timezone="Europe/London")
    log_in(page, "lee", PASSWORD)
    page.wait_for_url("**/today/")

    page.goto("/settings/data/")
    page.get_by_label("Files to import").set_input_files(str(SAMPLES / "csv/strong.csv"))
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url("**/settings/data/import/*/")
    expect(page.get_by_test_id("import-status")).to_have_text("Waiting for you to confirm")
    counts = page.get_by_test_id("import-counts")
    expect(counts).to_contain_text("15 workouts with 250 sets")
    expect(counts).to_contain_text("new exercises of your own")
    back_squat = Exercise.objects.get(owner=None, name="Back squat")
    expect(page.get_by_label("Squat (Barbell)")).to_have_value(str(back_squat.pk))
    assert not Workout.objects.filter(athlete=athlete).exists()  # nothing written yet
    assert serious_axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 812})  # a phone: nothing spills sideways
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"spills sideways at 375 px: {width}"
    assert small_targets(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Session RPE for the workouts the file does not rate").fill("6.5")
    page.get_by_role("button", name="Import 15 entries").click()
    page.wait_for_url("**/settings/data/#imports")
    expect(page.get_by_role("status").first).to_contain_text("Imported 15 workouts (250 sets)")
    expect(page.get_by_test_id("import-row")).to_have_count(1)
    assert Workout.objects.filter(athlete=athlete).count() == 15

    # The journal shows the history: the first imported day, with its sets.
    page.goto("/journal/2024-11-28/")
    expect(page.get_by_role("heading", name="B Strength, 17:36")).to_be_visible()
    expect(page.get_by_text("estimated").first).to_be_visible()

    page.goto("/settings/data/")
    # Undo asks first: the confirmation opens in place, without script.
    page.get_by_test_id("undo-confirm").locator("summary").click()
    page.get_by_role("button", name="Undo the import of strong.csv").click()
    page.wait_for_url("**/settings/data/#imports")
    expect(page.get_by_role("status").first).to_contain_text("removed 15 workouts (250 sets)")
    expect(page.get_by_test_id("import-row")).to_have_count(0)
    assert not Workout.objects.filter(athlete=athlete).exists()
    assert not ImportBatch.objects.exists()
