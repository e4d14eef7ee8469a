"""Two gunicorn app servers on one PostgreSQL: a session made on one works on the other.

This is the deployment of docs/deploy.md in small: several stateless app hosts, sessions
in the database. Each server is a real gunicorn process with production settings (DEBUG
off, manifest static files), so it also checks that the app starts that way.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from journal.models import CheckIn
from tests.factories import PASSWORD, AthleteFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: app servers in other processes share the test database "
        "(set DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url() -> str:
    s = connection.settings_dict
    credentials = urllib.parse.quote(s["USER"] or "postgres")
    if s["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(s["PASSWORD"])
    return f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def production_env(static_root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "REBOUND_BENCH_FLOOR")}
    env.update(
        DATABASE_URL=database_url(),
        CONN_MAX_AGE="0",  # no connection outlives a request: the test database can be dropped
        SECRET_KEY="two-servers-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(static_root),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """collectstatic once, with the production storage (hashed, compressed names)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(root),
        check=True,
        timeout=120,
    )
    return root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stdout.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{base} did not answer /healthz within {timeout} s")


@pytest.fixture
def two_servers(static_root):
    env = production_env(static_root)
    servers, processes = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
            )
            servers.append(f"http://127.0.0.1:{port}")
        for base, process in zip(servers, processes, strict=True):
            wait_until_up(base, process)
        yield servers
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Browser:
    """urllib with its own cookie jar: one visitor talking to one server."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=15) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def cookie(self, name: str) -> http.cookiejar.Cookie:
        return next(cookie for cookie in self.jar if cookie.name == name)


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def checked(html: str, name: str) -> str:
    """The value of the checked radio button `name` in a page."""
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', html):
        if re.search(r"\schecked\b", tag):
            return re.search(r'value="([^"]*)"', tag).group(1)
    raise AssertionError(f"no {name} checked")


def test_a_session_from_server_a_works_on_server_b(two_servers, settings):
    # The servers run with production hashers; the suite's fast MD5 hash would not verify.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    athlete = AthleteFactory()
    server_a, server_b = Browser(two_servers[0]), Browser(two_servers[1])

    status, _, html = server_a.open("/accounts/login/")
    assert status == 200
    status, url, html = server_a.open(
        "/accounts/login/",
        {
            "username": athlete.user.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(html),
        },
    )
    assert (status, urllib.parse.urlsplit(url).path) == (200, "/today/"), html[-3000:]

    # Server B has never seen this visitor: only the session cookie from A goes along.
    server_b.jar.set_cookie(server_a.cookie("sessionid"))
    status, url, html = server_b.open("/checkin/")
    assert (status, urllib.parse.urlsplit(url).path) == (200, "/checkin/")
    day = athlete.today().isoformat()
    answers = {"sleep_quality": 2, "fatigue": 5, "stress": 6, "soreness": 4, "energy": 2}
    status, url, _ = server_b.open(
        "/checkin/",
        {"csrfmiddlewaretoken": csrf_token(html), "date": day, "next": "/today/", **answers},
    )
    assert (status, urllib.parse.urlsplit(url).path) == (200, "/today/")

    status, _, html = server_a.open(f"/checkin/?date={day}")
    assert status == 200
    assert {name: int(checked(html, name)) for name in answers} == answers
    assert CheckIn.objects.filter(athlete=athlete).count() == 1

    # Logging out on A ends the session everywhere.
    server_a.open("/accounts/logout/", {"csrfmiddlewaretoken": csrf_token(html)})
    status, url, _ = server_b.open("/today/")
    assert urllib.parse.urlsplit(url).path == "/accounts/login/"
