"""A coach reads an athlete's journal and days, read-only, without the notes the athlete
keeps to themselves; coach notes show on the day they are about. Owner, coach, outsider."""

from datetime import timedelta

import pytest

from journal.models import DayTags
from recovery.models import CoachNote
from tests.conftest import client_for
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_with_entries(athlete):
    day = athlete.today() - timedelta(days=2)
    WorkoutFactory(
        athlete=athlete, date=day, title="Hill reps", notes="shared wk", notes_shared=True
    )
    WorkoutFactory(athlete=athlete, date=day, title="Gym", notes="private wk", notes_shared=False)
    SleepEntryFactory(athlete=athlete, date=day, notes="private night", notes_shared=False)
    CheckInFactory(athlete=athlete, date=day, note="private check-in", note_shared=False)
    DayTags.objects.create(athlete=athlete, date=day, tags=["travel"])
    return day


def test_a_coach_reads_the_day_without_private_notes_or_edit_links(athlete, day_with_entries):
    day = day_with_entries
    link = CoachLinkFactory(athlete=athlete, access="manage")
    CoachNote.objects.create(athlete=athlete, author=link.coach, date=day, text="Easy tomorrow")
    coach = client_for(link.coach)
    url = f"/coach/athletes/{athlete.public_id}/journal/{day.isoformat()}/"
    response = coach.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hill reps" in html and "shared wk" in html
    assert "private wk" not in html and "private night" not in html
    assert "private check-in" not in html
    assert "Easy tomorrow" in html and 'data-testid="coach-notes"' in html
    assert "Travel" in html and 'name="tags"' not in html  # tags read, not set
    assert "/edit/" not in html and "/delete/" not in html and "/new/" not in html
    assert 'data-testid="coach-banner"' in html
    # The owner sees everything, the coach note too, and may change it.
    own = client_for(athlete.user).get(f"/journal/{day.isoformat()}/").content.decode()
    assert "private wk" in own and "private night" in own and "private check-in" in own
    assert "Easy tomorrow" in own and "/edit/" in own
    # Today's note points at the day it is about, for the athlete and for the coach.
    today = client_for(athlete.user).get("/today/").content.decode()
    assert f'for <a href="/journal/{day.isoformat()}/">' in today
    coach_today = coach.get(f"/coach/athletes/{athlete.public_id}/").content.decode()
    assert f'<a href="{url}">' in coach_today


def test_a_coach_reads_the_journal_list_linking_to_their_day_pages(athlete, day_with_entries):
    link = CoachLinkFactory(athlete=athlete, access="view")
    response = client_for(link.coach).get(f"/coach/athletes/{athlete.public_id}/journal/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/coach/athletes/{athlete.public_id}/journal/{day_with_entries.isoformat()}/" in html
    assert 'href="/journal/' not in html


def test_outsiders_revoked_coaches_and_the_owner_get_no_coach_day(athlete, day_with_entries):
    day = day_with_entries.isoformat()
    urls = [
        f"/coach/athletes/{athlete.public_id}/journal/",
        f"/coach/athletes/{athlete.public_id}/journal/{day}/",
    ]
    revoked = CoachLinkFactory(athlete=athlete, status="revoked")
    for user in (AthleteFactory().user, revoked.coach, athlete.user):
        for url in urls:
            assert client_for(user).get(url).status_code == 404, (user, url)


def test_a_coach_day_outside_the_journal_is_404(athlete):
    link = CoachLinkFactory(athlete=athlete)
    coach = client_for(link.coach)
    base = f"/coach/athletes/{athlete.public_id}/journal/"
    assert (
        coach.get(base + (athlete.today() + timedelta(days=1)).isoformat() + "/").status_code == 404
    )
    assert coach.get(base + "1850-01-01/").status_code == 404
    assert coach.get(base + "2025-02-30/").status_code == 404
