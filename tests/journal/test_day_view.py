from datetime import date

import pytest
from django.test import Client

from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DAY = date(2025, 3, 10)
URL = "/journal/2025-03-10/"


@pytest.fixture
def full_day(athlete):
    workout = WorkoutFactory(athlete=athlete, date=DAY, title="Heavy legs", rpe=8, duration_min=45)
    squat = ExerciseFactory(name="Back squat")
    ExerciseSetFactory(workout=workout, exercise=squat, reps=5, load_kg=100, rir=2)
    return {
        "workout": workout,
        "sleep": SleepEntryFactory(athlete=athlete, date=DAY, quality=3),
        "meals": [
            MealFactory(athlete=athlete, date=DAY, protein_g=40, description="Oats"),
            MealFactory(athlete=athlete, date=DAY, protein_g=50, description="Steak"),
        ],
        "intake": IntakeFactory(athlete=athlete, date=DAY, category="caffeine", name="Espresso"),
        "checkin": CheckInFactory(athlete=athlete, date=DAY, soreness=6, body_mass_kg=75),
    }


def test_shows_every_entry_with_edit_and_delete_links(athlete_client, full_day):
    response = athlete_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Heavy legs",
        "Back squat: 5 × 100 kg, RIR 2",
        'session load 360 <a class="term" href="/glossary/#au">AU',
        "Oats",
        "Steak",
        "Espresso",
        "soreness 6/7",
        "8.0 h",
    ):
        assert text in html
    assert "protein 90 g (1.2 g/kg)" in html
    pk = full_day["workout"].pk
    assert f'href="/journal/workouts/{pk}/edit/"' in html
    assert f'href="/journal/workouts/{pk}/delete/"' in html
    assert f'href="/journal/sleep/{full_day["sleep"].pk}/edit/"' in html
    assert f'href="/journal/meals/{full_day["meals"][0].pk}/delete/"' in html
    assert f'href="/journal/intake/{full_day["intake"].pk}/edit/"' in html
    assert 'href="/checkin/?date=2025-03-10"' in html


def test_quick_add_links_carry_the_day(athlete_client):
    html = athlete_client.get(URL).content.decode()
    for path in ("workouts", "sleep", "meals", "intake"):
        assert f'href="/journal/{path}/new/?date=2025-03-10"' in html


def test_an_empty_day_says_so(athlete_client):
    html = athlete_client.get(URL).content.decode()
    assert "No workout: a rest day." in html
    assert "No check-in." in html


def test_times_are_shown_in_the_athletes_zone():
    athlete = AthleteFactory(timezone="America/New_York")
    WorkoutFactory(athlete=athlete, date=DAY)  # 12:00 UTC is 08:00 in New York (EDT)
    assert ", 08:00" in login(athlete).get(URL).content.decode()


def test_imperial_athlete_reads_pounds(imperial_athlete):
    workout = WorkoutFactory(athlete=imperial_athlete, date=DAY)
    ExerciseSetFactory(workout=workout, load_kg=100)
    CheckInFactory(athlete=imperial_athlete, date=DAY, body_mass_kg=80)
    html = login(imperial_athlete).get(URL).content.decode()
    assert "5 × 220.5 lb" in html
    assert "Body mass 176.4 lb" in html
    assert " kg" not in html


@pytest.mark.parametrize(
    "path", ["2025-02-30", "2025-13-01", "2025-3-1", "yesterday", "20250310", "0001-01-01"]
)
def test_a_malformed_date_is_404(athlete_client, path):
    assert athlete_client.get(f"/journal/{path}/").status_code == 404


def test_today_is_shown_and_tomorrow_is_404(athlete_client):
    assert athlete_client.get("/journal/2025-03-12/").status_code == 200
    assert athlete_client.get("/journal/2025-03-13/").status_code == 404


def test_tomorrow_in_utc_is_today_in_auckland():
    client = login(AthleteFactory(timezone="Pacific/Auckland"))
    assert client.get("/journal/2025-03-13/").status_code == 200
    assert client.get("/journal/2025-03-14/").status_code == 404


def test_another_athletes_entries_are_not_shown(athlete, outsider_client, full_day):
    html = outsider_client.get(URL).content.decode()
    assert "Heavy legs" not in html
    assert "Oats" not in html
    assert f"/journal/workouts/{full_day['workout'].pk}/" not in html


def test_a_fixed_number_of_queries(athlete_client, full_day, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        athlete_client.get(URL)


def test_anonymous_is_sent_to_log_in(client: Client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
