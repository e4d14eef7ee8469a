"""Logging fast in a real browser: a whole day in at most 30 actions, three sets on a phone
with the values of last time, and a check-in and a set saved with no connection."""

from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from journal import logger
from journal.models import CheckIn, ExerciseSet, Intake, Meal, SleepEntry, Workout
from recovery.models import DayState
from tests.browser.conftest import log_in
from tests.factories import (
    PASSWORD,
    AthleteFactory,
    CheckInFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIFTS = [("Back squat", 100), ("Romanian deadlift", 80), ("Leg press", 150)]
MEALS = [
    ("breakfast", "Oats and yoghurt", 8, 25, 70, 10),
    ("lunch", "Chicken, rice and greens", 13, 45, 90, 15),
    ("dinner", "Salmon and potatoes", 19, 40, 80, 20),
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@pytest.fixture
def returning(db):
    """An athlete with two weeks behind them: nights, meals, check-ins and the last "Lower A"
    session (3 lifts × 3 sets), saved as a routine."""
    athlete = AthleteFactory(user__username="jo", timezone="UTC")
    today = athlete.today()
    for back in range(1, 8):
        day = today - timedelta(days=back)
        SleepEntryFactory(
            athlete=athlete,
            date=day,
            bedtime=at(day - timedelta(days=1), 23, 0),
            wake_time=at(day, 7, 0),
        )
        CheckInFactory(athlete=athlete, date=day)
        for kind, description, hour, protein, carbs, fat in MEALS:
            MealFactory(athlete=athlete, date=day, kind=kind, description=description,
                        eaten_at=at(day, hour), protein_g=protein, carbs_g=carbs, fat_g=fat,
                        kcal=4 * protein + 4 * carbs + 9 * fat)  # fmt: skip
    last = WorkoutFactory(athlete=athlete, date=today - timedelta(days=3), title="Lower A")
    position = 0
    for name, load in LIFTS:
        lift = ExerciseFactory(name=name)
        for step in range(3):
            ExerciseSetFactory(workout=last, exercise=lift, reps=5, load_kg=load + 5 * step,
                               rir=2, position=position)  # fmt: skip
            position += 1
    logger.routine_from_workout(last, "Lower A")
    return athlete


class Actions:
    """Counts what the athlete does, by part of the day: clicks, typed fields, picks."""

    def __init__(self, page):
        self.page = page
        self.counts: Counter = Counter()
        self.part = ""

    def click(self, locator) -> None:
        self.counts[self.part] += 1
        locator.click()

    def fill(self, locator, value: str) -> None:
        self.counts[self.part] += 1
        locator.fill(value)

    def tap_radio(self, name: str) -> None:
        radio_id = self.page.get_by_role("radio", name=name, exact=True).get_attribute("id")
        self.click(self.page.locator(f"label[for='{radio_id}']"))


def tick_next_set(page, act: Actions) -> None:
    before = page.locator("form.set-row.set-done").count()
    act.click(page.locator("form.set-row:not(.set-done) .set-tick").first)
    expect(page.locator("form.set-row.set-done")).to_have_count(before + 1)


def test_a_whole_ordinary_day_takes_at_most_30_actions(page, returning, capsys):
    log_in(page, "jo", PASSWORD)
    page.wait_for_url("**/today/")
    today = returning.today()
    act = Actions(page)

    panel = page.locator("#quick-panel")
    act.part = "sleep+check-in"
    act.click(panel.get_by_role("link", name="Morning: sleep and check-in"))
    expect(page.get_by_label("Bedtime")).to_have_value("23:00")  # the usual night
    expect(page.get_by_label("Wake time")).to_have_value("07:00")
    act.tap_radio("Sleep quality 2 of 7: very good")
    act.tap_radio("Fatigue 3 of 7: a little tired")
    act.tap_radio("Stress 2 of 7: relaxed")
    act.tap_radio("Soreness 3 of 7: a little sore")
    act.tap_radio("Energy 4 of 5: high")
    act.click(page.get_by_role("button", name="Save sleep and check-in"))
    page.wait_for_url("**/today/")

    act.part = "workout"
    act.click(panel.get_by_role("button", name="Start Lower A"))
    page.wait_for_url("**/log/?routine=*")
    expect(page.locator("form.set-row")).to_have_count(9)
    for _ in range(9):
        tick_next_set(page, act)
    act.fill(page.get_by_label("Session RPE (0–10)"), "7")
    expect(page.locator("#session-load")).to_have_text("420")
    act.click(page.get_by_role("button", name="Finish workout"))
    page.wait_for_url("**/today/")

    act.part = "meals"
    for kind, description, *_ in MEALS:
        with page.expect_response("**/journal/quick/meal/"):
            act.click(panel.get_by_role("button", name=f"Repeat {kind}: {description}"))
    act.part = "water"
    for _ in range(5):
        with page.expect_response("**/journal/quick/add/"):
            act.click(panel.get_by_role("button", name="+500 ml"))
    expect(panel.get_by_test_id("water-total")).to_contain_text("2500 ml")
    act.part = "coffee"
    with page.expect_response("**/journal/quick/add/"):
        act.click(panel.get_by_role("button", name="Coffee"))

    total = sum(act.counts.values())
    with capsys.disabled():
        print(f"\nactions for the whole day: {dict(act.counts)}, total {total}")
    assert total <= 30

    night = SleepEntry.objects.get(athlete=returning, date=today)
    assert night.duration_h == 8
    assert CheckIn.objects.get(athlete=returning, date=today).stress == 2
    workout = Workout.objects.get(athlete=returning, date=today)
    assert (workout.duration_min, float(workout.rpe), workout.rpe_estimated) == (60, 7.0, False)
    sets = [(s.exercise.name, s.reps, s.load_kg) for s in workout.sets.order_by("position")]
    assert sets == [(name, 5, load + 5 * step) for name, load in LIFTS for step in range(3)]
    assert Meal.objects.filter(athlete=returning, date=today).count() == 3
    assert (
        sum(
            i.water_ml
            for i in Intake.objects.filter(athlete=returning, date=today, category="water")
        )
        == 2500
    )
    assert Intake.objects.filter(athlete=returning, date=today, category="caffeine").count() == 1
    state = DayState.objects.get(athlete=returning, date=today)
    assert state.metrics["water_ml"] == 2500
    assert state.record["e1rm"]["Back squat"] == pytest.approx(110 * (1 + 5 / 30))


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_three_sets_of_a_lift_on_a_phone_with_last_times_values(phone, returning):
    page = phone
    log_in(page, "jo", PASSWORD)
    page.wait_for_url("**/today/")
    # On a phone the one-tap panel waits behind "One tap", to keep Today short.
    water = page.get_by_role("button", name="+500 ml")
    page.locator("#quick-panel[data-testid]").wait_for(state="attached")
    expect(water).to_be_hidden()
    page.get_by_role("button", name="One tap").tap()
    expect(water).to_be_visible()
    page.goto("/journal/workouts/log/")
    page.get_by_role("button", name="Empty workout").click()
    page.wait_for_url("**/log/")
    page.get_by_label("Search by name or muscle group").fill("squat")
    page.locator("#picker-results").get_by_role("button", name="Back squat").click()
    rows = page.locator("form.set-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).get_by_label("Load (kg)")).to_have_value("100.0")
    expect(rows.nth(2).get_by_label("Load (kg)")).to_have_value("110.0")
    expect(rows.nth(1)).to_contain_text("last 105.0×5 @2")
    # Enter moves along the grid rather than sending anything.
    rows.nth(0).get_by_label("Load (kg)").press("Enter")
    expect(rows.nth(0).get_by_label("Reps")).to_be_focused()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # the grid fits the phone: no sideways scrolling
    box = rows.nth(0).locator(".set-tick").bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 375
    for index in range(3):
        rows.nth(index).locator(".set-tick").tap()
        expect(page.locator("form.set-row.set-done")).to_have_count(index + 1)
    expect(page.locator("form.set-row.set-done").first).to_contain_text("e1RM 116.7 kg")
    # "+ set" copies the last row; ticking it is a fourth set.
    page.get_by_role("button", name="+ set").click()
    expect(rows).to_have_count(4)
    expect(rows.nth(3).get_by_label("Load (kg)")).to_have_value("110.0")
    workout = Workout.objects.get(athlete=returning, date=returning.today())
    assert [(s.reps, s.load_kg, s.rir) for s in workout.sets.order_by("position")] == [
        (5, 100, 2),
        (5, 105, 2),
        (5, 110, 2),
    ]


def test_a_check_in_and_a_set_saved_offline_are_sent_once_when_back(page, returning):
    log_in(page, "jo", PASSWORD)
    page.wait_for_url("**/today/")
    workout = logger.start_workout(returning, returning.today())
    routine = returning.routines.get()
    sets_page = page.context.new_page()
    sets_page.goto(f"/journal/workouts/{workout.pk}/log/?routine={routine.pk}")
    expect(sets_page.locator("form.set-row")).to_have_count(9)

    page.context.set_offline(True)
    for name in (
        "Sleep quality 3 of 7: good",
        "Fatigue 2 of 7: fresh",
        "Stress 2 of 7: relaxed",
        "Soreness 2 of 7: hardly sore",
        "Energy 4 of 5: high",
    ):
        radio_id = page.get_by_role("radio", name=name, exact=True).get_attribute("id")
        page.locator(f"label[for='{radio_id}']").click()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_test_id("sync-status")).to_have_text("1 change waiting to send")
    first = sets_page.locator("form.set-row").first
    first.locator(".set-tick").click()
    expect(first.locator(".set-waiting")).to_be_visible()
    expect(sets_page.get_by_test_id("sync-status")).to_have_text("2 changes waiting to send")
    assert not CheckIn.objects.filter(athlete=returning, date=returning.today()).exists()
    assert not ExerciseSet.objects.filter(workout=workout).exists()

    page.context.set_offline(False)  # both tabs send what waits: the server keeps each once
    expect(page.get_by_test_id("sync-status")).to_be_hidden(timeout=15_000)
    expect(sets_page.get_by_test_id("sync-status")).to_be_hidden(timeout=15_000)
    expect(sets_page.locator("form.set-row.set-done")).to_have_count(1)
    expect(page.get_by_text("Saved", exact=True)).to_be_visible()
    assert CheckIn.objects.filter(athlete=returning, date=returning.today()).count() == 1
    assert CheckIn.objects.get(athlete=returning, date=returning.today()).fatigue == 2
    assert ExerciseSet.objects.filter(workout=workout).count() == 1
    assert ExerciseSet.objects.get(workout=workout).load_kg == 100


def test_the_app_has_a_manifest_and_a_service_worker_for_the_whole_site(page, returning):
    log_in(page, "jo", PASSWORD)
    page.wait_for_url("**/today/")
    manifest_url = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(manifest_url).json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/today/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(f"/static/{icon['src']}").ok
    scope = page.evaluate(
        "navigator.serviceWorker.ready.then((registration) => registration.scope)"
    )
    assert scope.endswith("/")
    assert scope.rstrip("/").endswith(page.url.split("/")[2])
