"""Share-code guessing at /coach/code/ (config.throttle): 10 codes that do not work per coach
and 20 per client address in 15 minutes; past that a code is not even looked at (429)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils.html import strip_tags

from journal.models import CoachLink
from tests.conftest import client_for
from tests.factories import CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/coach/code/"
PROXY = "10.0.0.1"
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
THROTTLED_MESSAGE = "Too many share codes that did not work. Try again in 15 minutes."


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def share_code(code: str = "GOODCODE") -> CoachLink:
    return CoachLinkFactory(
        coach=None,
        status=CoachLink.Status.PENDING,
        share_code=code,
        code_expires_at=NOW + timedelta(days=7),
    )


def guess(client: Client, code: str, ip: str = "127.0.0.1"):
    return client.post(URL, {"code": code}, REMOTE_ADDR=ip)


def guesses(client: Client, count: int, ip: str = "127.0.0.1") -> list[int]:
    return [guess(client, f"WRONG{number:03d}", ip).status_code for number in range(count)]


def via_proxy(client: Client, forwarded_for: str):
    return client.post(
        URL, {"code": "WRONG000"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def page_text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_eleventh_wrong_code_from_one_coach_is_refused_unchecked():
    coach = client_for(UserFactory())
    assert guesses(coach, 10) == [400] * 10
    link = share_code()

    response = guess(coach, link.share_code)

    assert response.status_code == 429
    assert THROTTLED_MESSAGE in page_text(response)
    assert response["Retry-After"] == "900"
    assert 'name="code"' in response.content.decode()  # the form page, with the code box
    link.refresh_from_db()
    assert (link.status, link.coach) == (CoachLink.Status.PENDING, None)


def test_the_coach_limit_holds_from_any_address():
    coach = client_for(UserFactory())
    for number in range(10):
        assert guess(coach, "WRONG000", ip=f"198.51.100.{number}").status_code == 400

    assert guess(coach, "WRONG000", ip="203.0.113.99").status_code == 429


def test_the_address_limit_counts_every_coach_behind_it():
    for count in (7, 7, 6):
        assert guesses(client_for(UserFactory()), count, ip="203.0.113.7") == [400] * count

    fresh = client_for(UserFactory())
    assert guess(fresh, "WRONG000", ip="203.0.113.7").status_code == 429
    assert guess(fresh, "WRONG000", ip="203.0.113.8").status_code == 400


def test_behind_a_trusted_proxy_the_address_limit_is_the_real_clients(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for number in range(20):
        # Each guess makes up a different left entry; the proxy appends the real address.
        response = via_proxy(client_for(UserFactory()), f"192.0.2.{number}, 203.0.113.7")
        assert response.status_code == 400

    fresh = client_for(UserFactory())
    assert via_proxy(fresh, "203.0.113.7").status_code == 429
    assert via_proxy(fresh, "203.0.113.8").status_code == 400


def test_a_code_that_works_counts_for_no_one():
    guesser = client_for(UserFactory())
    assert guesses(guesser, 9) == [400] * 9

    # Another coach on the same address redeems a real code: nobody's count moves.
    assert guess(client_for(UserFactory()), share_code().share_code).status_code == 302

    assert guesses(guesser, 2) == [400, 429]


def test_the_limit_lifts_after_15_minutes(clock):
    coach = client_for(UserFactory())
    assert guesses(coach, 11) == [400] * 10 + [429]

    clock.shift(timedelta(minutes=14))
    assert guess(coach, "WRONG000").status_code == 429  # refused attempts do not extend it
    clock.shift(timedelta(minutes=1, seconds=1))
    assert guess(coach, share_code().share_code).status_code == 302
