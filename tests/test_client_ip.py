"""Who the client is (config.middleware.client_ip): REMOTE_ADDR, or behind TRUSTED_PROXIES the
right-most X-Forwarded-For hop that is not a trusted proxy. Log-in lockouts key on it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from config.middleware import client_ip
from tests.factories import PASSWORD, AthleteFactory

ROOT = Path(__file__).resolve().parent.parent
PROXY = "10.0.0.1"
LOGIN_URL = "/accounts/login/"


def ip_of(remote_addr: str, forwarded_for: str | None = None) -> str | None:
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


@pytest.fixture
def behind_proxy(settings):
    """A deployment behind one proxy at 10.0.0.1 (BEHIND_PROXY=true, TRUSTED_PROXIES=10.0.0.1)."""
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_CLIENT_IP_CALLABLE = "config.middleware.client_ip"
    return settings


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert ip_of("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_a_peer_that_is_not_a_trusted_proxy_cannot_name_the_client(behind_proxy):
    assert ip_of("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert ip_of("203.0.113.7", f"198.51.100.1, {PROXY}") == "203.0.113.7"


@pytest.mark.parametrize(
    "spoofed", ["", "1.2.3.4, ", "1.2.3.4, 5.6.7.8, ", "garbage, ", "10.0.0.1, "]
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(behind_proxy, spoofed):
    assert ip_of(PROXY, f"{spoofed}203.0.113.7") == "203.0.113.7"


def test_trusted_proxies_chain(settings):
    # Load balancer on 127.0.0.1, then two proxies inside 10.0.0.0/8.
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    hops = "6.6.6.6, 203.0.113.9, 10.2.0.1, 10.0.0.7"
    assert ip_of("127.0.0.1", hops) == "203.0.113.9"
    # Only proxies on the way: the farthest one is the client (a health check, say).
    assert ip_of("127.0.0.1", "10.2.0.1, 10.0.0.7") == "10.2.0.1"


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        (None, PROXY),
        ("", PROXY),
        ("unknown", PROXY),
        # The proxy wrote garbage: the client's own entries left of it are not believed.
        ("203.0.113.7, unknown", PROXY),
        ("203.0.113.7:4711", PROXY),
    ],
)
def test_a_missing_or_garbage_header_falls_back_to_the_peer(behind_proxy, forwarded_for, client):
    assert ip_of(PROXY, forwarded_for) == client


def test_ipv6_and_ipv4_mapped_addresses(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "fd00::/8"]
    assert ip_of("::ffff:127.0.0.1", "2001:db8::5") == "2001:db8::5"
    assert ip_of("fd00::1", "2001:db8::5, fd00::2") == "2001:db8::5"


def test_django_axes_asks_client_ip_whatever_the_environment():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "config.middleware.client_ip"


def fail_log_in(username: str, remote_addr: str, forwarded_for: str):
    return Client().post(
        LOGIN_URL,
        {"username": username, "password": "wrong-password"},
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_rotating_x_forwarded_for_from_an_untrusted_peer_is_locked_out(behind_proxy):
    username = AthleteFactory().user.username
    statuses = [
        fail_log_in(username, "203.0.113.7", f"198.51.100.{number}").status_code
        for number in range(1, 11)
    ]
    assert statuses == [200] * 4 + [429] * 6


@pytest.mark.django_db
def test_behind_the_proxy_spoofed_left_entries_do_not_escape_the_lockout(behind_proxy):
    athlete = AthleteFactory()
    username = athlete.user.username
    statuses = [
        fail_log_in(username, PROXY, f"198.51.100.{number}, 203.0.113.7").status_code
        for number in range(1, 7)
    ]
    assert statuses == [200] * 4 + [429] * 2

    # Another client through the same proxy is not locked.
    response = Client().post(
        LOGIN_URL,
        {"username": username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert response.status_code == 302


def import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("BEHIND_PROXY", "TRUSTED_PROXIES")}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.SECURE_PROXY_SSL_HEADER)"],
        cwd=ROOT,
        env={**clean, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_behind_proxy_without_trusted_proxies_refuses_to_start():
    result = import_settings(BEHIND_PROXY="true")
    assert result.returncode != 0
    assert "BEHIND_PROXY is set but TRUSTED_PROXIES is empty" in result.stderr

    bad = import_settings(BEHIND_PROXY="true", TRUSTED_PROXIES="10.0.0.0/33")
    assert bad.returncode != 0
    assert "TRUSTED_PROXIES: '10.0.0.0/33' is not an IP address or network" in bad.stderr

    good = import_settings(BEHIND_PROXY="true", TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8")
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
