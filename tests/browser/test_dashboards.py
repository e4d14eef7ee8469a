from datetime import timedelta

import pytest

from recovery.summaries import iso_week_label
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AthleteFactory, CheckInFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def athlete_with_stress():
    athlete = AthleteFactory(user__username="dana")
    fill_journal(athlete, "steady", weeks=5)
    today = athlete.today()
    athlete.checkin_set.filter(date__gt=today - timedelta(days=6)).delete()
    for days_ago, stress in [(1, 6), (2, 6), (3, 2), (4, 2)]:
        CheckInFactory(athlete=athlete, date=today - timedelta(days=days_ago), stress=stress)
    return athlete


def test_checkin_on_today_redraws_readiness_and_findings_without_a_reload(
    page, athlete_with_stress
):
    log_in(page, "dana", PASSWORD)
    page.wait_for_url("**/today/")
    page.evaluate("window.__noReload = true")
    score = page.get_by_test_id("readiness-score")
    before = score.inner_text()
    assert page.locator('.finding[data-code="wellness.stress_high"]').count() == 0

    checkin = page.locator("#checkin")
    for item in ("Sleep quality", "Fatigue", "Stress", "Muscle soreness"):
        checkin.locator("fieldset", has_text=item).locator("label", has_text="7").first.click()
    checkin.locator("fieldset", has_text="Energy").locator("label", has_text="1").first.click()
    checkin.get_by_role("button", name="Save check-in").click()

    page.locator("#checkin").get_by_text("Saved", exact=True).wait_for()
    page.locator('.finding[data-code="wellness.stress_high"]').wait_for()
    assert score.inner_text() != before
    assert int(score.inner_text()) < int(before)
    assert page.evaluate("window.__noReload") is True  # the page never navigated


def test_week_navigation_pushes_the_url_and_back_returns(page):
    athlete = AthleteFactory(user__username="wes")
    fill_journal(athlete, "strength", weeks=3)
    this_week = iso_week_label(athlete.today())
    last_week = iso_week_label(athlete.today() - timedelta(days=7))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " (window.__csp = [...(window.__csp || []), e.violatedDirective]))"
    )
    log_in(page, "wes", PASSWORD)
    page.goto(f"/week/{this_week}/")
    page.wait_for_function("() => document.querySelector('#week-chart')?.dataset.drawn")
    page.evaluate("window.__noReload = true")

    page.get_by_role("link", name="← Previous week").click()
    page.wait_for_url(f"**/week/{last_week}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Week {last_week}")
    assert page.evaluate("window.__noReload") is True
    page.wait_for_function("() => document.querySelector('#week-chart')?.dataset.drawn")
    assert page.evaluate("window.__csp || []") == []  # the swap breaks no CSP rule

    page.go_back()
    page.wait_for_url(f"**/week/{this_week}/")
    page.get_by_role("heading", name=f"Week {this_week}").wait_for()


def test_trend_charts_render_in_chromium(page):
    athlete = AthleteFactory(user__username="tia")
    fill_journal(athlete, "strength", weeks=14)
    log_in(page, "tia", PASSWORD)
    page.goto("/trends/")
    charts = ("chart-physiology", "chart-fitness", "chart-ratio", "chart-sleep", "chart-protein")
    for chart in (*charts, "chart-e1rm"):
        page.wait_for_function(f"() => document.getElementById('{chart}').dataset.drawn")
        width = page.evaluate(f"document.getElementById('{chart}').width")
        assert width > 100


def test_a_term_explains_itself_on_hover_and_on_keyboard_focus(page):
    athlete = AthleteFactory(user__username="gus")
    fill_journal(athlete, "strength", weeks=3)
    log_in(page, "gus", PASSWORD)
    page.goto("/today/")
    term = page.locator('a.term[href="/glossary/#form"]')
    tip = term.locator(".term-tip")
    assert not tip.is_visible()
    term.hover()
    assert tip.is_visible()
    assert tip.inner_text().startswith("Yesterday's fitness minus yesterday's fatigue")
    page.mouse.move(0, 0)
    term.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus shows :focus-visible
    assert tip.is_visible()
    term.click()
    page.wait_for_url("**/glossary/#form")
    assert page.locator("#form").inner_text() == "Form"
