import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AthleteFactory, UserFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_invite_accept_roster_dashboard_then_revoke(chromium, live_server):
    athlete = AthleteFactory(user__username="ria", display_name="Ria Runner")
    fill_journal(athlete, "stressed", weeks=8)
    UserFactory(username="cole")

    athlete_page = chromium.new_context(base_url=live_server.url).new_page()
    coach_page = chromium.new_context(base_url=live_server.url).new_page()

    log_in(athlete_page, "ria", PASSWORD)
    athlete_page.goto("/settings/sharing/")
    athlete_page.get_by_label("Coach's username or e-mail").fill("cole")
    athlete_page.get_by_label("View dashboards").check()
    athlete_page.get_by_role("button", name="Invite").click()
    athlete_page.get_by_text("Invitation sent to cole").wait_for()

    log_in(coach_page, "cole", PASSWORD)
    coach_page.goto("/coach/")
    coach_page.get_by_role("button", name="Accept Ria Runner").click()
    row = coach_page.get_by_test_id("roster-row").filter(has_text="Ria Runner")
    row.wait_for()
    band = row.get_attribute("data-band")
    assert band in ("red", "amber")  # her story: stress and soreness rising
    assert row.locator(f".bg-band-{band}").count() == 1
    row.get_by_role("link", name="Ria Runner").click()
    coach_page.get_by_test_id("coach-banner").wait_for()
    assert "Ria Runner" in coach_page.get_by_test_id("coach-banner").inner_text()
    dashboard_url = coach_page.url

    athlete_page.goto("/settings/sharing/")
    athlete_page.get_by_role("button", name="Stop sharing with cole").click()
    athlete_page.get_by_text("no longer sees your journal").wait_for()

    response = coach_page.goto(dashboard_url)
    assert response.status == 404
