"""Query counts on the path users take: caches cleared, right after a journal write.

Each page reads day states, so its count does not grow with the history behind it or, for
the roster, with the number of athletes. Bypass the state table (read the journal instead)
and these pins fail.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from journal.models import CheckIn
from tests.conftest import client_for
from tests.factories import AthleteFactory, CheckInFactory, CoachLinkFactory, UserFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db

HISTORY_WEEKS = [4, 156]  # a month, three years


def check_in_now(athlete, **answers) -> None:
    """The usual morning: the athlete checks in, then a page is opened."""
    athlete.checkin_set.filter(date=athlete.today()).delete()
    CheckInFactory(athlete=athlete, date=athlete.today(), **answers)
    cache.clear()


@pytest.mark.parametrize("weeks", HISTORY_WEEKS)
def test_today_cold(athlete, weeks, django_assert_max_num_queries):
    fill_journal(athlete, weeks=weeks)
    client = client_for(athlete.user)
    check_in_now(athlete, fatigue=6)
    # The session, the user with their athlete and navigation, the day states, the coach
    # notes, the athlete's snoozed findings. DESIGN allows 8.
    with django_assert_max_num_queries(5):
        response = client.get("/today/")
    assert response.status_code == 200
    assert response.context["state"].day == athlete.today()
    assert response.context["state"].record.checkin.fatigue == 6  # the write is shown


@pytest.mark.parametrize("weeks", HISTORY_WEEKS)
@pytest.mark.parametrize("url", ["/week/", "/trends/", "/journal/"])
def test_week_trends_and_journal_cold(athlete, weeks, url, django_assert_max_num_queries):
    fill_journal(athlete, weeks=weeks)
    client = client_for(athlete.user)
    check_in_now(athlete)
    with django_assert_max_num_queries(3):  # session, user with navigation, day states
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("weeks", HISTORY_WEEKS)
def test_coach_view_of_an_athlete_cold(athlete, weeks, django_assert_max_num_queries):
    fill_journal(athlete, weeks=weeks)
    link = CoachLinkFactory(athlete=athlete)
    client = client_for(link.coach)
    check_in_now(athlete)
    # As Today, plus the coach's link to the athlete.
    with django_assert_max_num_queries(5):
        assert client.get(f"/coach/athletes/{athlete.public_id}/").status_code == 200


def roster_queries(size: int, django_assert_max_num_queries) -> int:
    coach = UserFactory()
    athletes = [AthleteFactory() for _ in range(size)]
    for athlete in athletes:
        CoachLinkFactory(athlete=athlete, coach=coach)
    for athlete in athletes[:3]:
        fill_journal(athlete, weeks=8)
    # The last athlete last logged two days ago: their states end there.
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        fill_journal(athletes[-1], weeks=8)
    for athlete in athletes[: size - 1]:  # one athlete has not logged today: stepped on read
        for day in (athlete.today() - timedelta(days=1), athlete.today()):
            CheckIn.objects.update_or_create(
                athlete=athlete,
                date=day,
                defaults={
                    "sleep_quality": 3,
                    "fatigue": 4,
                    "stress": 2,
                    "soreness": 3,
                    "energy": 3,
                },
            )
    client = client_for(coach)
    cache.clear()
    # Session, user with navigation, links, the roster fields of today's stored states; for
    # the athlete who has not logged today (stepped in memory): their states of today (none),
    # their last stored day, their latest states, the rule settings and overrides.
    with django_assert_max_num_queries(9) as cold:
        response = client.get("/coach/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == size
    return len(cold.captured_queries)


def test_roster_cold_is_the_same_count_for_5_50_and_200_athletes(django_assert_max_num_queries):
    counts = [roster_queries(size, django_assert_max_num_queries) for size in (5, 50, 200)]
    assert counts[0] == counts[1] == counts[2], counts
