import pytest

from journal.models import Athlete

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Ada",
    "body_mass": "80",
    "focus": "endurance",
    "goal": "perform",
    "sleep_target_h": "8.5",
    "protein_target_g_per_kg": "",
    "water_target_ml_per_kg": "40",
    "kcal_target": "",
    "timezone": "Europe/London",
    "units": "metric",
    "weekly_digest": "on",
}


def test_settings_saves_profile_and_targets(athlete, athlete_client):
    response = athlete_client.post("/settings/", VALID)
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.sleep_target_h == 8.5
    assert athlete.water_target_ml_per_kg == 40
    assert athlete.protein_target == 1.2  # empty: the endurance default
    assert athlete.weekly_digest is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sleep_target_h", "6.9", "Sleep target must be between 7 and 9 hours."),
        ("sleep_target_h", "9.1", "Sleep target must be between 7 and 9 hours."),
        ("protein_target_g_per_kg", "0.7", "Protein target must be between 0.8 and 3.0 g/kg."),
        ("protein_target_g_per_kg", "3.1", "Protein target must be between 0.8 and 3.0 g/kg."),
        ("water_target_ml_per_kg", "19", "Water target must be between 20 and 70 ml/kg."),
        ("kcal_target", "900", "Energy target must be between 1000 and 6000 kcal."),
        ("body_mass", "301", "Body mass must be between 25 and 300 kg."),
        ("timezone", "Nowhere/Land", "Select a valid choice"),
    ],
)
def test_settings_rejects_out_of_range_values_beside_the_field(
    athlete, athlete_client, field, value, message
):
    response = athlete_client.post("/settings/", VALID | {field: value})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    athlete.refresh_from_db()
    assert athlete.display_name != "Ada"  # nothing saved


@pytest.mark.parametrize(("field", "value"), [("sleep_target_h", "7"), ("sleep_target_h", "9")])
def test_settings_accepts_the_bounds(athlete_client, field, value):
    assert athlete_client.post("/settings/", VALID | {field: value}).status_code == 302


def test_imperial_athlete_sees_and_enters_pounds(athlete, athlete_client):
    athlete.units = Athlete.Units.IMPERIAL
    athlete.save()
    response = athlete_client.get("/settings/")
    assert response.context["form"]["body_mass"].value() == pytest.approx(165.3, abs=0.1)
    athlete_client.post("/settings/", VALID | {"units": "imperial", "body_mass": "176.4"})
    athlete.refresh_from_db()
    assert athlete.body_mass_kg == pytest.approx(80.01, abs=0.01)


def test_settings_needs_login(client):
    response = client.get("/settings/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_account_without_a_journal_starts_one_from_settings(db):
    from django.test import Client

    from tests.factories import UserFactory

    coach = UserFactory(username="coach-kim", first_name="Kim", last_name="Lee")
    client = Client()
    client.force_login(coach)
    page = client.get("/settings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "This account has no journal of its own yet." in html
    assert "Start my journal" in html
    assert page.context["form"]["display_name"].value() == "Kim Lee"
    assert 'data-browser-timezone="true"' in html  # preselected as at sign-up
    assert 'href="/today/"' not in html  # no journal yet: the navigation offers none
    assert client.get("/today/")["Location"] == "/settings/"  # no journal yet: start one

    bad = client.post("/settings/", VALID | {"body_mass": "12"})
    assert bad.status_code == 400
    assert "Body mass must be between 25 and 300 kg." in bad.content.decode()
    assert 'href="/today/"' not in bad.content.decode()
    assert "data-browser-timezone" not in bad.content.decode()  # keeps the zone chosen
    assert not Athlete.objects.exists()

    response = client.post("/settings/", VALID, follow=True)
    assert response.redirect_chain == [("/today/", 302)]
    assert "Your journal is ready." in response.content.decode()
    athlete = Athlete.objects.get(user=coach)
    assert (athlete.display_name, athlete.body_mass_kg, athlete.timezone) == (
        "Ada",
        80,
        "Europe/London",
    )
    again = client.get("/settings/")
    assert "Save settings" in again.content.decode()
    assert "no journal of its own" not in again.content.decode()


def test_time_zones_offer_common_ones_first_and_no_legacy_aliases(athlete_client, athlete):
    from journal.forms import COMMON_ZONES

    form = athlete_client.get("/settings/").context["form"]
    groups = form.fields["timezone"].choices
    assert groups[0][0] == "Common"
    assert [value for value, _ in groups[0][1]] == list(COMMON_ZONES)
    every = [value for _, options in groups for value, _ in options]
    assert "US/Eastern" not in every and "Etc/GMT+5" not in every and "GB" not in every
    # Old names under a region are aliases of a current zone: only the current name is listed.
    for alias, current in [("Asia/Calcutta", "Asia/Kolkata"), ("Europe/Kiev", "Europe/Kyiv")]:
        assert alias not in every and current in every
    assert "Europe/Oslo" in every and "America/Argentina/Buenos_Aires" in every
    assert len(groups[1][1]) < 500  # of the ~600 names zoneinfo knows


def test_an_athlete_on_a_legacy_zone_keeps_it_offered(athlete):
    from journal.forms import ProfileForm

    athlete.timezone = "US/Eastern"
    athlete.save()
    groups = ProfileForm(instance=athlete).fields["timezone"].choices
    assert groups[0] == ("Yours", [("US/Eastern", "US/Eastern")])
