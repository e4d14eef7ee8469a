"""Request plumbing shared by every view: what a visitor sees while the database is away."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("rebound.database")

RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """The standalone 503 page: rendered without the request, so it needs no database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost or refused database connection in a view into a 503 with Retry-After.

    Django drops the broken connection at the end of the request (`conn_health_checks` and
    `close_old_connections`), so the next request opens a fresh one: the site recovers by
    itself as soon as the database answers again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return database_unavailable_response()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address behind exactly one trusted proxy (BEHIND_PROXY=true).

    The proxy appends the address it saw to X-Forwarded-For, so the right-most entry is the
    one a client cannot forge; without the header, REMOTE_ADDR. django-axes keys its
    lockouts on this.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.rsplit(",", 1)[-1].strip() or None
    return request.META.get("REMOTE_ADDR")
