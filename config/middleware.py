"""Request plumbing shared by every view: what a visitor sees while the database is away."""

import functools
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from journal.validators import text_problem

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


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for django-axes and `config.throttle`: REMOTE_ADDR, unless that is
    one of TRUSTED_PROXIES; then the right-most X-Forwarded-For hop that is not a trusted proxy.

    Each proxy appends the address it got the request from, so every entry left of the first
    untrusted hop may be the client's invention. A hop that is not an IP address (or a missing
    header) ends the walk at the last hop known: what lies left of it is not worth more.
    """
    remote = request.META.get("REMOTE_ADDR")
    networks = trusted_proxy_networks(tuple(settings.TRUSTED_PROXIES))
    client = parse_ip(remote)
    if client is None or not is_trusted(client, networks):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_ip(hop)
        if address is None:
            break
        client = address
        if not is_trusted(client, networks):
            break
    return str(client)


@functools.cache
def trusted_proxy_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_ip(text: str | None) -> IPAddress | None:
    """The address in `text`, IPv4-mapped IPv6 (::ffff:10.0.0.1) as IPv4; None if it is none."""
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


class UnstorableQueryMiddleware:
    """Answers 400 to a query string holding text no column can store (a NUL byte or a lone
    surrogate), before a view passes it to the database. Forms refuse such text beside the
    field; a query string has no field to show the message beside."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            for text in (key, *values):
                if problem := text_problem(text):
                    if request.path.startswith("/api/"):  # the API's one error shape
                        return JsonResponse({"errors": {key: [problem]}}, status=400)
                    context = {"problem": f"The address holds text Rebound can't read. {problem}"}
                    return render(request, "400.html", context, status=400)
        return self.get_response(request)


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username django-axes records for a failed log-in: what was typed, cut to the
    length a username may have (its log keeps 255 characters) and with unstorable text
    removed, so no input can make recording the attempt fail."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    if not isinstance(username, str):
        return None
    cleaned = "".join(ch for ch in username if not text_problem(ch))
    return cleaned[: User.username.field.max_length]
