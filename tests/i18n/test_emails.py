"""E-mails go out in the recipient's saved language, whatever language the worker (or the
request that triggered them) runs in."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from journal.language import LanguagePreference
from recovery.reach_models import CheckInReminder, CoachDigestSetting
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def spanish_athlete_with_a_reminder(at: time):
    athlete = AthleteFactory(timezone="Europe/Madrid", user__email="ana@example.com")
    LanguagePreference.objects.create(user=athlete.user, language="es")
    with time_machine.travel(datetime(2020, 1, 1, tzinfo=UTC), tick=False):
        CheckInReminder.objects.create(
            athlete=athlete, enabled=True, local_time=at, weekdays=[1, 2, 3, 4, 5, 6, 7]
        )
    return athlete


def test_the_reminder_reaches_a_spanish_athlete_in_spanish_at_0730_their_time():
    spanish_athlete_with_a_reminder(time(7, 30))
    with translation.override("de"):  # the worker's own language does not matter
        with time_machine.travel(datetime(2026, 6, 10, 5, 29, tzinfo=UTC), tick=False):
            call_command("send_reminders", verbosity=0)
        assert not mail.outbox
        with time_machine.travel(datetime(2026, 6, 10, 5, 30, tzinfo=UTC), tick=False):
            call_command("send_reminders", verbosity=0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Es hora de tu check-in en Rebound"
    assert "miércoles 10 de junio" in message.body  # the athlete's day, in Spanish
    assert "todavía no has hecho el check-in de hoy" in message.body
    assert "/checkin/" in message.body
    html, _ = message.alternatives[0]
    assert '<html lang="es">' in html and "Hacer el check-in" in html
    assert "no un producto sanitario" in html


def test_without_a_preference_the_reminder_is_in_english():
    athlete = spanish_athlete_with_a_reminder(time(7, 30))
    LanguagePreference.objects.filter(user=athlete.user).delete()
    with time_machine.travel(datetime(2026, 6, 10, 5, 30, tzinfo=UTC), tick=False):
        call_command("send_reminders", verbosity=0)
    assert mail.outbox[0].subject == "Time for your Rebound check-in"
    assert "Wednesday 10 June" in mail.outbox[0].body


def test_the_coach_digest_is_in_the_coachs_language():
    coach = UserFactory(username="trainerin", email="trainerin@example.com")
    LanguagePreference.objects.create(user=coach, language="de")
    CoachDigestSetting.objects.create(coach=coach, enabled=True)
    with time_machine.travel(datetime(2026, 11, 23, 7, 0, tzinfo=UTC), tick=False):
        athlete = AthleteFactory(display_name="Jonas")
        fill_journal(athlete, "steady", weeks=3)
        CoachLinkFactory(athlete=athlete, coach=coach)
        call_command("send_coach_digests", verbosity=0)
    message = mail.outbox[0]
    assert message.subject == "Deine Sportler diese Woche (2026-W48)"
    assert "Bereitschaft:" in message.body and "Jonas" in message.body
    assert "Tage ohne Check-in (letzte 7):" in message.body


def test_the_password_reset_is_in_the_accounts_language():
    user = UserFactory(email="leon@example.com")
    LanguagePreference.objects.create(user=user, language="de")
    Client().post(
        "/accounts/password_reset/",
        {"email": "leon@example.com"},
        HTTP_ACCEPT_LANGUAGE="es",  # the page is in Spanish; the e-mail follows the account
    )
    message = mail.outbox[0]
    assert message.subject == "Dein Rebound-Passwort zurücksetzen"
    assert "Hier wählst du ein neues Passwort:" in message.body
