"""Sensible defaults and one-tap logging: usual times on a past day, the morning screen,
repeated and favourite meals, one-tap amounts and the day's water sum."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from journal import defaults, quick
from journal.models import CheckIn, FavouriteMeal, Intake, Meal, SleepEntry
from recovery.models import DayState
from tests.factories import (
    CheckInFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TODAY = date(2025, 3, 12)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_the_median_time_of_day_and_midnight_nights():
    tz = UTC
    day = date(2025, 3, 1)
    assert defaults.median_clock([], tz, 4) is None
    moments = [at(day, 7), at(day, 8), at(day, 18)]
    assert defaults.median_clock(moments, tz, 4) == time(8, 0)
    nights = [at(day, 23, 30), at(day, 0, 30)]  # either side of midnight: an hour apart
    assert defaults.median_clock(nights, tz, 12) == time(0, 0)


def test_a_past_day_starts_at_the_usual_time_and_today_at_now(athlete, athlete_client):
    for back, hour in ((3, 17), (4, 18), (5, 18), (6, 19)):
        day = TODAY - timedelta(days=back)
        WorkoutFactory(athlete=athlete, date=day, started_at=at(day, hour))
    assert defaults.default_time(
        athlete, TODAY - timedelta(days=1), WorkoutFactory._meta.model
    ) == time(18, 0)
    page = athlete_client.get("/journal/workouts/new/?date=2025-03-10").content.decode()
    assert 'value="18:00"' in page
    page = athlete_client.get("/journal/workouts/new/").content.decode()
    assert 'value="12:00"' in page  # today: now (the frozen clock)


def test_meals_and_intakes_default_to_their_usual_time(athlete, athlete_client):
    for back in (2, 3, 4):
        day = TODAY - timedelta(days=back)
        MealFactory(athlete=athlete, date=day, eaten_at=at(day, 13, 15))
        IntakeFactory(athlete=athlete, date=day, taken_at=at(day, 9, 30))
    assert (
        'value="13:15"'
        in athlete_client.get("/journal/meals/new/?date=2025-03-11").content.decode()
    )
    assert (
        'value="09:30"'
        in athlete_client.get("/journal/intake/new/?date=2025-03-11").content.decode()
    )


def test_a_first_entry_on_a_past_day_has_no_time_to_guess(athlete, athlete_client):
    page = athlete_client.get("/journal/meals/new/?date=2025-03-11").content.decode()
    assert 'name="time" value=' not in page


def test_a_new_night_starts_from_the_usual_bedtime_and_wake(athlete, athlete_client):
    for back, (bed, wake) in enumerate(
        [((22, 50), (6, 40)), ((23, 10), (7, 0)), ((23, 0), (6, 50))], 1
    ):
        day = TODAY - timedelta(days=back)
        SleepEntryFactory(
            athlete=athlete,
            date=day,
            bedtime=at(day - timedelta(days=1), *bed),
            wake_time=at(day, *wake),
        )
    assert defaults.sleep_defaults(athlete) == {"bedtime": time(23, 0), "wake_time": time(6, 50)}
    page = athlete_client.get("/journal/sleep/new/").content.decode()
    assert 'value="23:00"' in page and 'value="06:50"' in page


def morning_data(**fields) -> dict:
    return {
        "date": "2025-03-12",
        "sleep-bedtime": "23:00",
        "sleep-wake_time": "07:00",
        "sleep-quality": "",
        "sleep_quality": "2",
        "fatigue": "3",
        "stress": "3",
        "soreness": "4",
        "energy": "4",
    } | fields


def test_the_morning_screen_saves_the_night_and_the_check_in_together(athlete, athlete_client):
    page = athlete_client.get("/journal/morning/")
    assert page.status_code == 200 and 'value="23:00"' in page.content.decode()
    response = athlete_client.post("/journal/morning/", morning_data())
    assert response.status_code == 302
    night = SleepEntry.objects.get(athlete=athlete, date=TODAY)
    assert night.duration_h == 8
    assert night.quality == quick.rating_from_hooper(2) == 4
    assert CheckIn.objects.get(athlete=athlete, date=TODAY).fatigue == 3
    state = DayState.objects.get(athlete=athlete, date=TODAY)
    assert state.record["sleep"] is not None and state.record["checkin"] is not None
    athlete_client.post("/journal/morning/", morning_data(**{"sleep-bedtime": "22:30"}))
    assert SleepEntry.objects.get(athlete=athlete).duration_h == 8.5  # changed, not doubled


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sleep-wake_time": "07:00", "sleep-bedtime": "07:00"}, "The wake time is the same"),
        ({"sleep-bedtime": "25:00"}, "Enter a valid time."),
        ({"fatigue": "9"}, "Select a valid choice."),
        ({"sleep-bedtime": "23:\x0000"}, "Enter a valid time."),
        ({"sleep-resting_hr": "500"}, "Resting heart rate must be between 25 and 150 bpm."),
    ],
)
def test_bad_morning_input_saves_neither(athlete, athlete_client, fields, message):
    response = athlete_client.post("/journal/morning/", morning_data(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SleepEntry.objects.exists() and not CheckIn.objects.exists()


@pytest.mark.parametrize("day", ["2025-03-20", "1899-01-01", "99999-01-01", "2025-02-30"])
def test_a_morning_date_out_of_range_is_today(athlete, athlete_client, day):
    assert athlete_client.post("/journal/morning/", morning_data(date=day)).status_code == 302
    assert SleepEntry.objects.get(athlete=athlete).date == TODAY


def test_the_days_water_is_the_sum_of_what_was_logged_and_the_check_in_adds(
    athlete, athlete_client
):
    for what in ("water-500", "water-500", "water-250"):
        athlete_client.post("/journal/quick/add/", {"what": what, "client_id": uuid.uuid4()})
    assert quick.day_water_ml(athlete, TODAY) == 1250
    IntakeFactory(athlete=athlete, date=TODAY, amount=0.5, unit="l")
    assert quick.day_water_ml(athlete, TODAY) == 1750
    checkin = morning_data() | {"water_ml": "750"}
    checkin = {k: v for k, v in checkin.items() if not k.startswith("sleep-")}
    assert athlete_client.post("/checkin/", checkin).status_code == 302
    assert quick.day_water_ml(athlete, TODAY) == 2500
    state = DayState.objects.get(athlete=athlete, date=TODAY)
    assert state.metrics["water_ml"] == 2500  # added to, not replaced by, the check-in
    athlete_client.post("/checkin/", checkin | {"water_ml": "1000"})  # a second save: no double
    assert quick.day_water_ml(athlete, TODAY) == 2750
    athlete_client.post("/checkin/", checkin | {"water_ml": ""})  # empty: kept
    assert quick.day_water_ml(athlete, TODAY) == 2750
    athlete_client.post("/checkin/", checkin | {"water_ml": "0"})  # 0: none from the check-in
    assert quick.day_water_ml(athlete, TODAY) == 1750
    panel = athlete_client.get("/journal/quick/").content.decode()
    assert "1750 ml" in panel and "the check-in's water adds to it" in panel


def test_one_tap_amounts_are_logged_once_per_client_id(athlete, athlete_client):
    client_id = uuid.uuid4()
    for _ in range(3):
        athlete_client.post("/journal/quick/add/", {"what": "coffee", "client_id": client_id})
    coffee = Intake.objects.get(athlete=athlete)
    assert (coffee.category, coffee.name, coffee.amount, coffee.unit) == (
        "caffeine",
        "Coffee",
        1,
        "serving",
    )
    response = athlete_client.post(
        "/journal/quick/add/", {"what": "whisky"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert Intake.objects.count() == 1


def test_repeat_one_of_the_last_meals_with_its_macros(athlete, athlete_client):
    day = TODAY - timedelta(days=1)
    macros = {"protein_g": 25, "carbs_g": 70, "fat_g": 10, "kcal": 470}
    oats = MealFactory(
        athlete=athlete,
        date=day,
        kind="breakfast",
        description="Oats",
        eaten_at=at(day, 7, 30),
        **macros,
    )
    panel = athlete_client.get("/journal/quick/").content.decode()
    assert "Repeat breakfast: Oats" in panel
    client_id = uuid.uuid4()
    for _ in range(2):
        athlete_client.post("/journal/quick/meal/", {"meal": oats.pk, "client_id": client_id})
    again = Meal.objects.get(athlete=athlete, date=TODAY)
    assert (again.protein_g, again.carbs_g, again.fat_g, again.kcal) == (25, 70, 10, 470)
    assert again.eaten_at == at(TODAY, 7, 30)  # its usual time, which has passed today


def test_the_recent_meals_are_the_last_ten_distinct(athlete):
    for back in range(1, 15):
        MealFactory(athlete=athlete, date=TODAY - timedelta(days=back), description=f"Meal {back}")
    MealFactory(athlete=athlete, date=TODAY, description="Meal 1")
    names = [meal.description for meal in quick.recent_meals(athlete)]
    assert names == [f"Meal {n}" for n in range(1, 11)]


def test_favourite_meals(athlete, athlete_client):
    meal = MealFactory(athlete=athlete, date=TODAY, description="Chicken and rice")
    athlete_client.post("/journal/quick/meal/", {"meal": meal.pk, "keep": "1"})
    athlete_client.post("/journal/quick/meal/", {"meal": meal.pk, "keep": "1"})
    favourite = FavouriteMeal.objects.get(athlete=athlete)
    athlete_client.post(
        "/journal/quick/meal/", {"favourite": favourite.pk, "client_id": uuid.uuid4()}
    )
    assert Meal.objects.filter(athlete=athlete, description="Chicken and rice").count() == 2
    athlete_client.post(f"/journal/quick/favourites/{favourite.pk}/delete/")
    assert not FavouriteMeal.objects.exists()


def test_someone_elses_meal_or_favourite_is_not_repeated(athlete, outsider_client, coach_client):
    meal = MealFactory(athlete=athlete, date=TODAY)
    favourite = FavouriteMeal.objects.create(athlete=athlete, description="Mine", kcal=500)
    for client in (outsider_client, coach_client):
        assert client.post("/journal/quick/meal/", {"meal": meal.pk}).status_code == 404
        client.post("/journal/quick/meal/", {"favourite": favourite.pk})
        assert client.post(f"/journal/quick/favourites/{favourite.pk}/delete/").status_code == 404
    assert Meal.objects.count() == 1 and FavouriteMeal.objects.count() == 1


def test_an_old_check_in_total_still_shows_and_moves_to_the_intakes_on_save(
    athlete, athlete_client
):
    CheckInFactory(athlete=athlete, date=TODAY, water_ml=2000)
    IntakeFactory(athlete=athlete, date=TODAY, amount=500)
    assert 'value="2000"' in athlete_client.get("/checkin/").content.decode()
    checkin = {k: v for k, v in morning_data().items() if not k.startswith("sleep-")}
    athlete_client.post("/checkin/", checkin | {"water_ml": "2000"})
    assert CheckIn.objects.get(athlete=athlete).water_ml is None
    assert DayState.objects.get(athlete=athlete, date=TODAY).metrics["water_ml"] == 2500


def test_without_htmx_a_tap_goes_back_to_a_page_of_this_site_only(athlete, athlete_client):
    data = {"what": "water-250", "client_id": uuid.uuid4()}
    response = athlete_client.post("/journal/quick/add/", data | {"next": "https://evil.example/"})
    assert response["Location"] == "/today/"
    data["client_id"] = uuid.uuid4()
    response = athlete_client.post("/journal/quick/add/", data | {"next": "/journal/2025-03-10/"})
    assert response["Location"] == "/journal/2025-03-10/"
