"""The Content-Security-Policy header, and pages that keep to it (no inline script)."""

import re

import pytest
from django.conf import settings


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_visitor_pages_send_a_strict_policy(client, path):
    response = client.get(path)

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/today/", "/checkin/", "/accounts/login/"])
def test_pages_have_no_inline_script_or_event_handlers(athlete_client, client, path):
    response = (client if path in ("/", "/accounts/login/") else athlete_client).get(path)

    html = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag, f"inline script on {path}: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {path}"
    # htmx must not evaluate code: the policy forbids eval and base.html turns it off.
    assert '"allowEval": false' in html


def test_log_ins_go_through_axes_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@pytest.mark.django_db
def test_debug_adds_no_script_that_writes_a_400_over_the_page(athlete_client, settings):
    """django-htmx's DEBUG helper replaces the whole document with any 400 answer, and a
    form sent over htmx answers its errors with one: `make run` (DEBUG) must not load it."""
    settings.DEBUG = True
    html = athlete_client.get("/today/").content.decode()
    assert "django-htmx.js" not in html
    assert "htmx-2.min.js" in html
