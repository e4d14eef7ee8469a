import pytest
from django.core import mail

from journal.models import Athlete
from tests.factories import PASSWORD, AthleteFactory, CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "kim",
    "email": "kim@example.com",
    "display_name": "Kim",
    "body_mass": "70",
    "focus": "strength",
    "goal": "gain_muscle",
    "timezone": "Europe/Paris",
    "units": "metric",
    "password1": "a-good-long-password",
    "password2": "a-good-long-password",
}


def test_signup_creates_user_and_athlete_and_logs_in(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    athlete = Athlete.objects.get(user__username="kim")
    assert (athlete.display_name, athlete.body_mass_kg, athlete.timezone) == (
        "Kim",
        70,
        "Europe/Paris",
    )
    assert athlete.protein_target == 1.6  # the strength default
    assert client.get("/today/").status_code == 200


def test_signup_imperial_mass_is_stored_in_kg(client):
    client.post("/accounts/signup/", SIGNUP | {"units": "imperial", "body_mass": "165"})
    assert Athlete.objects.get().body_mass_kg == pytest.approx(74.84, abs=0.01)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body_mass", "10", "Body mass must be between 25 and 300 kg."),
        ("body_mass", "abc", "Enter a number."),
        ("timezone", "Mars/Olympus", "Select a valid choice"),
        ("email", "not-an-email", "Enter a valid email address."),
        ("password2", "different-password", "password fields didn"),
    ],
)
def test_signup_rejects_bad_input_beside_the_field(client, field, value, message):
    response = client.post("/accounts/signup/", SIGNUP | {field: value})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert not Athlete.objects.exists()


def test_the_browsers_zone_is_offered_first_and_a_redrawn_form_keeps_the_chosen_one(client):
    assert 'data-browser-timezone="true"' in client.get("/accounts/signup/").content.decode()
    redrawn = client.post("/accounts/signup/", SIGNUP | {"body_mass": "10"}).content.decode()
    assert "data-browser-timezone" not in redrawn
    assert '<option value="Europe/Paris" selected>' in redrawn


def test_signup_rejects_an_email_already_in_use(client):
    AthleteFactory(user__email="kim@example.com")
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 400
    assert "already uses this e-mail" in str(response.context["form"].errors["email"])


def test_login_and_logout(client):
    athlete = AthleteFactory(user__username="lee")
    response = client.post("/accounts/login/", {"username": "lee", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/today/").context["athlete"] == athlete
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/today/").status_code == 302


def test_login_with_a_wrong_password_says_so(client):
    AthleteFactory(user__username="lee")
    response = client.post("/accounts/login/", {"username": "lee", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_password_reset_sends_an_email(client):
    AthleteFactory(user__email="reset@example.com")
    response = client.post("/accounts/password_reset/", {"email": "reset@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_home_sends_visitors_to_landing_and_athletes_to_today(client, athlete_client):
    assert b"Create your journal" in client.get("/").content
    assert athlete_client.get("/")["Location"] == "/today/"


def test_accounts_without_a_journal_land_where_they_fit(client, db):
    """Staff land in admin, a coach on the roster, anyone else on Settings, which offers a
    journal; /today/ and admin's "View site" (/) send them there too, never to a 404."""
    staff = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    link = CoachLinkFactory()  # the coach is a user without a journal
    plain = UserFactory(username="nobody")
    for user, landing in ((staff, "/admin/"), (link.coach, "/coach/"), (plain, "/settings/")):
        client.force_login(user)
        assert client.get("/")["Location"] == landing
        assert client.get("/today/")["Location"] == landing
        assert client.get(landing).status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "staffer", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    client.force_login(plain)
    assert "no journal of its own yet" in client.get("/settings/").content.decode()


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
