from datetime import timedelta

import pytest

from recovery.models import CoachNote
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, SleepEntryFactory, WorkoutFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def test_new_athlete_sees_what_to_log_first_and_calibrating(athlete_client):
    response = athlete_client.get("/today/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="empty-state"' in html
    assert html.count("Calibrating: 7 more days") == 1  # in the welcome, not again below
    assert 'id="checkin"' in html  # the quick check-in is on the page


def test_readiness_parts_findings_and_entries(athlete):
    fill_journal(athlete, "strength")
    response = client_for(athlete.user).get("/today/")
    assert response.status_code == 200
    readiness = response.context["readiness"]
    assert 0 <= readiness.score <= 100
    assert [part.name for part in readiness.parts] == ["wellness", "sleep", "physiology", "load"]
    assert readiness.weakest in readiness.used
    html = response.content.decode()
    assert f'data-testid="weakest">{readiness.weakest}<' in html
    assert "Made from: <strong>" + ", ".join(readiness.used) in html
    codes = [finding.code for finding in response.context["findings"]]
    assert "sleep.short" in codes and "load.spike" in codes
    severities = [finding.severity for finding in response.context["findings"]]
    order = {"alert": 0, "caution": 1, "info": 2}
    assert severities == sorted(severities, key=order.get)  # worst first
    assert "/guidance/sleep-short/" in html
    assert "Threshold" in html  # evidence table
    assert 'data-testid="empty-state"' not in html


def test_todays_entries_are_listed_with_edit_links(athlete, athlete_client):
    today = athlete.today()
    workout = WorkoutFactory(athlete=athlete, date=today, title="Hill repeats")
    sleep = SleepEntryFactory(athlete=athlete, date=today)
    html = athlete_client.get("/today/").content.decode()
    assert "Hill repeats" in html
    assert f"/journal/workouts/{workout.pk}/edit/" in html
    assert f"/journal/sleep/{sleep.pk}/edit/" in html


def test_htmx_panel_request_gets_only_the_recovery_panel(athlete, athlete_client):
    fill_journal(athlete, weeks=2)
    response = athlete_client.get(
        "/today/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="recovery-panel"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="recovery-panel"')
    assert "<nav" not in html and 'id="checkin"' not in html
    full = athlete_client.get("/today/").content.decode()
    assert "<nav" in full


def test_coach_notes_show_on_today_with_their_author(athlete, athlete_client):
    link = CoachLinkFactory(athlete=athlete, coach__username="coachkim", access="manage")
    CoachNote.objects.create(
        athlete=athlete, author=link.coach, date=athlete.today(), text="Easy day please"
    )
    CoachNote.objects.create(
        athlete=athlete, author=link.coach, date=athlete.today() - timedelta(days=30), text="Old"
    )
    html = athlete_client.get("/today/").content.decode()
    assert "Easy day please" in html and "coachkim" in html
    assert "Old" not in html


@pytest.mark.parametrize("weeks", [4, 52])
def test_query_count_does_not_grow_with_data(athlete, django_assert_max_num_queries, weeks):
    fill_journal(athlete, weeks=weeks)
    client = client_for(athlete.user)
    client.get("/today/")  # warm the per-process caches (rule settings, coach nav)
    with django_assert_max_num_queries(10):
        assert client.get("/today/").status_code == 200


def test_access_owner_coach_outsider_and_anonymous(athlete, athlete_client, client):
    coach_link = CoachLinkFactory(athlete=athlete)
    outsider = AthleteFactory()
    coach_url = f"/coach/athletes/{athlete.public_id}/"
    assert athlete_client.get("/today/").context["athlete"] == athlete
    coach_page = client_for(coach_link.coach).get(coach_url)
    assert coach_page.status_code == 200
    assert coach_page.context["athlete"] == athlete
    assert 'data-testid="coach-banner"' in coach_page.content.decode()
    assert client_for(outsider.user).get(coach_url).status_code == 404
    # An outsider's own /today/ shows their own journal, never someone else's.
    assert client_for(outsider.user).get("/today/").context["athlete"] == outsider
    assert client.get("/today/").status_code == 302
    assert client.get(coach_url).status_code == 302


def test_entry_times_are_shown_in_the_athletes_time_zone():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import IntakeFactory

    athlete = AthleteFactory(timezone="Asia/Tokyo")
    tokyo = ZoneInfo("Asia/Tokyo")
    today = athlete.today()
    IntakeFactory(
        athlete=athlete,
        date=today,
        taken_at=datetime.combine(today, datetime.min.time(), tokyo).replace(hour=9),
    )
    html = client_for(athlete.user).get("/today/").content.decode()
    assert "at 09:00" in html


def test_three_findings_open_the_rest_folded_each_with_its_numbers_folded(athlete):
    fill_journal(athlete, "strength")
    response = client_for(athlete.user).get("/today/")
    findings = response.context["findings"]
    assert len(findings) > 3
    html = response.content.decode()
    open_part, folded = html.split('data-testid="more-findings"', 1)
    for finding in findings[:3]:
        assert f'data-code="{finding.code}"' in open_part
    for finding in findings[3:]:
        assert f'data-code="{finding.code}"' in folded
    assert f"{len(findings) - 3} more finding" in folded
    assert html.count('<details class="finding-evidence">') == sum(
        1 for finding in findings if finding.evidence
    )
