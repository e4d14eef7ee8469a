"""Faults a deployment meets: the database going away, and the error pages a visitor sees.

The database tests go through Django's real WSGI handler, as gunicorn does. The test client
is not enough there: it disconnects `close_old_connections` from request_started/finished,
which is exactly the hook that drops a broken connection and lets the next request recover.
"""

import io
import socket
import sys
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, override_settings

from recovery import pages
from tests.crash_urls import SECRET_DETAIL
from tests.factories import AthleteFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (pg_terminate_backend); set DATABASE_URL=postgres://…",
)

DEBUG_MARKERS = ("Traceback", "OperationalError", "InterfaceError", "settings.py", "DEBUG")


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wsgi_get(path: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
    """One GET through the real WSGI handler, closed as a WSGI server closes it."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.errors": sys.stderr}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    started: list = []
    result = WSGIHandler()(
        environ, lambda status, headers, exc_info=None: started.append((status, headers))
    )
    try:
        body = b"".join(result).decode()
    finally:
        result.close()  # fires request_finished, like gunicorn
    status, headers = started[0]
    return int(status.split()[0]), dict(headers), body


def terminate_backend(pid: int) -> None:
    """Kill one PostgreSQL backend from a second connection, and wait until it is gone."""
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_no_debug_info(body: str) -> None:
    for marker in (*DEBUG_MARKERS, SECRET_DETAIL):
        assert marker not in body


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connection_killed_mid_request_is_a_503_and_the_next_request_recovers(monkeypatch, caplog):
    cookie = session_cookie(AthleteFactory().user)
    real_read_states = pages.read_states
    killed: list[int] = []

    def kill_own_backend_then_read(*args, **kwargs):
        if not killed:
            killed.append(connection.connection.info.backend_pid)
            terminate_backend(killed[0])
        return real_read_states(*args, **kwargs)

    monkeypatch.setattr(pages, "read_states", kill_own_backend_then_read)

    status, headers, body = wsgi_get("/today/", cookie)

    assert killed, "the view never reached recovery.pages.read_states"
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Rebound is back in a moment" in body
    assert_no_debug_info(body)
    assert any(r.name == "rebound.database" and r.levelname == "ERROR" for r in caplog.records)

    status, _, body = wsgi_get("/today/", cookie)

    assert status == 200, body[:500]
    assert connection.connection.info.backend_pid != killed[0]


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_down_gives_503_on_pages_and_healthz_until_it_is_back():
    cookie = session_cookie(AthleteFactory().user)
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()  # nothing listens there: the DB is "down"
    try:
        today = wsgi_get("/today/", cookie)
        health = wsgi_get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port

    assert today[0] == 503
    assert today[1]["Retry-After"] == "30"
    assert "Rebound is back in a moment" in today[2]
    assert_no_debug_info(today[2])
    assert health[0] == 503
    # Back up: no restart, the very next requests succeed.
    assert wsgi_get("/healthz")[0] == 200
    assert wsgi_get("/today/", cookie)[0] == 200


def test_500_and_503_pages_render_without_a_request_or_the_database():
    for name, heading in (("500.html", "Something went wrong"), ("503.html", "back in a moment")):
        html = render_to_string(name)
        assert heading in html
        assert "<style" not in html
        assert "/static/css/rebound.css" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.crash_urls", DEBUG=False)
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/test-crash/", 500, "Something went wrong on our side"),
        ("/test-forbidden/", 403, "You can't do that here"),
        ("/test-missing/", 404, "Page not found"),
        ("/no-such-page/", 404, "Page not found"),
    ],
)
def test_error_pages_are_templated_and_show_no_debug_info(athlete, path, status, heading):
    client = Client(raise_request_exception=False)
    client.force_login(athlete.user)

    response = client.get(path)

    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert "· Rebound</title>" in body
    assert_no_debug_info(body)
