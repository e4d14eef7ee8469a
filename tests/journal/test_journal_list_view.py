from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = date(2025, 3, 12)


def rows_by_day(response) -> dict:
    return {row["date"]: row for row in response.context["days"]}


def test_thirty_days_newest_first_each_linking_to_its_page(athlete, athlete_client):
    WorkoutFactory(athlete=athlete, date=TODAY - timedelta(days=40))
    response = athlete_client.get("/journal/")
    assert response.status_code == 200
    days = [row["date"] for row in response.context["days"]]
    assert len(days) == 30
    assert days[0] == TODAY
    assert days[-1] == TODAY - timedelta(days=29)
    html = response.content.decode()
    assert 'href="/journal/2025-03-12/"' in html
    assert 'href="/journal/2025-02-11/"' in html
    assert 'href="/journal/2025-02-10/"' not in html


def test_each_day_sums_its_entries(athlete, athlete_client):
    day = TODAY - timedelta(days=2)
    WorkoutFactory(athlete=athlete, date=day, rpe=6, duration_min=60)
    WorkoutFactory(athlete=athlete, date=day, rpe=3, duration_min=30)
    SleepEntryFactory(athlete=athlete, date=day)
    MealFactory(athlete=athlete, date=day, protein_g=60)
    MealFactory(athlete=athlete, date=day, protein_g=45)
    IntakeFactory(athlete=athlete, date=day, amount=500)
    IntakeFactory(athlete=athlete, date=day, amount=1, unit="l")
    IntakeFactory(athlete=athlete, date=day, category="caffeine", amount=80, unit="mg")
    CheckInFactory(athlete=athlete, date=day)
    row = rows_by_day(athlete_client.get("/journal/"))[day]
    assert row["load_au"] == 6 * 60 + 3 * 30
    assert row["sessions"] == 2
    assert row["sleep_h"] == 8
    assert row["protein_g_per_kg"] == pytest.approx(105 / 75)
    assert row["water_ml"] == 1500
    assert row["checked_in"] is True


def test_days_before_the_first_journal_day_are_not_listed_as_rest(athlete, athlete_client):
    """A new athlete's journal starts on their first day, not 30 days of dashes before it."""
    response = athlete_client.get("/journal/")
    assert [row["date"] for row in response.context["days"]] == [TODAY]
    assert 'data-testid="nothing-logged"' in response.content.decode()

    SleepEntryFactory(athlete=athlete, date=TODAY - timedelta(days=4))
    response = athlete_client.get("/journal/")
    days = [row["date"] for row in response.context["days"]]
    assert days == [TODAY - timedelta(days=n) for n in range(5)]
    assert 'data-testid="nothing-logged"' not in response.content.decode()


def test_an_empty_day_shows_nothing_logged(athlete_client):
    row = rows_by_day(athlete_client.get("/journal/"))[TODAY]
    assert row == {
        "date": TODAY,
        "url": f"/journal/{TODAY.isoformat()}/",
        "load_au": None,
        "sessions": 0,
        "sleep_h": None,
        "protein_g_per_kg": None,
        "water_ml": None,
        "checked_in": False,
    }


def test_the_check_in_water_adds_to_the_logged_and_its_body_mass_carries_forward(
    athlete, athlete_client
):
    CheckInFactory(athlete=athlete, date=TODAY - timedelta(days=40), body_mass_kg=100)
    CheckInFactory(athlete=athlete, date=TODAY - timedelta(days=3), body_mass_kg=80, water_ml=2500)
    IntakeFactory(athlete=athlete, date=TODAY - timedelta(days=3), amount=300)
    MealFactory(athlete=athlete, date=TODAY - timedelta(days=5), protein_g=100)
    MealFactory(athlete=athlete, date=TODAY - timedelta(days=1), protein_g=160)
    rows = rows_by_day(athlete_client.get("/journal/"))
    assert rows[TODAY - timedelta(days=3)]["water_ml"] == 2800
    assert rows[TODAY - timedelta(days=5)]["protein_g_per_kg"] == 1.0  # the 100 kg from before
    assert rows[TODAY - timedelta(days=1)]["protein_g_per_kg"] == 2.0  # the 80 kg since


def test_days_are_the_athletes_local_days():
    athlete = AthleteFactory(timezone="Pacific/Auckland")  # already 13 March there
    WorkoutFactory(athlete=athlete, date=date(2025, 3, 13))
    rows = login(athlete).get("/journal/").context["days"]
    assert rows[0]["date"] == date(2025, 3, 13)
    assert rows[0]["load_au"] == 360


def test_only_the_athletes_own_entries_count(athlete, athlete_client):
    WorkoutFactory(date=TODAY)  # someone else's
    WorkoutFactory(athlete=athlete, date=TODAY - timedelta(days=31))  # too old
    assert all(row["load_au"] is None for row in athlete_client.get("/journal/").context["days"])


def test_a_fixed_number_of_queries_whatever_the_data(
    athlete, athlete_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10) as few:
        athlete_client.get("/journal/")
    for offset in range(30):
        day = TODAY - timedelta(days=offset)
        WorkoutFactory(athlete=athlete, date=day)
        SleepEntryFactory(athlete=athlete, date=day)
        MealFactory(athlete=athlete, date=day)
        IntakeFactory(athlete=athlete, date=day)
        CheckInFactory(athlete=athlete, date=day, body_mass_kg=70)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = athlete_client.get("/journal/")
    assert all(row["checked_in"] for row in response.context["days"])


def test_anonymous_is_sent_to_log_in(client: Client):
    response = client.get("/journal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_an_athlete_profile_gets_404(coach_client):
    assert coach_client.get("/journal/").status_code == 404


def test_sleep_hours_come_from_aware_times(athlete, athlete_client):
    SleepEntryFactory(
        athlete=athlete,
        date=TODAY,
        bedtime=datetime(2025, 3, 11, 22, 30, tzinfo=UTC),
        wake_time=datetime(2025, 3, 12, 6, 0, tzinfo=UTC),
    )
    assert rows_by_day(athlete_client.get("/journal/"))[TODAY]["sleep_h"] == 7.5


def test_older_days_are_reached_30_at_a_time_or_by_date(athlete, athlete_client):
    """Imported history lies years back: the journal pages to it, and a date takes you there."""
    WorkoutFactory(athlete=athlete, date=TODAY)
    assert athlete_client.get("/journal/").context["older_until"] is None  # nothing older yet
    WorkoutFactory(athlete=athlete, date=date(2024, 6, 1), title="Old session")
    first_page = athlete_client.get("/journal/")
    assert first_page.context["older_until"] == TODAY - timedelta(days=30)
    assert 'data-testid="older-days"' in first_page.content.decode()

    response = athlete_client.get("/journal/", {"until": "2024-06-10"})
    assert response.status_code == 200
    days = [row["date"] for row in response.context["days"]]
    assert days[0] == date(2024, 6, 10) and days[-1] == date(2024, 6, 1)  # the first day
    assert rows_by_day(response)[date(2024, 6, 1)]["sessions"] == 1
    html = response.content.decode()
    assert "1 Jun 2024 to 10 Jun 2024" in html
    assert 'href="?until=2024-07-10"' in html  # newer days
    assert 'justify-content-start" href="/journal/2024-06-10/">Mon 10 Jun 2024<' in html


@pytest.mark.parametrize("until", ["yesterday", "2024-13-01", "1989-12-31", "2024-06-01\x00"])
def test_a_day_that_cant_be_read_is_a_400(athlete_client, until):
    athlete_client.raise_request_exception = False
    response = athlete_client.get("/journal/", {"until": until})
    assert response.status_code == 400


def test_the_coach_pages_through_the_athletes_journal_too(athlete):
    from tests.factories import CoachLinkFactory

    WorkoutFactory(athlete=athlete, date=date(2024, 6, 1))
    coach = login_user(CoachLinkFactory(athlete=athlete).coach)
    base = f"/coach/athletes/{athlete.public_id}/journal/"
    response = coach.get(base, {"until": "2024-06-10"})
    assert rows_by_day(response)[date(2024, 6, 1)]["sessions"] == 1
    assert f'href="{base}2024-06-01/"' in response.content.decode()


def login_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
