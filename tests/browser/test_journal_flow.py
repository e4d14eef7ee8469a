"""A real browser logs a workout, a night and the check-in, the way an athlete would."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from journal.models import CheckIn, DayTags, SleepEntry, Workout
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AthleteFactory, ExerciseFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def athlete(db):
    ExerciseFactory(name="Back squat")
    ExerciseFactory(name="Bench press")
    return AthleteFactory(user__username="jo", timezone="UTC")


def tap(page, name: str) -> None:
    """Tap the button drawn for the radio whose accessible name is `name`."""
    radio_id = page.get_by_role("radio", name=name, exact=True).get_attribute("id")
    page.locator(f"label[for='{radio_id}']").click()


def serious_axe_violations(page) -> list[str]:
    """Serious or critical axe findings inside <main>, once hover and transitions settle."""
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    page.evaluate(AXE.read_text())  # evaluated by the driver, so the page's CSP does not apply
    result = page.evaluate("axe.run('#main', {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_log_a_workout_a_night_and_the_check_in(page, athlete):
    log_in(page, "jo", PASSWORD)
    page.wait_for_url("**/today/")
    today = athlete.today().isoformat()

    # A workout with two sets, the second row added in place over htmx.
    page.goto("/journal/workouts/new/")
    page.get_by_label("Start time").fill("07:30")
    page.get_by_label("Kind").select_option("strength")
    page.get_by_label("Title").fill("Lower A")
    page.get_by_label("Duration (min)").fill("60")
    page.get_by_label("Session RPE").fill("7")
    expect(page.locator("#session-load")).to_have_text("420")
    first = page.locator("#set-row-1")
    first.get_by_label("Exercise").select_option(label="Back squat")
    first.get_by_label("Reps").fill("5")
    first.get_by_label("Load (kg)").fill("100")
    page.get_by_role("button", name="Add a set").click()
    second = page.locator("#set-row-2")
    expect(second.get_by_label("Exercise")).to_be_focused()
    expect(page.locator("#id_sets-TOTAL_FORMS")).to_have_value("2")
    second.get_by_label("Exercise").select_option(label="Bench press")
    second.get_by_label("Reps").fill("8")
    second.get_by_label("Load (kg)").fill("60")
    second.get_by_label("RIR").fill("2")
    # A third row, added and then removed again.
    page.get_by_role("button", name="Add a set").click()
    page.locator("#set-row-3").get_by_text("Remove set 3").click()
    expect(page.locator("#set-row-3")).to_be_hidden()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Save workout").click()
    page.wait_for_url(f"**/journal/{today}/")
    expect(page.get_by_text("Bench press: 8 × 60 kg, RIR 2")).to_be_visible()
    workout = Workout.objects.get(athlete=athlete)
    assert workout.session_load == 420
    assert [(s.exercise.name, s.reps, s.load_kg) for s in workout.sets.all()] == [
        ("Back squat", 5, 100),
        ("Bench press", 8, 60),
    ]

    # A night across midnight, filed under the day of waking up.
    page.get_by_role("link", name="+ Sleep").click()
    page.get_by_label("Bedtime").fill("23:15")
    page.get_by_label("Wake time").fill("06:45")
    page.get_by_label("Sleep rating (5 is best)").fill("4")
    page.get_by_role("button", name="Save sleep").click()
    page.wait_for_url(f"**/journal/{today}/")
    night = SleepEntry.objects.get(athlete=athlete)
    assert night.duration_h == 7.5
    assert night.bedtime.date().isoformat() < today

    # The check-in: one tap per line, saved over htmx without leaving the page.
    page.goto("/checkin/")
    page.evaluate("window.__marker = 1")
    page.evaluate(
        "document.body.addEventListener('checkin-saved', () => { window.__saved = true })"
    )
    tap(page, "Sleep quality 2 of 7: very good")
    tap(page, "Fatigue 3 of 7: a little tired")
    tap(page, "Stress 2 of 7: relaxed")
    tap(page, "Soreness 5 of 7: very sore")
    tap(page, "Energy 4 of 5: high")
    page.get_by_text("Tags, how ready you feel, more").click()  # the optional answers
    expect(page.locator("#checkin-note-counter")).to_have_text("0 / 2000")
    page.locator("#checkin-note").fill("Legs heavy")
    expect(page.locator("#checkin-note-counter")).to_have_text("10 / 2000")
    page.locator("label", has_text="Quads").click()
    page.locator("label", has_text="Travel").click()
    page.get_by_label("How ready do you feel? (0-10)").fill("6")
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Saved", exact=True)).to_be_visible()
    expect(page.get_by_text("Saved", exact=True)).to_be_focused()
    expect(page.locator("#live-region")).to_have_text("Check-in saved")
    assert page.evaluate("window.__marker") == 1  # no page load
    assert page.evaluate("window.__saved") is True  # the event Today's panels listen for
    checkin = CheckIn.objects.get(athlete=athlete)
    assert (checkin.soreness, checkin.sore_areas, checkin.feel_ready) == (5, ["quads"], 6)
    assert DayTags.objects.get(athlete=athlete).tags == ["travel"]

    # Change one answer and save again: still one row, with the new value.
    page.evaluate("window.__saved = false")
    tap(page, "Soreness 2 of 7: hardly sore")
    with page.expect_response("**/checkin/"):
        page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Saved", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name="Soreness 2 of 7: hardly sore")).to_be_checked()
    assert page.evaluate("window.__marker") == 1
    assert page.evaluate("window.__saved") is True
    assert CheckIn.objects.filter(athlete=athlete).count() == 1
    assert CheckIn.objects.get(athlete=athlete).soreness == 2


def test_a_check_in_with_a_missing_answer_is_corrected_in_place(page, athlete):
    log_in(page, "jo", PASSWORD)
    page.goto("/checkin/")
    page.evaluate("window.__marker = 1")
    tap(page, "Sleep quality 3 of 7: good")
    tap(page, "Fatigue 2 of 7: fresh")
    tap(page, "Stress 4 of 7: some stress")
    tap(page, "Energy 3 of 5: moderate")
    page.get_by_role("button", name="Save check-in").click()  # soreness left out
    expect(page.get_by_text("Choose a score for soreness.")).to_be_visible()
    expect(page.get_by_text("Not saved yet", exact=False)).to_be_focused()
    expect(page.get_by_role("radio", name="Stress 4 of 7: some stress")).to_be_checked()
    assert not CheckIn.objects.exists()

    tap(page, "Soreness 3 of 7: a little sore")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Saved", exact=True)).to_be_focused()
    expect(page.get_by_text("Choose a score for soreness.")).to_have_count(0)
    expect(page.get_by_text("Not saved yet", exact=False)).to_have_count(0)
    assert page.evaluate("window.__marker") == 1
    checkin = CheckIn.objects.get(athlete=athlete)
    assert (checkin.stress, checkin.soreness) == (4, 3)


def test_the_check_in_works_without_javascript(chromium, live_server, athlete):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "jo", PASSWORD)
        page.goto("/checkin/")
        for name in (
            "Sleep quality 1 of 7: excellent",
            "Fatigue 1 of 7: very fresh",
            "Stress 1 of 7: very relaxed",
            "Soreness 7 of 7: as sore as it gets",
            "Energy 5 of 5: very high",
        ):
            tap(page, name)
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_text("Check-in saved.")).to_be_visible()
        assert CheckIn.objects.get(athlete=athlete).soreness == 7
    finally:
        context.close()
