"""Log-in throttling (django-axes): 5 failures for one username from one address lock that
pair for 15 minutes; other addresses and other usernames are not affected."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils.html import strip_tags

from tests.factories import PASSWORD
from tests.journal.conftest import NOW

LOGIN_URL = "/accounts/login/"
LOCKED_MESSAGE = (
    "Too many failed log-ins. This account is locked for 15 minutes from this address; "
    "try again later or reset your password."
)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def attempt(client: Client, username: str, password: str, ip: str = "127.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def page_text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def fail_five_times(client: Client, username: str, ip: str = "127.0.0.1") -> None:
    for number in range(1, 5):
        response = attempt(client, username, "wrong-password", ip)
        assert response.status_code == 200, f"attempt {number} should just fail"
        assert LOCKED_MESSAGE not in page_text(response)
    # The fifth failure reaches the limit: that answer is already the lockout page.
    assert attempt(client, username, "wrong-password", ip).status_code == 429


@pytest.mark.django_db
def test_sixth_attempt_is_locked_out_even_with_the_right_password(athlete, clock):
    client = Client()
    fail_five_times(client, athlete.user.username)

    response = attempt(client, athlete.user.username, PASSWORD)

    assert response.status_code == 429
    assert LOCKED_MESSAGE in page_text(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_another_address_is_not_locked(athlete, clock):
    fail_five_times(Client(), athlete.user.username, ip="203.0.113.7")

    response = attempt(Client(), athlete.user.username, PASSWORD, ip="198.51.100.9")

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_another_username_from_the_same_address_is_not_locked(athlete, clock):
    from tests.factories import AthleteFactory

    fail_five_times(Client(), AthleteFactory().user.username)

    assert attempt(Client(), athlete.user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_lock_lifts_after_15_minutes(athlete, clock):
    client = Client()
    fail_five_times(client, athlete.user.username)
    clock.shift(timedelta(minutes=14))
    assert attempt(client, athlete.user.username, PASSWORD).status_code == 429

    # A refused attempt during the lock starts the 15 minutes again.
    clock.shift(timedelta(minutes=15, seconds=1))
    response = attempt(client, athlete.user.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(athlete.user.pk)


@pytest.mark.django_db
def test_a_successful_log_in_resets_the_count(athlete, clock):
    username = athlete.user.username
    for _ in range(4):
        assert attempt(Client(), username, "wrong-password").status_code == 200
    assert attempt(Client(), username, PASSWORD).status_code == 302

    for _ in range(4):
        assert attempt(Client(), username, "wrong-password").status_code == 200
    assert attempt(Client(), username, PASSWORD).status_code == 302
