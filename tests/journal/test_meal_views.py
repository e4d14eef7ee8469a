from datetime import UTC, date, datetime

import pytest
from django.test import Client

from journal.models import Meal
from tests.factories import AthleteFactory, MealFactory
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def meal_data(**fields) -> dict:
    return {
        "date": "2025-03-12",
        "time": "12:30",
        "kind": "lunch",
        "description": "Chicken and rice",
        "protein_g": "45",
        "carbs_g": "90",
        "fat_g": "15",
        "kcal": "",
    } | fields


def test_new_form_starts_now_on_today(athlete_client):
    response = athlete_client.get("/journal/meals/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["date"].value() == date(2025, 3, 12)
    assert form["time"].value().strftime("%H:%M") == "12:00"
    assert b'inputmode="decimal"' in response.content


def test_kcal_left_empty_is_worked_out_from_the_macros(athlete, athlete_client):
    response = athlete_client.post("/journal/meals/new/", meal_data())
    assert response.status_code == 302
    assert response["Location"] == "/journal/2025-03-12/"
    meal = Meal.objects.get(athlete=athlete)
    assert meal.kcal == 4 * 45 + 4 * 90 + 9 * 15
    assert meal.eaten_at == datetime(2025, 3, 12, 12, 30, tzinfo=UTC)


def test_kcal_given_is_kept(athlete_client):
    athlete_client.post("/journal/meals/new/", meal_data(kcal="700"))
    assert Meal.objects.get().kcal == 700


def test_empty_macros_count_as_zero(athlete_client):
    response = athlete_client.post(
        "/journal/meals/new/", meal_data(protein_g="", carbs_g="", fat_g="", kcal="")
    )
    assert response.status_code == 302
    meal = Meal.objects.get()
    assert (meal.protein_g, meal.carbs_g, meal.fat_g, meal.kcal) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("protein_g", "400", None),
        ("protein_g", "400.1", "Protein must be between 0 and 400 g."),
        ("protein_g", "-1", "Protein must be between 0 and 400 g."),
        ("protein_g", "0", None),
        ("carbs_g", "-0.1", "Carbohydrate must be between 0 and 1000 g."),
        ("fat_g", "500.5", "Fat must be between 0 and 500 g."),
        ("kcal", "-5", "Energy must be between 0 and 10000 kcal."),
        ("kcal", "10000", None),
        ("kcal", "nan", "Enter a number."),
        ("time", "noon", "Enter a valid time."),
        ("kind", "brunch", "Select a valid choice. brunch is not one of the available choices."),
    ],
)
def test_bounds(athlete_client, field, value, message):
    response = athlete_client.post("/journal/meals/new/", meal_data(**{field: value}))
    if message is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert message in response.context["form"].errors[field]
        assert not Meal.objects.exists()


def test_macros_that_add_up_past_10000_kcal_are_refused(athlete_client):
    data = meal_data(protein_g="400", carbs_g="1000", fat_g="500")
    response = athlete_client.post("/journal/meals/new/", data)
    assert response.status_code == 400
    assert "more than 10000 kcal" in response.context["form"].errors["kcal"][0]


def test_a_future_date_in_the_athletes_zone_is_refused():
    auckland = login(AthleteFactory(timezone="Pacific/Auckland"))
    assert auckland.post("/journal/meals/new/", meal_data(date="2025-03-13")).status_code == 302
    response = auckland.post("/journal/meals/new/", meal_data(date="2025-03-14"))
    assert response.status_code == 400
    assert response.context["form"].errors["date"] == ["This date is in the future."]


def test_edit_and_an_invalid_edit_loses_nothing(athlete, athlete_client):
    meal = MealFactory(athlete=athlete, date=date(2025, 3, 11), protein_g=30)
    url = f"/journal/meals/{meal.pk}/edit/"
    response = athlete_client.get(url)
    assert response.context["form"]["date"].value() == date(2025, 3, 11)
    assert athlete_client.post(url, meal_data(protein_g="500")).status_code == 400
    meal.refresh_from_db()
    assert meal.protein_g == 30
    assert athlete_client.post(url, meal_data(protein_g="55")).status_code == 302
    meal.refresh_from_db()
    assert (meal.protein_g, meal.date) == (55, date(2025, 3, 12))


def test_delete(athlete, athlete_client):
    meal = MealFactory(athlete=athlete, date=date(2025, 3, 9))
    assert athlete_client.get(f"/journal/meals/{meal.pk}/delete/").status_code == 200
    response = athlete_client.post(f"/journal/meals/{meal.pk}/delete/")
    assert response["Location"] == "/journal/2025-03-09/"
    assert not Meal.objects.exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_and_coaches_get_404(athlete, outsider_client, coach_client, action, method):
    meal = MealFactory(athlete=athlete)
    for client in (outsider_client, coach_client):
        response = getattr(client, method)(f"/journal/meals/{meal.pk}/{action}/", meal_data())
        assert response.status_code == 404
    assert Meal.objects.filter(pk=meal.pk, protein_g=40).exists()


@pytest.mark.parametrize(
    "url", ["/journal/meals/new/", "/journal/meals/1/edit/", "/journal/meals/1/delete/"]
)
def test_anonymous_is_sent_to_log_in(client: Client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_meal_is_refused_not_saved_as_a_0_kcal_lunch(athlete_client):
    empty = meal_data(description="  ", protein_g="", carbs_g="", fat_g="", kcal="")
    response = athlete_client.post("/journal/meals/new/", empty)
    assert response.status_code == 400
    assert "Say what you ate, or give its kcal" in response.content.decode()
    assert not Meal.objects.exists()
    named_only = meal_data(protein_g="", carbs_g="", fat_g="", kcal="")
    assert athlete_client.post("/journal/meals/new/", named_only).status_code == 302
