"""Faults a deployment meets: the database going away, and the error pages a visitor sees.

The database tests go through Django's real WSGI handler, as gunicorn does. The test client
is not enough there: it disconnects `close_old_connections` from request_started/finished,
which is exactly the hook that drops a broken connection and lets the next request recover.
"""

import io
import select
import socket
import sys
import threading
import time
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


class StallingProxy:
    """A TCP proxy to PostgreSQL, run by threads. After stall() it passes no more bytes
    either way but closes nothing, like a stopped (SIGSTOP) server: new connections are
    still completed by the kernel, and what is sent is acknowledged, but no reply comes."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.forwarding = threading.Event()
        self.forwarding.set()
        self.closed = threading.Event()
        self.sockets = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        self.forwarding.clear()

    def close(self) -> None:
        self.closed.set()
        self.forwarding.set()  # frees the pumps, which find `closed` set
        for sock in self.sockets:
            sock.close()

    def _accept(self) -> None:
        while not self.closed.is_set():
            self.forwarding.wait()
            if self._readable(self.listener) and self.forwarding.is_set():
                client, _ = self.listener.accept()
                server = socket.create_connection(self.upstream)
                self.sockets += [client, server]
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        while not self.closed.is_set():
            self.forwarding.wait()
            if not self._readable(source):
                continue
            data = source.recv(65536)
            self.forwarding.wait()  # stalled with the bytes in hand: they never arrive
            if not data or self.closed.is_set():
                return
            target.sendall(data)

    def _readable(self, sock: socket.socket) -> bool:
        try:
            return bool(select.select([sock], [], [], 0.05)[0]) and not self.closed.is_set()
        except (OSError, ValueError):  # closed meanwhile
            return False


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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no server to stall; set DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("stalls", ["before connecting", "mid-session"])
def test_a_stalled_database_gives_503_within_seconds(stalls, caplog):
    """The server stops answering without closing anything: before the app connects
    (`connect_timeout`), or while it holds a connection from an earlier request (the reply
    timeout of config/postgresql; TCP keepalives would not notice). Both limits are set to
    2 s here instead of the settings' 5 s and 12 s."""
    cookie = session_cookie(AthleteFactory().user)
    params = connection.settings_dict
    saved = {key: params[key] for key in ("HOST", "PORT", "OPTIONS")}
    proxy = StallingProxy(params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432))
    connection.close()
    params.update(HOST="127.0.0.1", PORT=proxy.port)
    params["OPTIONS"] = {**saved["OPTIONS"], "connect_timeout": 2, "reply_timeout": 2}
    results: dict = {}

    def requests() -> None:  # in one thread: Django's connections are per thread
        try:
            if stalls == "mid-session":
                results["before"] = wsgi_get("/today/", cookie)[0]  # the connection stays
            proxy.stall()
            started = time.monotonic()
            results["stalled"] = wsgi_get("/today/", cookie)
            results["seconds"] = time.monotonic() - started
        finally:
            connection.close()

    worker = threading.Thread(target=requests)
    try:
        worker.start()
        worker.join(timeout=30)
    finally:
        proxy.close()  # frees a request still waiting, so a failure does not hang the run
        worker.join()
        params.update(saved)

    assert "seconds" in results, "the request was still waiting after 30 s"
    assert results.get("before", 200) == 200
    status, headers, body = results["stalled"]
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Rebound is back in a moment" in body
    assert results["seconds"] < 2 * 2 + 1.5  # at most the reply timeout, then a reconnect
    errors = [r for r in caplog.records if r.name == "rebound.database"]
    assert errors and "OperationalError" in repr(errors[-1].exc_info[1])
    assert wsgi_get("/today/", cookie)[0] == 200  # straight back without the proxy


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
