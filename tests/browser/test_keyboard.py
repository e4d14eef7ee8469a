"""Signing in, checking in, logging a workout and coaching by keyboard only, in a real Chromium."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from journal.models import CheckIn, Workout
from recovery.models import Guidance
from recovery.summaries import iso_week_label
from tests.browser.a11y import (
    CSP_LISTENER,
    _fast_password_hashing,  # noqa: F401 (an autouse fixture)
)
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AthleteFactory, CoachLinkFactory, ExerciseFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# --- Keyboard only ---------------------------------------------------------------------------


def tab_to(page, selector: str, limit: int = 60, ours: bool = True) -> None:
    """Press Tab until the focused element matches `selector`, checking it shows its focus
    (Rebound's 3 px ring; on Django admin's pages, `ours=False`, the browser's own)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert_focus_visible(page, ours)
            return
    raise AssertionError(f"Tab never reached {selector}")


def assert_focus_visible(page, ours: bool = True) -> None:
    """The focused element, or for a clipped button-radio its label, draws an outline."""
    outline = page.evaluate(
        """() => {
          let el = document.activeElement;
          if (el.classList.contains('btn-check')) {
            el = document.querySelector(`label[for="${el.id}"]`);
          }
          const style = getComputedStyle(el);
          return [style.outlineStyle, parseFloat(style.outlineWidth)];
        }"""
    )
    assert outline[0] != "none" and (outline[1] >= 2 or not ours), outline


def skip_admin_navigation(page) -> None:
    """Django admin's own skip link, past the header and the model list."""
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    page.keyboard.press("Enter")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


@pytest.fixture
def kim(db):
    for name in ("Back squat", "Bench press"):
        ExerciseFactory(name=name)
    athlete = AthleteFactory(user__username="kim", timezone="UTC")
    fill_journal(athlete, "steady", weeks=3)
    CheckIn.objects.filter(athlete=athlete, date=athlete.today()).delete()
    Workout.objects.filter(athlete=athlete, date=athlete.today()).delete()
    return athlete


def test_log_in_check_in_and_log_a_workout_with_the_keyboard_only(page, kim):
    page.add_init_script(CSP_LISTENER)
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))

    # Log in: the username field has the focus on arrival.
    page.goto("/accounts/login/")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/today/")

    # The check-in on Today: Tab into each scale, arrows to choose, Enter to save.
    tab_to(page, "#checkin-sleep_quality_0")
    page.keyboard.press("ArrowRight")  # 2 of 7
    assert focused(page) == "checkin-sleep_quality_1"
    assert_focus_visible(page)
    for answer in ("fatigue", "stress", "soreness", "energy"):
        page.keyboard.press("Tab")
        assert focused(page) == f"checkin-{answer}_0"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # 3 of n
    assert page.get_by_role("radio", name="Energy 3 of 5: moderate").is_checked()
    page.keyboard.press("Tab")  # the optional answers, folded
    assert focused(page).startswith("Tags, how ready you feel, more")
    page.keyboard.press("Enter")  # open them
    tab_to(page, "label[for='checkin-sore_areas_0'], #checkin-sore_areas_0")
    page.keyboard.press("Space")  # the first sore area
    tab_to(page, "#checkin-save")
    page.keyboard.press("Enter")
    saved = page.locator("#checkin").get_by_text("Saved", exact=True)
    expect(saved).to_be_focused()
    expect(page.locator("#live-region")).to_have_text("Check-in saved")
    checkin = CheckIn.objects.get(athlete=kim, date=kim.today())
    assert (checkin.sleep_quality, checkin.fatigue, checkin.energy) == (2, 3, 3)
    assert len(checkin.sore_areas) == 1
    # Readiness and the findings were redrawn in place; the focus stayed on "Saved".
    expect(page.locator("#findings-panel")).to_have_count(1)
    expect(saved).to_be_focused()

    # A workout with two sets, the second added over htmx.
    tab_to(page, "a[href='/journal/workouts/new/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/journal/workouts/new/")
    tab_to(page, "#id_kind")
    page.keyboard.type("Strength")
    page.keyboard.press("Tab")
    page.keyboard.type("Lower A")
    page.keyboard.press("Tab")
    page.keyboard.type("50")
    page.keyboard.press("Tab")
    page.keyboard.type("8")
    expect(page.locator("#session-load")).to_have_text("400")
    tab_to(page, "#id_sets-0-exercise")
    page.keyboard.type("Back squat")
    page.keyboard.press("Tab")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("100")
    tab_to(page, "#add-set")
    page.keyboard.press("Enter")
    expect(page.locator("#id_sets-1-exercise")).to_be_focused()
    expect(page.locator("#live-region")).to_have_text("Set 2 added")
    page.keyboard.type("Bench press")
    page.keyboard.press("Tab")
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    page.keyboard.type("60")
    tab_to(page, "#workout-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/journal/{kim.today().isoformat()}/")
    expect(page.get_by_role("status").filter(has_text="Workout saved.")).to_be_visible()
    workout = Workout.objects.get(athlete=kim, date=kim.today())
    assert workout.session_load == 400
    assert [(s.exercise.name, s.reps, s.load_kg) for s in workout.sets.all()] == [
        ("Back squat", 5, 100),
        ("Bench press", 8, 60),
    ]
    assert page.evaluate("window.__csp") == [] and page.problems == []


def test_move_between_weeks_with_the_keyboard(page, kim):
    this_week = iso_week_label(kim.today())
    last_week = iso_week_label(kim.today() - timedelta(days=7))
    log_in(page, "kim", PASSWORD)
    page.wait_for_url("**/today/")
    page.goto("/week/")
    tab_to(page, "a[rel=prev]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/week/{last_week}/")
    # The new week's heading takes the focus and is announced.
    expect(page.locator("#week-heading")).to_be_focused()
    expect(page.locator("#live-region")).to_have_text(f"Week {last_week}")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.rel") == "next"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/week/{this_week}/")
    expect(page.locator("#week-heading")).to_be_focused()
    page.wait_for_function("() => document.querySelector('#week-chart')?.dataset.drawn")


def test_coach_filters_the_roster_and_edits_in_admin_with_the_keyboard(page, live_server):
    coach = User.objects.create_user("cora", password=PASSWORD, is_staff=True, is_superuser=True)
    for name, story in (("Ann", "strength"), ("Bo", "stressed"), ("Cy", "steady")):
        link = CoachLinkFactory(coach=coach, athlete__display_name=name)
        fill_journal(link.athlete, story, weeks=5)
    page.add_init_script(CSP_LISTENER)

    page.goto("/")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    tab_to(page, "a[href='/accounts/login/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("cora")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/coach/")
    rows = page.get_by_test_id("roster-row")
    expect(rows).to_have_count(3)
    band = page.locator("tr[data-testid=roster-row]").first.get_attribute("data-band")
    assert band in ("red", "amber", "green")

    # Choosing a colour in the select filters the rows in place and says how many remain.
    tab_to(page, "#roster-band")
    page.keyboard.type(band.capitalize())
    expected = page.locator(f"tr[data-band={band}]").count()
    expect(page.locator("#live-region")).to_have_text(
        f"{expected} athlete{'s' if expected != 1 else ''} shown"
    )
    expect(rows).to_have_count(expected)
    expect(page.locator("#roster-band")).to_be_focused()
    assert f"band={band}" in page.url

    # Django admin: change a guidance summary with the keyboard.
    page.goto("/admin/recovery/guidance/?q=sleep-short")
    skip_admin_navigation(page)
    tab_to(page, "#result_list a[href*='/change/']", ours=False)
    page.keyboard.press("Enter")
    page.wait_for_url("**/change/**")
    skip_admin_navigation(page)
    tab_to(page, "#id_summary", ours=False)
    page.keyboard.press("Control+A")
    page.keyboard.type("Three short nights in a row.")
    tab_to(page, "input[name=_save]", ours=False)
    page.keyboard.press("Enter")
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert Guidance.objects.get(slug="sleep-short").summary == "Three short nights in a row."
    assert page.evaluate("window.__csp") == []
