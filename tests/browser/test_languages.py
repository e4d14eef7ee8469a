"""Today and the check-in in German (the browser's language) and in Spanish (the athlete's
saved preference, over an English browser), in a real Chromium."""

import pytest

from journal.language import LanguagePreference
from tests.factories import PASSWORD, AthleteFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def page_for(chromium, live_server):
    contexts = []

    def open_page(locale: str):
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str, labels: tuple[str, str, str]) -> None:
    user_label, password_label, button = labels
    page.goto("/accounts/login/")
    page.get_by_label(user_label).fill(username)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/today/")


def check_in_and_see_readiness_redrawn(page, heading: str, saved: str) -> None:
    """Answer the five scales by position (their labels are in the page's language), save."""
    scales = page.locator("#checkin fieldset:has(.scale-points)")
    for i in range(4):  # sleep quality, fatigue, stress, soreness: 1-7
        scales.nth(i).locator("label", has_text="2").first.click()
    scales.nth(4).locator("label", has_text="4").first.click()  # energy: 1-5
    page.locator("#checkin button[type=submit]").first.click()
    page.locator("#checkin-status .alert-success", has_text=saved).wait_for()
    page.locator("#readiness-heading", has_text=heading).wait_for()
    assert page.get_by_test_id("readiness-score").inner_text().strip().isdigit()


def test_today_and_the_check_in_in_german(page_for):
    fill_journal(AthleteFactory(user__username="lena"), "steady", weeks=3)
    page = page_for("de-DE")
    log_in(page, "lena", ("Benutzername", "Passwort", "Anmelden"))
    assert page.locator("html").get_attribute("lang") == "de"
    nav = page.get_by_role("navigation", name="Hauptmenü")
    for word in ("Heute", "Tagebuch", "Woche", "Verlauf", "Ratgeber", "Einstellungen"):
        assert nav.get_by_role("link", name=word, exact=True).count() == 1
    page.locator("#readiness-heading", has_text="Bereitschaft").wait_for()
    page.evaluate("window.__noReload = true")
    check_in_and_see_readiness_redrawn(page, "Bereitschaft", "Gespeichert")
    assert page.evaluate("window.__noReload") is True  # htmx redrew it, no reload
    page.get_by_role("button", name="Abmelden").wait_for()


def test_today_and_the_check_in_in_spanish_from_the_saved_preference(page_for):
    athlete = AthleteFactory(user__username="ana")
    fill_journal(athlete, "steady", weeks=3)
    LanguagePreference.objects.create(user=athlete.user, language="es")
    page = page_for("en-GB")
    log_in(page, "ana", ("Username", "Password", "Log in"))
    assert page.locator("html").get_attribute("lang") == "es"
    nav = page.get_by_role("navigation", name="Principal")
    for word in ("Hoy", "Diario", "Semana", "Tendencias", "Guía", "Ajustes"):
        assert nav.get_by_role("link", name=word, exact=True).count() == 1
    page.locator("#readiness-heading", has_text="Disposición").wait_for()
    check_in_and_see_readiness_redrawn(page, "Disposición", "Guardado")
    page.goto("/checkin/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("link", name="Hoy", exact=True).wait_for()
