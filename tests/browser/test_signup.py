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
