"""The API's query counts on the path clients take: right after a write, caches cleared.

Like the pages (tests/recovery/test_cold_queries.py), the API reads day states, so a count
does not grow with the history behind it or with the number of athletes a coach has. Read
the journal instead of the state table, or step states per athlete, and these pins fail.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import Api, token_for
from tests.factories import AthleteFactory, CheckInFactory, CoachLinkFactory, UserFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db

HISTORY_WEEKS = [4, 156]  # a month, three years


def check_in_now(athlete, fatigue: int = 3) -> None:
    athlete.checkin_set.filter(date=athlete.today()).delete()
    CheckInFactory(athlete=athlete, date=athlete.today(), fatigue=fatigue)
    cache.clear()


def queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return len(captured.captured_queries), response


def test_states_read_the_same_count_for_a_month_and_three_years():
    counts = []
    for weeks in HISTORY_WEEKS:
        athlete = AthleteFactory()
        fill_journal(athlete, weeks=weeks)
        api = Api(token_for(athlete.user))
        check_in_now(athlete, fatigue=6)
        count, response = queries(lambda api=api: api.get("/states/"))
        assert response.status_code == 200
        days = response.json()["items"]
        assert len(days) == 7
        assert days[-1]["date"] == athlete.today().isoformat()  # the write is there
        counts.append(count)
    # The token (with its user and last use), the throttle, the day states.
    assert counts[0] == counts[1] <= 6, counts


def test_a_check_in_write_is_a_fixed_number_of_queries_whatever_the_history():
    """From 13 weeks on, the refresh's look-back is full (one query more than a shorter
    history needs): 16 weeks and three years must cost the same."""
    counts = []
    for weeks in (16, 156):
        athlete = AthleteFactory()
        fill_journal(athlete, weeks=weeks)
        api = Api(token_for(athlete.user))
        body = {
            "date": athlete.today().isoformat(),
            "sleep_quality": 2,
            "fatigue": 5,
            "stress": 2,
            "soreness": 3,
            "energy": 4,
        }
        cache.clear()
        count, response = queries(lambda api=api, body=body: api.post("/checkins/", body))
        assert response.status_code in (200, 201), response.content
        counts.append(count)
    assert counts[0] == counts[1], counts


def roster_count(size: int) -> int:
    coach = UserFactory()
    athletes = [AthleteFactory() for _ in range(size)]
    for athlete in athletes:
        CoachLinkFactory(athlete=athlete, coach=coach)
    for athlete in athletes[:3]:
        fill_journal(athlete, weeks=8)
    for athlete in athletes:
        CheckInFactory(athlete=athlete, date=athlete.today())
    api = Api(token_for(coach))
    cache.clear()
    count, response = queries(lambda: api.get("/coach/athletes/", {"limit": 200}))
    assert response.status_code == 200
    assert response.json()["count"] == size
    return count


def test_the_coach_roster_is_the_same_count_for_5_and_50_athletes():
    small, large = roster_count(5), roster_count(50)
    assert small == large <= 10, (small, large)
