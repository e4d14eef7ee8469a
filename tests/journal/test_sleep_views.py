from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db.models import QuerySet
from django.test import Client

from journal.models import SleepEntry
from tests.factories import AthleteFactory, SleepEntryFactory
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def sleep_data(**fields) -> dict:
    return {
        "date": "2025-03-12",
        "bedtime": "23:00",
        "wake_time": "07:00",
        "quality": "4",
        "awakenings": "1",
        "resting_hr": "",
        "hrv_ms": "",
        "notes": "",
    } | fields


def test_new_form_asks_for_the_wake_up_date(athlete_client):
    response = athlete_client.get("/journal/sleep/new/?date=2025-03-10")
    assert response.status_code == 200
    assert b"Wake-up date" in response.content
    assert response.context["form"]["date"].value() == date(2025, 3, 10)
    assert b'type="time"' in response.content


def test_a_night_across_midnight_starts_the_evening_before(athlete, athlete_client):
    response = athlete_client.post("/journal/sleep/new/", sleep_data())
    assert response.status_code == 302
    assert response["Location"] == "/journal/2025-03-12/"
    night = SleepEntry.objects.get(athlete=athlete)
    assert night.date == date(2025, 3, 12)
    assert night.bedtime == datetime(2025, 3, 11, 23, 0, tzinfo=UTC)
    assert night.wake_time == datetime(2025, 3, 12, 7, 0, tzinfo=UTC)
    assert night.duration_h == 8


def test_a_bedtime_after_midnight_is_on_the_wake_day(athlete, athlete_client):
    response = athlete_client.post("/journal/sleep/new/", sleep_data(bedtime="00:30"))
    assert response.status_code == 302
    night = SleepEntry.objects.get(athlete=athlete)
    assert night.bedtime == datetime(2025, 3, 12, 0, 30, tzinfo=UTC)
    assert night.duration_h == 6.5


@pytest.mark.parametrize(
    ("bedtime", "wake_time", "error"),
    [
        ("15:00", "07:00", None),  # exactly 16 h
        ("14:59", "07:00", "A night can't be longer than 16 hours."),  # 16 h 1 min
        ("01:00", "17:01", "A night can't be longer than 16 hours."),
        ("07:00", "07:00", "The wake time is the same as the bedtime."),
        ("22:00", "06:00", None),
    ],
)
def test_night_length_bounds(athlete_client, bedtime, wake_time, error):
    data = sleep_data(bedtime=bedtime, wake_time=wake_time)
    response = athlete_client.post("/journal/sleep/new/", data)
    if error is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        form = response.context["form"]
        assert error in [message for messages in form.errors.values() for message in messages]
        assert not SleepEntry.objects.exists()


@pytest.mark.parametrize(
    ("zone", "wake_day", "hours"),
    [
        ("Europe/London", "2025-03-30", 7),  # clocks go forward at 01:00
        ("Europe/London", "2025-10-26", 9),  # clocks go back at 02:00
        ("America/New_York", "2025-03-09", 7),
        ("UTC", "2025-03-30", 8),
    ],
)
def test_nights_when_the_clocks_change_have_their_real_length(zone, wake_day, hours):
    athlete = AthleteFactory(timezone=zone)
    with time_machine.travel(datetime(2025, 11, 1, tzinfo=UTC), tick=False):
        response = login(athlete).post("/journal/sleep/new/", sleep_data(date=wake_day))
    assert response.status_code == 302
    assert SleepEntry.objects.get(athlete=athlete).duration_h == hours


def test_a_dst_night_of_16_real_hours_is_allowed_though_the_clock_says_17():
    athlete = AthleteFactory(timezone="Europe/London")
    with time_machine.travel(datetime(2025, 11, 1, tzinfo=UTC), tick=False):
        data = sleep_data(date="2025-03-30", bedtime="15:00", wake_time="08:00")
        response = login(athlete).post("/journal/sleep/new/", data)
    assert response.status_code == 302
    assert SleepEntry.objects.get().duration_h == 16


@pytest.mark.parametrize(
    ("zone", "wake_day", "ok"),
    [
        ("UTC", "2025-03-12", True),
        ("UTC", "2025-03-13", False),
        ("Pacific/Auckland", "2025-03-13", True),
        ("Pacific/Auckland", "2025-03-14", False),
    ],
)
def test_a_future_wake_day_is_refused(zone, wake_day, ok):
    athlete = AthleteFactory(timezone=zone)
    response = login(athlete).post("/journal/sleep/new/", sleep_data(date=wake_day))
    assert response.status_code == (302 if ok else 400)
    if not ok:
        assert response.context["form"].errors["date"] == ["This date is in the future."]


def test_times_are_read_in_the_athletes_zone():
    athlete = AthleteFactory(timezone="Pacific/Auckland")
    login(athlete).post("/journal/sleep/new/", sleep_data(date="2025-03-13"))
    night = SleepEntry.objects.get()
    assert night.wake_time == datetime(2025, 3, 12, 18, 0, tzinfo=UTC)  # 07:00 NZDT
    assert night.duration_h == 8


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quality", "0", "Sleep quality must be between 1 and 5."),
        ("quality", "6", "Sleep quality must be between 1 and 5."),
        ("awakenings", "-1", "Awakenings must be between 0 and 30."),
        ("resting_hr", "24", "Resting heart rate must be between 25 and 150 bpm."),
        ("hrv_ms", "301", "HRV must be between 5 and 300 ms."),
        ("bedtime", "25:00", "Enter a valid time."),
    ],
)
def test_out_of_range_values_are_explained_beside_the_field(athlete_client, field, value, message):
    response = athlete_client.post("/journal/sleep/new/", sleep_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not SleepEntry.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("quality", "1"), ("quality", "5"), ("hrv_ms", "5")])
def test_in_range_values_are_kept(athlete_client, field, value):
    assert (
        athlete_client.post("/journal/sleep/new/", sleep_data(**{field: value})).status_code == 302
    )


def test_a_second_night_for_the_same_wake_day_is_a_form_error(athlete, athlete_client):
    SleepEntryFactory(athlete=athlete, date=date(2025, 3, 12), quality=2)
    response = athlete_client.post("/journal/sleep/new/", sleep_data(quality="5"))
    assert response.status_code == 400
    assert "already logged the night" in response.context["form"].errors["date"][0]
    assert SleepEntry.objects.get().quality == 2


def test_a_night_saved_by_a_racing_request_is_a_form_error_not_a_500(
    athlete, athlete_client, monkeypatch
):
    """The check in clean() misses a row inserted just after it; the constraint catches it."""
    SleepEntryFactory(athlete=athlete, date=date(2025, 3, 12), quality=2)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    response = athlete_client.post("/journal/sleep/new/", sleep_data(quality="5"))
    assert response.status_code == 400
    assert "already logged the night" in response.context["form"].errors["date"][0]
    assert SleepEntry.objects.get().quality == 2


def test_edit_keeps_its_own_wake_day_and_shows_local_times(athlete, athlete_client):
    night = SleepEntryFactory(athlete=athlete, date=date(2025, 3, 12))
    response = athlete_client.get(f"/journal/sleep/{night.pk}/edit/")
    assert response.context["form"]["bedtime"].value().strftime("%H:%M") == "23:00"
    response = athlete_client.post(
        f"/journal/sleep/{night.pk}/edit/", sleep_data(wake_time="06:30", quality="3")
    )
    assert response.status_code == 302
    night.refresh_from_db()
    assert (night.quality, night.duration_h) == (3, 7.5)


def test_delete_then_back_to_the_day(athlete, athlete_client):
    night = SleepEntryFactory(athlete=athlete, date=date(2025, 3, 10))
    assert athlete_client.get(f"/journal/sleep/{night.pk}/delete/").status_code == 200
    response = athlete_client.post(f"/journal/sleep/{night.pk}/delete/")
    assert response["Location"] == "/journal/2025-03-10/"
    assert not SleepEntry.objects.exists()


@pytest.fixture
def owned_night(athlete):
    return SleepEntryFactory(athlete=athlete, date=date(2025, 3, 12) - timedelta(days=1))


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_others_and_coaches_get_404(outsider_client, coach_client, owned_night, action, method):
    for client in (outsider_client, coach_client):
        response = getattr(client, method)(
            f"/journal/sleep/{owned_night.pk}/{action}/", sleep_data()
        )
        assert response.status_code == 404
    assert SleepEntry.objects.filter(pk=owned_night.pk, quality=4).exists()


@pytest.mark.parametrize(
    "url", ["/journal/sleep/new/", "/journal/sleep/1/edit/", "/journal/sleep/1/delete/"]
)
def test_anonymous_is_sent_to_log_in(client: Client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
