"""Every page on a phone, in both colour modes and under axe-core, in a real Chromium.

The pages run on the demo data (`seed_demo`): transactional tests empty the database after
each test, so each test seeds its own copy, which takes well under a second.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from journal.models import Athlete, CheckIn, Intake, Meal, SleepEntry, Workout
from recovery.models import Guidance
from recovery.summaries import iso_week_label
from tests.browser.a11y import (
    CSP_LISTENER,
    _fast_password_hashing,  # noqa: F401 (an autouse fixture)
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HERE = Path(__file__).parent
AXE = (HERE / "vendor" / "axe.min.js").read_text()
SCREENSHOTS = HERE / "screenshots"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}

# Controls that must offer a 44 × 44 px target: navigation, buttons (including the check-in's
# scale labels), form controls, and the links that are a list's primary action.
TAP_TARGETS = (
    ".navbar-brand, .navbar-toggler, .nav-link, .btn, label.btn, .tap-target, "
    ".form-control, .form-select, .checkin-more > summary"
)


@dataclass
class Demo:
    """The demo accounts and the addresses of a few of their entries."""

    sam: Athlete

    def url(self, template: str) -> str:
        sam = self.sam
        day = sam.today()
        return template.format(
            day=day.isoformat(),
            week=iso_week_label(day),
            pid=sam.public_id,
            workout=Workout.objects.filter(athlete=sam).latest("date").pk,
            sleep=SleepEntry.objects.filter(athlete=sam).latest("date").pk,
            meal=Meal.objects.filter(athlete=sam).latest("date").pk,
            intake=Intake.objects.filter(athlete=sam).latest("date").pk,
            article=Guidance.objects.filter(published=True).order_by("slug").first().slug,
        )


def seed() -> Demo:
    call_command("seed_demo", stdout=io.StringIO())
    return Demo(sam=Athlete.objects.get(user__username="sam"))


def browser_page(chromium, live_server, username=None, viewport=PHONE, color_scheme="light"):
    """A fresh context, signed in as `username` (a session cookie, not the form: faster),
    that records console errors, uncaught exceptions and CSP violations."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport=viewport,
        color_scheme=color_scheme,
        reduced_motion="reduce",  # Bootstrap then opens the phone menu without a transition
    )
    context.set_default_timeout(10_000)
    if username:
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    return page


def settle(page) -> None:
    """Wait for the page's charts, if any: Chart.js draws them after the load."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].every((c) => c.dataset.drawn)"
    )


def axe_violations(page) -> list[str]:
    """axe-core findings of moderate impact or above over the whole document (navbar
    included)."""
    page.evaluate(AXE)  # evaluated by the driver, so the page's CSP does not apply
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:5]}"
        for violation in result["violations"]
        if violation["impact"] in ("moderate", "serious", "critical")
    ]


def small_targets(page) -> list[str]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
          .filter((el) => el.checkVisibility({visibilityProperty: true}))
          .map((el) => [el, el.getBoundingClientRect()])
          .filter(([el, box]) => box.height < 43.5 || box.width < 43.5)
          .map(([el, box]) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
                + ` "${el.textContent.trim().slice(0, 30)}"`
                + ` ${Math.round(box.width)}x${Math.round(box.height)}`)""",
        TAP_TARGETS,
    )


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.problems


# (test id, who is signed in, address; {placeholders} filled from the demo data)
PAGES = [
    ("landing", None, "/"),
    ("login", None, "/accounts/login/"),
    ("signup", None, "/accounts/signup/"),
    ("today", "sam", "/today/"),
    ("checkin", "sam", "/checkin/"),
    ("journal", "sam", "/journal/"),
    ("day", "sam", "/journal/{day}/"),
    ("workout-new", "sam", "/journal/workouts/new/"),
    ("workout-edit", "sam", "/journal/workouts/{workout}/edit/"),
    ("sleep-new", "sam", "/journal/sleep/new/"),
    ("sleep-edit", "sam", "/journal/sleep/{sleep}/edit/"),
    ("meal-new", "sam", "/journal/meals/new/"),
    ("meal-edit", "sam", "/journal/meals/{meal}/edit/"),
    ("intake-new", "sam", "/journal/intake/new/"),
    ("intake-edit", "sam", "/journal/intake/{intake}/edit/"),
    ("week", "sam", "/week/"),
    ("trends", "sam", "/trends/"),
    ("guidance", "sam", "/guidance/"),
    ("guidance-article", "sam", "/guidance/{article}/"),
    ("settings", "sam", "/settings/"),
    ("sharing", "sam", "/settings/sharing/"),
    ("your-data", "sam", "/settings/data/"),
    ("api-tokens", "sam", "/settings/tokens/"),
    ("coach-roster", "coach", "/coach/"),
    ("coach-today", "coach", "/coach/athletes/{pid}/"),
    ("coach-week", "coach", "/coach/athletes/{pid}/week/{week}/"),
    ("coach-trends", "coach", "/coach/athletes/{pid}/trends/"),
    ("coach-targets", "coach", "/coach/athletes/{pid}/targets/"),
]


@pytest.mark.parametrize(
    ("username", "address"), [page[1:] for page in PAGES], ids=[page[0] for page in PAGES]
)
def test_page_on_a_phone_passes_axe_with_no_overflow_small_targets_or_csp_errors(
    chromium, live_server, username, address
):
    demo = seed()
    page = browser_page(chromium, live_server, username)
    try:
        response = page.goto(demo.url(address))
        assert response.status == 200
        settle(page)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]

        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"spills sideways at 375 px: {width}"
        assert small_targets(page) == []

        # Open the phone menu, so axe checks the navbar's links and its Log out button too.
        toggler = page.locator(".navbar-toggler")
        if toggler.count():
            toggler.click()
            page.wait_for_function("() => document.querySelector('#main-nav.collapse.show')")
            assert small_targets(page) == []
        assert axe_violations(page) == []
        assert csp_violations(page) == []
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("viewport", "color_scheme"),
    [(PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark")],
    ids=["phone-dark", "desktop-light", "desktop-dark"],
)
def test_every_page_passes_axe_in_both_colour_modes_and_sizes(
    chromium, live_server, viewport, color_scheme
):
    """The rest of the 2 × 2 (the phone in light mode is the test above): every page, one
    seeded database, all findings of moderate impact or above collected before failing."""
    demo = seed()
    found: dict[str, list[str]] = {}
    pages: dict[str | None, object] = {}
    try:
        for name, username, address in PAGES:
            if username not in pages:
                pages[username] = browser_page(
                    chromium, live_server, username, viewport=viewport, color_scheme=color_scheme
                )
            page = pages[username]
            page.goto(demo.url(address))
            settle(page)
            assert page.locator("html").get_attribute("data-bs-theme") == color_scheme
            problems = axe_violations(page) + csp_violations(page)
            if problems:
                found[name] = problems
            page.evaluate("window.__csp = []")
            page.problems.clear()
    finally:
        for page in pages.values():
            page.context.close()
    assert found == {}


def test_the_check_in_fits_one_phone_screen(chromium, live_server):
    demo = seed()
    CheckIn.objects.filter(athlete=demo.sam, date=demo.sam.today()).delete()
    page = browser_page(chromium, live_server, "sam")
    try:
        page.goto("/checkin/")
        save = page.get_by_role("button", name="Save check-in").bounding_box()
        assert save["y"] + save["height"] <= PHONE["height"]
        # The seven points of a scale sit on one row, at least 44 px each.
        boxes = [page.locator(f"label[for='checkin-stress_{i}']").bounding_box() for i in range(7)]
        assert len({round(box["y"]) for box in boxes}) == 1
        assert min(box["width"] for box in boxes) >= 44
    finally:
        page.context.close()


def test_today_fits_a_screen_and_a_half_on_a_phone_and_its_folds_open(chromium, live_server):
    """Sam's Today at 375 x 740: at most 1.5 screens, the three worst findings open with a
    one-line why, and each fold (the check-in, a finding's numbers) opens with a tap."""
    demo = seed()
    CheckIn.objects.filter(athlete=demo.sam, date=demo.sam.today()).delete()
    screen = {"width": 375, "height": 740}
    page = browser_page(chromium, live_server, "sam", viewport=screen)
    try:
        page.goto("/today/")
        settle(page)
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 1.5 * screen["height"], f"Today is {height / screen['height']:.2f} screens"

        findings = page.locator(".today-main .finding:visible")
        assert findings.count() == 3
        why = findings.first.locator(".finding-why")
        line = page.evaluate(
            "(el) => parseFloat(getComputedStyle(el).lineHeight)", why.element_handle()
        )
        assert why.bounding_box()["height"] <= 1.5 * line  # one line until it is opened
        why.click()
        findings.first.locator("table").wait_for()
        assert why.bounding_box()["height"] > 1.5 * line  # the whole message, and its numbers

        save = page.get_by_role("button", name="Save check-in")
        assert not save.is_visible()
        page.get_by_test_id("checkin-fold").locator("> summary").click()
        save.wait_for()
        assert csp_violations(page) == []
    finally:
        page.context.close()


def test_on_a_desktop_todays_folds_are_open(chromium, live_server):
    seed()
    page = browser_page(chromium, live_server, "sam", viewport=DESKTOP)
    try:
        page.goto("/today/")
        settle(page)
        assert page.get_by_role("button", name="Save check-in").is_visible()
        assert page.get_by_test_id("physiology").is_visible()
        assert page.get_by_test_id("readiness-basis").is_visible()
    finally:
        page.context.close()


# --- Screenshots, for a person to look at ------------------------------------------------------


def test_screenshots_of_today_week_and_the_roster(chromium, live_server):
    """Writes tests/browser/screenshots/<page>-<width>.png (git-ignored)."""
    seed()
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (375, 1280):
        for username, name, address in (
            ("sam", "today", "/today/"),
            ("sam", "week", "/week/"),
            ("coach", "coach-roster", "/coach/"),
        ):
            page = browser_page(
                chromium, live_server, username, viewport={"width": width, "height": 900}
            )
            try:
                page.goto(address)
                settle(page)
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
                assert csp_violations(page) == []
            finally:
                page.context.close()
