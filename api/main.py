"""The Rebound API, /api/v1/ (docs/api.md): django-ninja, with its OpenAPI schema at
/api/v1/openapi.json and Swagger UI at /api/v1/docs, both from files in the packages."""

import functools
import json

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.parser import Parser

from api import coach, errors, journal, states
from api.auth import PerCredential, Session, TokenAuth

DESCRIPTION = """\
Your Rebound journal for scripts, phone shortcuts and other tools: workouts with sets,
sleep, meals, intakes and check-ins; the day states (readiness, its parts, the metrics and
the findings with their evidence, the same numbers as the pages); and, for coaches, the
athletes who share with them. Rebound is a wellness journal, not a medical device.

**Auth**: `Authorization: Bearer <token>` with a personal access token from
[/settings/tokens/](/settings/tokens/) (read, or read and write), or the signed-in
session with its CSRF token (`X-CSRFToken`) for writes.

**Limits**: 120 requests a minute per token (the `API_REQUESTS_PER_MINUTE` setting),
then `429` with `Retry-After`.

**Errors**: always `{"errors": {"field": ["message", ...]}}`; `__all__` for the request as
a whole. `422` for a value the forms refuse (with their messages), `400` for a body that
is not JSON, `404` for an athlete or entry that isn't yours.

**Lists**: `limit` (1-200, default 50) and `offset`; `from` and `to` (yyyy-mm-dd, both
included). **Writes** take an optional `Idempotency-Key` header.
"""


class StrictJSON(Parser):
    """JSON as the standard has it: NaN and Infinity are refused (400), like any non-JSON."""

    def parse_body(self, request: HttpRequest):
        return json.loads(request.body, parse_constant=_refuse)


def _refuse(constant: str):
    raise ValueError(f"{constant} is not JSON")


class ReboundAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The function's name (`list_workouts`), without module prefixes."""
        return operation.view_func.__name__


api = ReboundAPI(
    title="Rebound API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), Session()],
    throttle=[PerCredential()],
    parser=StrictJSON(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
)
errors.install(api)
api.add_router("/", journal.router)
api.add_router("/", states.router)
api.add_router("/", coach.router)


def _json_405(view):
    """Ninja answers a method a path does not take with a plain-text 405; the API says it
    in its one error shape, keeping the Allow header."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = response.get("Allow", "")
        answer = errors.error_response({errors.NON_FIELD: [f"This address takes {allowed}."]}, 405)
        answer["Allow"] = allowed
        return answer

    return wrapped


def urls():
    """The API's URL patterns, for config/urls.py."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _json_405(pattern.callback)
    return patterns, app_name, namespace
