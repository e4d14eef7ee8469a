"""Rebound in German and Spanish: chosen by the browser, by the landing page's chooser (a
cookie) or by the signed-in user's saved preference, which wins and follows them."""

import re

import pytest
from django.test import Client

from journal.language import SESSION_KEY, LanguagePreference
from tests.conftest import client_for
from tests.factories import AthleteFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db

# A few words from base.html and the readiness card on Today, per language.
TODAY = {
    "de": ['<html lang="de"', ">Heute</a>", ">Tagebuch</a>", ">Bereitschaft</h2>"],
    "es": ['<html lang="es"', ">Hoy</a>", ">Diario</a>", ">Disposición</h2>"],
}
CHECKIN = {
    "de": ['<html lang="de"', ">Heute</a>", ">Abmelden</button>", "Check-in speichern"],
    "es": ['<html lang="es"', ">Hoy</a>", ">Cerrar sesión</button>", "Guardar check-in"],
}


def page(client: Client, path: str, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["de", "es"])
def test_today_and_the_check_in_follow_the_browsers_language(athlete, language):
    fill_journal(athlete, "strength", weeks=2)
    client = client_for(athlete.user)
    header = {"HTTP_ACCEPT_LANGUAGE": f"{language},en;q=0.5"}
    today = page(client, "/today/", **header)
    for text in TODAY[language]:
        assert text in today
    assert ">Readiness</h2>" not in today
    checkin = page(client, "/checkin/", **header)
    for text in CHECKIN[language]:
        assert text in checkin
    assert client.get("/today/", **header)["Content-Language"] == language


def test_english_stays_the_default():
    client = client_for(AthleteFactory().user)
    html = page(client, "/today/")
    assert '<html lang="en-gb"' in html and ">Today</a>" in html
    assert page(client, "/today/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr")  # unknown: English
    assert ">Today</a>" in page(client, "/today/", HTTP_ACCEPT_LANGUAGE="en-US")


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_saved_preference_beats_the_browser_and_applies_at_log_in(language):
    athlete = AthleteFactory()
    LanguagePreference.objects.create(user=athlete.user, language=language)
    client = client_for(athlete.user)  # logging in copies the preference into the session
    assert client.session[SESSION_KEY] == language
    for path, words in (("/today/", TODAY), ("/checkin/", CHECKIN)):
        html = page(client, path, HTTP_ACCEPT_LANGUAGE="en-GB,en")
        for text in words[language]:
            assert text in html


def test_the_settings_page_saves_the_language_and_redraws_in_it(athlete_client, athlete):
    html = page(athlete_client, "/settings/language/")
    assert 'value="es"' in html and "Español" in html and "Deutsch" in html
    response = athlete_client.post("/settings/language/", {"language": "es"}, follow=True)
    assert response.redirect_chain[-1][0] == "/settings/language/"
    html = response.content.decode()
    assert "Idioma guardado." in html and '<html lang="es"' in html
    assert LanguagePreference.objects.get(user=athlete.user).language == "es"
    assert athlete_client.cookies["django_language"].value == "es"
    assert ">Hoy</a>" in page(athlete_client, "/today/")
    assert athlete_client.post("/settings/language/", {"language": "xx"}).status_code == 400


def test_the_settings_page_needs_a_log_in():
    response = Client().get("/settings/language/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_other_settings_tabs_link_to_it(athlete_client):
    for path in ("/settings/sharing/", "/settings/reminders/", "/settings/tokens/"):
        assert 'href="/settings/language/"' in page(athlete_client, path)


def test_a_visitor_picks_a_language_on_the_landing_page():
    client = Client(enforce_csrf_checks=True)
    html = page(client, "/")
    assert 'action="/i18n/setlang/"' in html and 'name="csrfmiddlewaretoken"' in html
    for name in ("English", "Deutsch", "Español"):  # each language in its own name
        assert f">{name}</option>" in html
    token = client.cookies["csrftoken"].value
    assert client.post("/i18n/setlang/", {"language": "de", "next": "/"}).status_code == 403
    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    html = page(client, "/")
    assert '<html lang="de"' in html and "Trainieren, dann erholen" in html


def test_log_out_keeps_the_cookie_language(athlete_client):
    athlete_client.post("/settings/language/", {"language": "de"})
    athlete_client.post("/accounts/logout/")
    assert SESSION_KEY not in athlete_client.session
    assert '<html lang="de"' in page(athlete_client, "/accounts/login/")


@pytest.mark.parametrize(
    ("language", "heading", "day"),
    [
        ("de", "Woche", r"\d{1,2}\. (Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)"),
        ("es", "Semana", r"(?i)\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)"),
    ],
)
def test_the_week_writes_numbers_and_dates_the_locales_way(athlete, language, heading, day):
    fill_journal(athlete, "steady", weeks=3)
    html = page(client_for(athlete.user), "/week/", HTTP_ACCEPT_LANGUAGE=language)
    assert f">{heading} " in html
    assert re.search(day, html), "the week's dates in the locale's format"
    assert re.search(r">\s*\d+,\d \s*h\s*<", html), "a mean sleep with a decimal comma"
    assert not re.search(r">\s*\d+\.\d \s*h\s*<", html)


@pytest.mark.parametrize(
    ("language", "given", "kind"),
    [("de", "Aus dem Check-in", "Frühstück"), ("es", "Del check-in", "Desayuno")],
)
def test_names_and_kinds_rebound_gives_read_in_the_readers_language(athlete, language, given, kind):
    from journal.models import Intake, Meal
    from journal.quick import CHECKIN_WATER_NAME
    from tests.factories import IntakeFactory, MealFactory

    day = athlete.today()
    IntakeFactory(
        athlete=athlete, date=day, category=Intake.Category.WATER, name=CHECKIN_WATER_NAME
    )
    IntakeFactory(athlete=athlete, date=day, category=Intake.Category.WATER, name="From the tap")
    MealFactory(athlete=athlete, date=day, kind=Meal.Kind.BREAKFAST)
    client = client_for(athlete.user)
    header = {"HTTP_ACCEPT_LANGUAGE": language}
    for path in ("/today/", f"/journal/{day.isoformat()}/"):
        html = page(client, path, **header)
        assert given in html and "From the check-in" not in html
        assert "From the tap" in html  # a name the athlete typed stays as typed
        assert kind in html
