"""Password-reset e-mails (config.throttle): at most 3 an hour to one address and 10 an hour
for one client. Over a limit nothing is sent and the answer is the same as when it is."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from tests.factories import AthleteFactory
from tests.journal.conftest import NOW

pytestmark = pytest.mark.django_db

URL = "/accounts/password_reset/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def reset(email: str, ip: str = "127.0.0.1"):
    return Client().post(URL, {"email": email}, REMOTE_ADDR=ip)


def answer(response) -> tuple:
    """What a visitor can see of an answer."""
    return response.status_code, dict(response.headers), response.content, response.cookies.output()


def test_at_most_three_emails_an_hour_go_to_one_address(clock):
    AthleteFactory(user__email="victim@example.com")
    addresses = ["victim@example.com", "Victim@Example.com", "VICTIM@example.com"] * 5

    responses = [reset(email, ip=f"198.51.100.{n}") for n, email in enumerate(addresses)]

    assert len(mail.outbox) == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, "/accounts/password_reset/done/")
    }


def test_the_throttled_answer_is_the_normal_answer(clock):
    AthleteFactory(user__email="victim@example.com")
    sent = [reset("victim@example.com") for _ in range(3)]
    assert len(mail.outbox) == 3

    throttled = reset("victim@example.com")
    no_account = reset("nobody@example.com")

    assert len(mail.outbox) == 3
    assert answer(throttled) == answer(sent[0]) == answer(no_account)


def test_at_most_ten_emails_an_hour_for_one_client(clock):
    for number in range(12):
        AthleteFactory(user__email=f"athlete{number}@example.com")

    for number in range(12):
        assert reset(f"athlete{number}@example.com", ip="203.0.113.7").status_code == 302

    assert len(mail.outbox) == 10
    reset("athlete11@example.com", ip="203.0.113.8")
    assert len(mail.outbox) == 11


def test_the_limit_lifts_after_an_hour(clock):
    AthleteFactory(user__email="victim@example.com")
    for _ in range(4):
        reset("victim@example.com")
    assert len(mail.outbox) == 3

    clock.shift(timedelta(minutes=59))
    reset("victim@example.com")
    assert len(mail.outbox) == 3
    clock.shift(timedelta(minutes=1, seconds=1))
    reset("victim@example.com")
    assert len(mail.outbox) == 4


def test_a_refused_reset_logs_one_line(clock, caplog):
    AthleteFactory(user__email="victim@example.com")
    for _ in range(3):
        reset("victim@example.com")

    with caplog.at_level(logging.WARNING, logger="rebound.throttle"):
        reset("victim@example.com", ip="203.0.113.7")

    [record] = [r for r in caplog.records if r.name == "rebound.throttle"]
    assert record.getMessage() == (
        "Password-reset e-mail not sent: limit password-reset-email reached (client 203.0.113.7)"
    )
    assert "victim" not in record.getMessage()
