"""The readiness inputs a person uses in the browser: day tags (check-in and day page),
"How ready do you feel?", HRV as rMSSD or SDNN, the cycle day, and what Today and Trends
show of them. Access: the owner writes, a coach reads, an outsider gets nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from journal.models import CheckIn, DayTags
from recovery.models import DayState
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, SleepEntryFactory

pytestmark = pytest.mark.django_db


def checkin_post(day, **fields) -> dict:
    return {
        "date": day.isoformat(),
        "sleep_quality": "2",
        "fatigue": "3",
        "stress": "2",
        "soreness": "2",
        "energy": "4",
    } | fields


def test_checkin_saves_tags_and_feel_ready_and_today_shows_them(athlete):
    client = client_for(athlete.user)
    today = athlete.today()
    response = client.post("/checkin/", checkin_post(today, tags=["travel", "ill"], feel_ready="7"))
    assert response.status_code == 302
    assert DayTags.objects.get(athlete=athlete, date=today).tags == ["ill", "travel"]
    assert CheckIn.objects.get(athlete=athlete, date=today).feel_ready == 7
    state = DayState.objects.get(athlete=athlete, date=today)
    assert state.record["tags"] == ["ill", "travel"]
    assert state.record["checkin"][8] == 7  # kept with the day, never an input
    html = client.get("/today/").content.decode()
    assert 'data-testid="day-tags"' in html and ">Ill<" in html and ">Travel<" in html
    assert 'value="travel" autocomplete="off" checked' in html  # the check-in shows them
    # Unticking every tag removes the day's row.
    client.post("/checkin/", checkin_post(today, feel_ready="7"))
    assert not DayTags.objects.filter(athlete=athlete).exists()
    assert "tags" not in DayState.objects.get(athlete=athlete, date=today).record


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"feel_ready": "11"}, "How ready you feel is a whole number from 0 to 10."),
        ({"feel_ready": "-1"}, "How ready you feel is a whole number from 0 to 10."),
        ({"tags": ["hungover"]}, "Choose tags from the list"),
        ({"tags": ["ill\x00"]}, "Choose tags from the list"),
    ],
)
def test_bad_checkin_answers_are_400_with_a_message_and_keep_what_was_saved(
    athlete, fields, message
):
    client = client_for(athlete.user)
    today = athlete.today()
    client.post("/checkin/", checkin_post(today, tags=["heat"], feel_ready="5"))
    response = client.post("/checkin/", checkin_post(today, fatigue="7", **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    saved = CheckIn.objects.get(athlete=athlete, date=today)
    assert (saved.fatigue, saved.feel_ready) == (3, 5)
    assert DayTags.objects.get(athlete=athlete).tags == ["heat"]


def test_day_page_sets_tags_and_rejects_unknown_ones(athlete):
    client = client_for(athlete.user)
    day = athlete.today() - timedelta(days=3)
    url = f"/journal/{day.isoformat()}/tags/"
    assert client.post(url, {"tags": ["alcohol"]}).status_code == 302
    assert DayTags.objects.get(athlete=athlete, date=day).tags == ["alcohol"]
    assert DayState.objects.get(athlete=athlete, date=day).record["tags"] == ["alcohol"]
    page = client.get(f"/journal/{day.isoformat()}/").content.decode()
    assert 'value="alcohol"' in page and "checked" in page
    response = client.post(url, {"tags": ["alcohol", "party"]})
    assert response.status_code == 400
    assert "Choose tags from the list" in response.content.decode()
    assert DayTags.objects.get(athlete=athlete, date=day).tags == ["alcohol"]
    future = athlete.today() + timedelta(days=2)
    assert client.post(f"/journal/{future.isoformat()}/tags/", {"tags": ["ill"]}).status_code == 404
    assert client.post(url, {}).status_code == 302
    assert not DayTags.objects.filter(athlete=athlete).exists()


def test_day_tags_access_owner_coach_outsider(athlete, client):
    day = athlete.today()
    url = f"/journal/{day.isoformat()}/tags/"
    link = CoachLinkFactory(athlete=athlete, access="manage")
    outsider = AthleteFactory()
    # A coach's and an outsider's posts tag their own journal (or none), never the athlete's.
    client_for(link.coach).post(url, {"tags": ["ill"]})
    client_for(outsider.user).post(url, {"tags": ["ill"]})
    assert not DayTags.objects.filter(athlete=athlete).exists()
    assert client.post(url, {"tags": ["ill"]}).status_code == 302  # anonymous: to login
    assert not DayTags.objects.filter(athlete=athlete).exists()
    client_for(athlete.user).post(url, {"tags": ["period"]})
    # The coach sees the tag on the athlete's Today; the outsider cannot open it.
    coach_today = client_for(link.coach).get(f"/coach/athletes/{athlete.public_id}/")
    assert coach_today.status_code == 200
    assert ">Period<" in coach_today.content.decode()
    outsider_view = client_for(outsider.user).get(f"/coach/athletes/{athlete.public_id}/")
    assert outsider_view.status_code == 404


def test_sleep_form_keeps_sdnn_apart_and_rejects_bad_values(athlete):
    client = client_for(athlete.user)
    day = athlete.today()
    data = {"date": day.isoformat(), "bedtime": "23:00", "wake_time": "07:00", "quality": "4"}
    response = client.post("/journal/sleep/new/", data | {"hrv_sdnn_ms": "400"})
    assert response.status_code == 400
    assert "HRV must be between 5 and 300 ms." in response.content.decode()
    assert client.post("/journal/sleep/new/", data | {"hrv_sdnn_ms": "42"}).status_code == 302
    state = DayState.objects.get(athlete=athlete, date=day)
    assert state.record["sleep"][5:7] == [None, 42.0]
    assert state.metrics["hrv_method"] == "SDNN"


def test_logged_hrv_moves_todays_score_and_says_why(athlete):
    today = athlete.today()
    zone = athlete.tz
    for back in range(30, 0, -1):
        day = today - timedelta(days=back)
        wake = timezone.datetime(day.year, day.month, day.day, 7, tzinfo=zone)
        SleepEntryFactory(
            athlete=athlete,
            date=day,
            bedtime=wake - timedelta(hours=8),
            wake_time=wake,
            hrv_ms=60 + (3 if back % 2 else -3),
        )
    client = client_for(athlete.user)
    client.post(
        "/checkin/",
        checkin_post(today, sleep_quality="1", fatigue="1", stress="1", soreness="1", energy="5"),
    )
    steady = client.get("/today/").context["readiness"]
    assert steady.used == ("wellness", "physiology") and steady.score == 100
    for back in range(3, 0, -1):
        entry = athlete.sleepentry_set.get(date=today - timedelta(days=back))
        entry.hrv_ms = 30
        entry.save()
    response = client.get("/today/")
    low = response.context["readiness"]
    assert low.score < steady.score
    assert low.weakest == "physiology"
    html = response.content.decode()
    assert 'data-testid="hrv"' in html and "HRV (rMSSD)" in html
    assert "Made from: <strong>wellness, physiology</strong>" in html


def test_cycle_day_shows_on_today_for_the_athlete_only(athlete):
    athlete.cycle_day_one = athlete.today() - timedelta(days=4)
    athlete.save()
    CheckIn.objects.create(
        athlete=athlete,
        date=athlete.today(),
        sleep_quality=2,
        fatigue=2,
        stress=2,
        soreness=2,
        energy=4,
    )
    assert "Cycle day 5" in client_for(athlete.user).get("/today/").content.decode()
    link = CoachLinkFactory(athlete=athlete, access="view")
    coach_html = client_for(link.coach).get(f"/coach/athletes/{athlete.public_id}/")
    assert "Cycle day" not in coach_html.content.decode()


def test_settings_reject_a_future_cycle_day(athlete):
    client = client_for(athlete.user)
    page = client.get("/settings/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["cycle_day_one"] = (athlete.today() + timedelta(days=3)).isoformat()
    response = client.post("/settings/", data)
    assert response.status_code == 400
    assert "That day has not happened yet." in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.cycle_day_one is None


def test_trends_agreement_waits_for_20_answers_then_says_how_closely(athlete):
    today = athlete.today()
    client = client_for(athlete.user)
    for back in range(24, -1, -1):
        fatigue = 1 + back % 7
        CheckIn.objects.create(
            athlete=athlete,
            date=today - timedelta(days=back),
            sleep_quality=2,
            fatigue=fatigue,
            stress=2,
            soreness=2,
            energy=3,
            feel_ready=10 - fatigue if back < 19 else None,
        )
    waiting = client.get("/trends/")
    assert waiting.context["agreement"]["answers"] == 19
    assert 'data-testid="agreement-waiting"' in waiting.content.decode()
    CheckIn.objects.filter(athlete=athlete, date=today - timedelta(days=19)).update(feel_ready=4)
    from journal.models import note_change

    note_change(athlete.pk, today - timedelta(days=19))  # an update() sends no signal
    response = client.get("/trends/")
    agreement = response.context["agreement"]
    assert agreement["answers"] == 20
    assert agreement["rho"] > 0.9
    assert "closely" in response.content.decode()
