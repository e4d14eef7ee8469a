from datetime import UTC, date, datetime

import pytest
from django.test import Client

from journal.models import Intake
from tests.factories import AthleteFactory, IntakeFactory
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def intake_data(**fields) -> dict:
    return {
        "date": "2025-03-12",
        "time": "08:15",
        "category": "caffeine",
        "name": "Espresso",
        "amount": "80",
        "unit": "mg",
    } | fields


def test_logs_an_intake_with_its_local_time(athlete, athlete_client):
    response = athlete_client.post("/journal/intake/new/", intake_data())
    assert response.status_code == 302
    assert response["Location"] == "/journal/2025-03-12/"
    intake = Intake.objects.get(athlete=athlete)
    assert (intake.category, intake.name, intake.amount, intake.unit) == (
        "caffeine",
        "Espresso",
        80,
        "mg",
    )
    assert intake.taken_at == datetime(2025, 3, 12, 8, 15, tzinfo=UTC)


def test_the_form_gives_no_dosing_advice(athlete_client):
    response = athlete_client.get("/journal/intake/new/")
    assert response.status_code == 200
    assert b"no dosing advice" in response.content
    for category in ("water", "caffeine", "alcohol", "supplement", "other"):
        assert f'value="{category}"'.encode() in response.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "10000", None),
        ("amount", "-1", "Amount can't be negative."),
        ("amount", "-0.01", "Amount can't be negative."),
        ("amount", "10000.5", "Amount must be at most 10000."),
        ("amount", "", "This field is required."),
        (
            "category",
            "medicine",
            "Select a valid choice. medicine is not one of the available choices.",
        ),
        ("unit", "pints", "Select a valid choice. pints is not one of the available choices."),
        ("date", "2025-03-13", "This date is in the future."),
        ("date", "1850-01-01", "Enter a date from 1990 on."),
        ("date", "1989-12-31", "Enter a date from 1990 on."),
        ("date", "1990-01-01", None),
        ("amount", "0", "Enter an amount above 0."),
        ("unit", "ml", "Caffeine is logged in mg or serving(s)."),
    ],
)
def test_bounds(athlete_client, field, value, message):
    check_intake(athlete_client, {field: value}, field, message)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"category": "water", "unit": "mg"}, "unit", "Water is logged in ml or litres."),
        ({"category": "water", "unit": "l", "amount": "10"}, None, None),
        ({"category": "water", "unit": "l", "amount": "10.5"}, "amount", "at most 10 litres"),
        ({"category": "water", "unit": "ml", "amount": "10001"}, "amount", "at most 10000"),
        ({"category": "supplement", "unit": "g", "amount": "5"}, None, None),
    ],
)
def test_units_and_amounts_that_fit_the_category(athlete_client, fields, field, message):
    check_intake(athlete_client, fields, field, message)


def check_intake(athlete_client, fields, field, message):
    response = athlete_client.post("/journal/intake/new/", intake_data(**fields))
    if message is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert any(message in error for error in response.context["form"].errors[field])
        assert not Intake.objects.exists()


def test_today_in_auckland_is_tomorrow_in_utc():
    auckland = login(AthleteFactory(timezone="Pacific/Auckland"))
    response = auckland.post("/journal/intake/new/", intake_data(date="2025-03-13", time="00:30"))
    assert response.status_code == 302
    assert Intake.objects.get().taken_at == datetime(2025, 3, 12, 11, 30, tzinfo=UTC)


def test_edit_and_delete(athlete, athlete_client):
    intake = IntakeFactory(athlete=athlete, date=date(2025, 3, 11))
    url = f"/journal/intake/{intake.pk}/edit/"
    assert athlete_client.get(url).context["form"]["amount"].value() == 500
    response = athlete_client.post(url, intake_data(category="water", amount="1.5", unit="l"))
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.water_ml == 1500
    response = athlete_client.post(f"/journal/intake/{intake.pk}/delete/")
    assert response["Location"] == "/journal/2025-03-12/"
    assert not Intake.objects.exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_and_coaches_get_404(athlete, outsider_client, coach_client, action, method):
    intake = IntakeFactory(athlete=athlete)
    for client in (outsider_client, coach_client):
        response = getattr(client, method)(f"/journal/intake/{intake.pk}/{action}/", intake_data())
        assert response.status_code == 404
    assert Intake.objects.filter(pk=intake.pk, amount=500).exists()


@pytest.mark.parametrize(
    "url", ["/journal/intake/new/", "/journal/intake/1/edit/", "/journal/intake/1/delete/"]
)
def test_anonymous_is_sent_to_log_in(client: Client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
