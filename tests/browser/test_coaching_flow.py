import pytest
from playwright.sync_api import expect

from journal.models import CoachLink
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
    invite = athlete_page.get_by_role("region", name="Invite a coach")
    invite.get_by_label("Coach's username or e-mail").fill("cole")
    invite.get_by_label("View dashboards").check()
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


def test_the_share_code_forms_manage_label_creates_a_manage_code(page):
    """Clicking "View and manage targets" in the share-code form ticks that form's radio (it
    used to tick the invite form's, through a shared id) and the code gives manage access."""
    athlete = AthleteFactory(user__username="mia", display_name="Mia Mover")

    log_in(page, "mia", PASSWORD)
    page.goto("/settings/sharing/")
    invite = page.get_by_role("region", name="Invite a coach")
    code = page.get_by_role("region", name="Or create a share code")
    code.locator("label", has_text="View and manage targets").click()
    expect(code.get_by_label("View and manage targets")).to_be_checked()
    expect(invite.get_by_label("View dashboards")).to_be_checked()  # untouched
    expect(invite.get_by_label("View and manage targets")).not_to_be_checked()
    code.get_by_role("button", name="Create a code").click()
    page.get_by_text("Share code created").wait_for()

    link = CoachLink.objects.get(athlete=athlete)
    assert link.access == CoachLink.Access.MANAGE and link.share_code
    card = page.locator(".card").filter(has=page.get_by_test_id("share-code"))
    expect(card.get_by_test_id("share-code")).to_have_text(link.share_code)
    expect(card).to_contain_text("(view and manage targets)")
