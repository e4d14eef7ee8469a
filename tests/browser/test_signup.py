import pytest

from journal.models import Athlete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_signup_through_the_real_form_lands_on_today(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("newathlete")
    page.get_by_label("Email").fill("new@example.com")
    page.get_by_label("Display name").fill("New Athlete")
    page.get_by_label("Body mass").fill("72.5")
    page.get_by_label("Focus").select_option("endurance")
    page.locator("#id_password1").fill("long-enough-pass-123")
    page.locator("#id_password2").fill("long-enough-pass-123")
    page.get_by_role("button", name="Create my journal").click()

    page.wait_for_url("**/today/")
    assert page.get_by_role("heading", name="Today", exact=True).is_visible()
    athlete = Athlete.objects.get(user__username="newathlete")
    assert athlete.focus == "endurance"
    assert athlete.body_mass_kg == 72.5
    # The browser's zone was read and kept (the test browser reports one from its system).
    assert athlete.timezone


def test_a_coach_without_a_journal_starts_one_from_settings(page):
    from playwright.sync_api import expect

    from tests.browser.conftest import log_in
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="kim", first_name="Kim")
    log_in(page, "kim", PASSWORD)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_text("This account has no journal of its own yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Today")).to_have_count(0)
    zone = page.get_by_label("Time zone").input_value()
    assert zone  # the browser's zone, preselected

    page.get_by_label("Body mass").fill("12")
    page.get_by_role("button", name="Start my journal").click()
    expect(page.get_by_text("Body mass must be between 25 and 300 kg.")).to_be_visible()
    assert page.get_by_label("Time zone").input_value() == zone  # the choice is kept
    assert not Athlete.objects.exists()

    page.get_by_label("Body mass").fill("64")
    page.get_by_role("button", name="Start my journal").click()
    page.wait_for_url("**/today/")
    expect(page.get_by_text("Your journal is ready.")).to_be_visible()
    athlete = Athlete.objects.get(user__username="kim")
    assert (athlete.display_name, athlete.body_mass_kg, athlete.timezone) == ("Kim", 64, zone)
