import pytest
from django.contrib.auth.models import Group, User

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AthleteFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_editor_changes_a_summary_and_the_athlete_sees_it_from_a_finding(chromium, live_server):
    editor = User.objects.create_user("eddie", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Guidance editors"))
    athlete = AthleteFactory(user__username="sol")
    fill_journal(athlete, "strength", weeks=6)  # short sleep: the sleep.short finding

    admin = chromium.new_context(base_url=live_server.url).new_page()
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill("eddie")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    admin.goto("/admin/recovery/guidance/?q=sleep-short")
    admin.get_by_role("link", name="Short sleep").click()
    # The article's own summary, not that of a translation in the inline below it.
    admin.locator("#id_summary").fill("Edited by the editor: three short nights in a row.")
    admin.get_by_role("button", name="Save", exact=True).click()
    admin.get_by_text("was changed successfully").wait_for()

    page = chromium.new_context(base_url=live_server.url).new_page()
    log_in(page, "sol", PASSWORD)
    page.wait_for_url("**/today/")
    finding = page.locator('.finding[data-code="sleep.short"]')
    if not finding.is_visible():  # past the three worst: under "n more findings"
        page.get_by_text("more findings").click()
    finding.get_by_role("link").click()
    page.wait_for_url("**/guidance/sleep-short/")
    assert page.get_by_test_id("summary").inner_text() == (
        "Edited by the editor: three short nights in a row."
    )
