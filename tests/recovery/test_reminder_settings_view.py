"""/settings/reminders/: who sees which form, saving, and bad input (400, never 500)."""

from datetime import time

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from recovery.reach_models import CheckInReminder, CoachDigestSetting
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory
from tests.recovery.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/settings/reminders/"


def reminder_data(**changes) -> dict:
    data = {
        "form": "reminder",
        "reminder-enabled": "on",
        "reminder-local_time": "07:30",
        "reminder-weekdays": ["1", "3", "5"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_logged_out_goes_to_log_in_and_back():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_settings_page_links_here(athlete_client):
    assert f'href="{URL}"' in athlete_client.get("/settings/").content.decode()


def test_an_athlete_sees_the_reminder_and_no_digest(athlete_client):
    html = athlete_client.get(URL).content.decode()
    assert 'data-testid="reminder-section"' in html
    assert 'data-testid="digest-section"' not in html


def test_a_coach_without_a_journal_sees_only_the_digest():
    coach = UserFactory()
    CoachLinkFactory(coach=coach)
    html = client_for(coach).get(URL).content.decode()
    assert 'data-testid="digest-section"' in html
    assert 'data-testid="reminder-section"' not in html


def test_a_coach_with_a_journal_sees_both():
    athlete = AthleteFactory()
    CoachLinkFactory(coach=athlete.user)
    html = client_for(athlete.user).get(URL).content.decode()
    assert 'data-testid="digest-section"' in html and 'data-testid="reminder-section"' in html


def test_an_account_with_neither_is_told_why():
    response = client_for(UserFactory()).get(URL)
    assert response.status_code == 200
    assert 'data-testid="nothing-to-set"' in response.content.decode()
    posted = client_for(UserFactory()).post(URL, reminder_data())
    assert posted.status_code == 400
    assert not CheckInReminder.objects.exists()


def test_saving_the_reminder(athlete, athlete_client):
    response = athlete_client.post(URL, reminder_data(**{"reminder-local_time": "06:45:59"}))
    assert response.status_code == 302 and response["Location"] == URL
    reminder = CheckInReminder.objects.get(athlete=athlete)
    assert (
        reminder.enabled and reminder.local_time == time(6, 45) and reminder.weekdays == [1, 3, 5]
    )
    html = athlete_client.get(URL).content.decode()
    assert 'value="06:45"' in html
    # Turned off with no days chosen is fine: nothing to remind.
    off = reminder_data(**{"reminder-enabled": None, "reminder-weekdays": None})
    assert athlete_client.post(URL, off).status_code == 302
    reminder.refresh_from_db()
    assert not reminder.enabled and reminder.weekdays == []
    assert CheckInReminder.objects.count() == 1


def test_a_coach_opts_in_and_out_of_the_digest():
    coach = UserFactory()
    CoachLinkFactory(coach=coach)
    client = client_for(coach)
    assert client.post(URL, {"form": "digest", "digest-enabled": "on"}).status_code == 302
    assert CoachDigestSetting.objects.get(coach=coach).enabled
    assert client.post(URL, {"form": "digest"}).status_code == 302
    assert not CoachDigestSetting.objects.get(coach=coach).enabled
    # Opted out and no longer coaching: the section is gone.
    coach.coaching_links.update(status="revoked")
    assert 'data-testid="digest-section"' not in client.get(URL).content.decode()


def test_an_athlete_who_coaches_nobody_cannot_post_the_digest(athlete_client, athlete):
    response = athlete_client.post(URL, {"form": "digest", "digest-enabled": "on"})
    assert response.status_code == 400
    assert not CoachDigestSetting.objects.exists()


BAD_INPUT = [
    ({"reminder-local_time": "25:00"}, "local_time", "Enter a valid time."),
    ({"reminder-local_time": "07:60"}, "local_time", "Enter a valid time."),
    ({"reminder-local_time": ""}, "local_time", "This field is required."),
    ({"reminder-local_time": "07:30\x00"}, "local_time", "Enter a valid time."),
    ({"reminder-local_time": "\x00"}, "local_time", "Enter a valid time."),
    ({"reminder-weekdays": None}, "weekdays", "Choose at least one day"),
    ({"reminder-weekdays": ["8"]}, "weekdays", "Select a valid choice."),
    ({"reminder-weekdays": ["1\x00"]}, "weekdays", "Select a valid choice."),
    ({"reminder-weekdays": ["\x00"]}, "weekdays", "Select a valid choice."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_is_a_400_with_the_message_beside_the_field(
    athlete, athlete_client, changes, field, message
):
    CheckInReminder.objects.create(athlete=athlete, enabled=False, local_time=time(9, 0))
    response = athlete_client.post(URL, reminder_data(**changes))
    assert response.status_code == 400
    form = response.context["reminder_form"]
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    html = response.content.decode()
    assert f'id="error_1_id_reminder-{field}"' in html  # crispy's message under the field
    reminder = CheckInReminder.objects.get(athlete=athlete)
    assert not reminder.enabled and reminder.local_time == time(9, 0)  # nothing saved


def test_a_nul_byte_in_the_form_name_is_a_400(athlete_client):
    assert athlete_client.post(URL, reminder_data(form="remin\x00der")).status_code == 400
    assert not CheckInReminder.objects.exists()


def test_a_user_changes_only_their_own_reminder(athlete, athlete_client):
    other = AthleteFactory()
    CheckInReminder.objects.create(athlete=other, enabled=False, local_time=time(9, 0))
    assert athlete_client.post(URL, reminder_data()).status_code == 302
    assert not CheckInReminder.objects.get(athlete=other).enabled
    assert CheckInReminder.objects.get(athlete=athlete).enabled


# A form post is UTF-8: a lone surrogate can't be sent in one, so the text leaves them out.
hostile_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    st.sampled_from(["\x00", "07:\x0030", "24:00", "-1:00", "7", "07:30pm", "é" * 300]),
)


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    local_time=hostile_text,
    weekdays=st.lists(hostile_text, max_size=3),
    enabled=hostile_text,
    form=st.one_of(st.just("reminder"), st.just("digest"), hostile_text),
)
def test_any_input_is_saved_or_refused_never_a_500(athlete, local_time, weekdays, enabled, form):
    CoachLinkFactory(coach=athlete.user)
    data = {
        "form": form,
        "reminder-local_time": local_time,
        "reminder-weekdays": weekdays,
        "reminder-enabled": enabled,
        "digest-enabled": enabled,
    }
    response = client_for(athlete.user).post(URL, data)
    assert response.status_code in (302, 400)
