import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from journal.checkin import checkin_context
from journal.models import CheckIn
from tests.factories import AthleteFactory, CheckInFactory
from tests.journal.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def checkin_data(**fields) -> dict:
    return {
        "date": "2025-03-12",
        "next": "/today/",
        "sleep_quality": "2",
        "fatigue": "3",
        "stress": "4",
        "soreness": "5",
        "energy": "4",
        "sore_areas": ["quads", "glutes"],
        "body_mass": "",
        "water_ml": "",
        "note": "",
    } | fields


@pytest.fixture(autouse=True)
def _clock(frozen):
    return frozen


def test_get_without_htmx_is_the_whole_page(athlete_client):
    response = athlete_client.get("/checkin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert 'id="checkin"' in html
    assert "Today's check-in" in html


def test_get_with_htmx_is_the_partial_only(athlete_client):
    response = athlete_client.get("/checkin/?date=2025-03-10", **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<section id="checkin"')
    assert 'hx-post="/checkin/" hx-target="#checkin-status" hx-swap="innerHTML"' in html
    assert 'method="post" action="/checkin/"' in html
    assert 'name="date" value="2025-03-10"' in html
    assert "Check-in for Monday 10 March" in html


def test_each_choice_is_a_labelled_radio_drawn_as_a_button(athlete_client):
    html = athlete_client.get("/checkin/", **HTMX).content.decode()
    assert 'aria-label="Soreness 5 of 7: very sore"' in html
    assert 'aria-label="Energy 5 of 5: very high"' in html
    assert 'aria-label="Sleep quality 1 of 7: excellent"' in html
    assert html.count('type="radio" class="btn-check"') == 4 * 7 + 5
    assert 'for="checkin-soreness_4"' in html
    assert 'value="lower_back"' in html  # sore areas come from MUSCLE_GROUPS


def test_a_plain_post_saves_and_redirects_back_with_a_message(athlete, athlete_client):
    response = athlete_client.post("/checkin/", checkin_data(next="/journal/"), follow=True)
    assert response.redirect_chain == [("/journal/", 302)]
    assert "Check-in saved." in [str(m) for m in response.context["messages"]]
    checkin = CheckIn.objects.get(athlete=athlete)
    assert (checkin.sleep_quality, checkin.fatigue, checkin.stress, checkin.soreness) == (
        2,
        3,
        4,
        5,
    )
    assert checkin.energy == 4
    assert checkin.sore_areas == ["quads", "glutes"]
    assert checkin.hooper == 14


@pytest.mark.parametrize(
    "next_url",
    ["", "https://evil.example.com/", "//evil.example.com/", "/\\evil.com", "0", "today"],
)
def test_without_a_safe_next_it_goes_to_today(athlete_client, next_url):
    response = athlete_client.post("/checkin/", checkin_data(next=next_url))
    assert response.status_code == 302
    assert response["Location"] == "/today/"


def test_a_second_submit_the_same_day_updates_that_row(athlete, athlete_client):
    athlete_client.post("/checkin/", checkin_data())
    athlete_client.post("/checkin/", checkin_data(soreness="2", sore_areas=[]))
    checkin = CheckIn.objects.get(athlete=athlete)
    assert checkin.soreness == 2
    assert checkin.sore_areas == []


def test_another_day_is_another_row(athlete, athlete_client):
    athlete_client.post("/checkin/", checkin_data())
    athlete_client.post("/checkin/", checkin_data(date="2025-03-11"))
    assert CheckIn.objects.filter(athlete=athlete).count() == 2


def test_the_form_shows_the_days_saved_answers(athlete, athlete_client):
    CheckInFactory(athlete=athlete, date=date(2025, 3, 12), soreness=6)
    html = athlete_client.get("/checkin/", **HTMX).content.decode()
    assert 'id="checkin-soreness_5" value="6" aria-label="Soreness 6 of 7: extremely sore"' in html
    assert (
        'value="6" aria-label="Soreness 6 of 7: extremely sore" autocomplete="off" checked' in html
    )
    assert "Done for this day" in html


def test_htmx_post_answers_with_the_partial_saved_and_an_event(athlete):
    client = Client(enforce_csrf_checks=True)
    client.force_login(athlete.user)
    client.get("/checkin/")  # sets the CSRF cookie, as the page load would
    token = client.cookies["csrftoken"].value
    response = client.post("/checkin/", checkin_data(), HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "checkin-saved"
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<section id="checkin"')
    assert ">Saved</p>" in html
    assert 'data-announce="Check-in saved"' in html
    assert CheckIn.objects.filter(athlete=athlete).count() == 1


def test_htmx_post_from_a_clean_form_answers_with_the_status_line_only(athlete, athlete_client):
    response = athlete_client.post(
        "/checkin/", checkin_data(), HTTP_HX_TARGET="checkin-status", **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "checkin-saved"
    assert "HX-Retarget" not in response
    html = response.content.decode()
    assert html.strip().startswith('<p class="alert alert-success')
    assert 'data-announce="Check-in saved"' in html
    assert "<form" not in html and "<section" not in html
    assert CheckIn.objects.get(athlete=athlete).soreness == 5


def test_an_invalid_post_for_the_status_line_redraws_the_whole_section(athlete, athlete_client):
    CheckInFactory(athlete=athlete, date=date(2025, 3, 12), soreness=3)
    response = athlete_client.post(
        "/checkin/", checkin_data(fatigue="9"), HTTP_HX_TARGET="checkin-status", **HTMX
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#checkin"
    assert response["HX-Reswap"] == "outerHTML"
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert html.strip().startswith('<section id="checkin"')
    assert "Not saved yet" in html
    # The next submit replaces the whole section, so the corrected form loses its errors.
    assert 'hx-target="#checkin" hx-swap="outerHTML"' in html
    assert CheckIn.objects.get().soreness == 3


def test_a_corrected_post_redraws_the_section_without_the_errors(athlete_client):
    response = athlete_client.post("/checkin/", checkin_data(), HTTP_HX_TARGET="checkin", **HTMX)
    html = response.content.decode()
    assert html.strip().startswith('<section id="checkin"')
    assert ">Saved</p>" in html
    assert "Not saved yet" not in html
    assert 'hx-target="#checkin-status" hx-swap="innerHTML"' in html


def test_htmx_post_without_the_csrf_token_is_refused(athlete):
    client = Client(enforce_csrf_checks=True)
    client.force_login(athlete.user)
    client.get("/checkin/")
    response = client.post("/checkin/", checkin_data(), **HTMX)
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_an_invalid_htmx_post_shows_errors_in_the_partial_and_saves_nothing(athlete_client):
    response = athlete_client.post(
        "/checkin/", checkin_data(soreness="8", energy="", water_ml="-1"), **HTMX
    )
    assert response.status_code == 400  # base.html's htmx config swaps a 400 in
    assert "HX-Trigger" not in response
    html = response.content.decode()
    assert "<html" not in html
    assert "Choose a score for energy." in html
    assert "Select a valid choice." in html
    assert "Water must be between 0 and 10000 ml." in html
    assert ">Saved</p>" not in html
    assert not CheckIn.objects.exists()


def test_an_invalid_plain_post_is_a_400_page(athlete, athlete_client):
    CheckInFactory(athlete=athlete, date=date(2025, 3, 12), soreness=3)
    response = athlete_client.post("/checkin/", checkin_data(stress=""))
    assert response.status_code == 400
    assert b"<html" in response.content
    assert "Choose a score for stress." in response.context["checkin_form"].errors["stress"]
    assert CheckIn.objects.get().soreness == 3  # the saved answers are untouched


@pytest.mark.parametrize(
    ("zone", "day", "ok"),
    [
        ("UTC", "2025-03-12", True),
        ("UTC", "2025-03-13", False),
        ("Pacific/Auckland", "2025-03-13", True),
        ("Pacific/Auckland", "2025-03-14", False),
    ],
)
def test_a_future_day_in_the_athletes_zone_is_refused(zone, day, ok):
    client = login(AthleteFactory(timezone=zone))
    response = client.post("/checkin/", checkin_data(date=day), **HTMX)
    if ok:
        assert response["HX-Trigger"] == "checkin-saved"
        assert CheckIn.objects.get().date == date.fromisoformat(day)
    else:
        assert "This date is in the future." in response.content.decode()
        assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("body_mass", "units", "stored_kg", "error"),
    [
        ("80", "metric", 80, None),
        ("176.4", "imperial", 80.01, None),
        ("24", "metric", None, "Body mass must be between 25 and 300 kg."),
        ("700", "imperial", None, "Body mass must be between 55 and 661 lb."),
        ("", "metric", None, None),
    ],
)
def test_body_mass_is_entered_in_the_athletes_units(body_mass, units, stored_kg, error):
    client = login(AthleteFactory(units=units))
    response = client.post("/checkin/", checkin_data(body_mass=body_mass))
    if error:
        assert response.status_code == 400
        assert error in response.context["checkin_form"].errors["body_mass"]
    else:
        assert response.status_code == 302
        assert CheckIn.objects.get().body_mass_kg == (
            pytest.approx(stored_kg, abs=0.01) if stored_kg else None
        )


def test_imperial_body_mass_is_shown_in_pounds(imperial_athlete):
    CheckInFactory(athlete=imperial_athlete, date=date(2025, 3, 12), body_mass_kg=80)
    response = login(imperial_athlete).get("/checkin/")
    assert response.context["checkin_form"]["body_mass"].value() == 176.4
    assert b"Body mass (lb)" in response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [("sleep_quality", "0"), ("fatigue", "8"), ("energy", "6"), ("sore_areas", "elbows")],
)
def test_values_outside_the_scales_are_refused(athlete_client, field, value):
    response = athlete_client.post("/checkin/", checkin_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["checkin_form"].errors


def test_checkin_context_is_what_the_partial_needs(athlete, rf):
    CheckInFactory(athlete=athlete, date=date(2025, 3, 12), stress=6)
    context = checkin_context(athlete, date(2025, 3, 12))
    assert context["checkin_day"] == date(2025, 3, 12)
    assert context["checkin_is_today"] is True
    assert context["checkin_exists"] is True
    assert context["checkin_saved"] is False
    assert context["checkin_form"]["stress"].value() == 6
    assert checkin_context(athlete, date(2025, 3, 1), saved=True)["checkin_saved"] is True


def test_the_partial_renders_inside_another_page(athlete, rf):
    from django.template.loader import render_to_string

    request = rf.get("/today/")
    request.user = athlete.user
    html = render_to_string(
        "journal/checkin.html#checkin-form",
        checkin_context(athlete, date(2025, 3, 12)),
        request=request,
    )
    assert 'name="next" value="/today/"' in html
    assert "csrfmiddlewaretoken" in html


def test_anonymous_is_sent_to_log_in(client):
    for response in (client.get("/checkin/"), client.post("/checkin/", checkin_data())):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not CheckIn.objects.exists()


def test_a_coach_checks_in_only_for_themselves(athlete, coach_client):
    """/checkin/ always writes the signed-in user's own journal; a coach without one gets 404."""
    response = coach_client.post("/checkin/", checkin_data())
    assert response.status_code == 404
    assert not CheckIn.objects.filter(athlete=athlete).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_the_same_moment_leave_one_row():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    athlete = AthleteFactory()
    barrier = threading.Barrier(2)
    responses: list = []
    errors: list = []

    def submit(soreness: str) -> None:
        try:
            client = login(athlete)
            barrier.wait(timeout=10)
            responses.append(client.post("/checkin/", checkin_data(soreness=soreness), **HTMX))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(value,)) for value in ("2", "6")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert [response.status_code for response in responses] == [200, 200]
    assert all(response["HX-Trigger"] == "checkin-saved" for response in responses)
    assert CheckIn.objects.filter(athlete=athlete).count() == 1
    assert CheckIn.objects.get(athlete=athlete).soreness in (2, 6)


def test_a_note_over_2000_characters_is_refused_and_the_saved_one_kept(athlete_client, athlete):
    athlete_client.post("/checkin/", checkin_data(note="first"))
    response = athlete_client.post("/checkin/", checkin_data(note="x" * 2001))
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert CheckIn.objects.get(athlete=athlete).note == "first"
    assert athlete_client.post("/checkin/", checkin_data(note="x" * 2000)).status_code == 302
