"""One error shape for every answer that is not a success: `{"errors": {field: [message]}}`.

Bad input is 422 (a field's value) or 400 (a body or address that can't be read at all);
401, 403, 404 and 429 say why in the same shape, under `__all__`. The messages for a
field's value are the forms' own, so the API and the pages say the same thing.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

NON_FIELD = "__all__"


class ErrorOut(Schema):
    errors: dict[str, list[str]]


class ApiError(Exception):
    """Raised by an endpoint: answered as {"errors": ...} with `status`."""

    def __init__(self, errors: dict[str, list[str]], status: int = 422):
        self.errors = errors
        self.status = status
        super().__init__(errors)


def error_response(errors: dict[str, list[str]], status: int) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def form_errors(form, renamed: dict[str, str] | None = None, prefix: str = "") -> dict:
    """A Django form's errors as {api field: [messages]}; `renamed` maps a form field to
    the API's name for it (the form's `load` is the API's `load_kg`)."""
    renamed = renamed or {}
    out: dict[str, list[str]] = {}
    for field, errors in form.errors.get_json_data().items():
        name = renamed.get(field, field)
        key = NON_FIELD if field == NON_FIELD and not prefix else f"{prefix}{name}"
        out.setdefault(key, []).extend(error["message"] for error in errors)
    return out


# What a value of the wrong type gets: the message the form field of that type gives.
TYPE_MESSAGES = {
    "missing": "This field is required.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "float_parsing": "Enter a number.",
    "float_type": "Enter a number.",
    "finite_number": "Enter a number.",
    "decimal_parsing": "Enter a number.",
    "decimal_type": "Enter a number.",
    "date_parsing": "Enter a valid date.",
    "date_type": "Enter a valid date.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_from_datetime_inexact": "Enter a valid date.",
    "date_past": "Enter a valid date.",
    "date_future": "Enter a valid date.",
    "time_parsing": "Enter a valid time.",
    "time_type": "Enter a valid time.",
    "bool_parsing": "Enter true or false.",
    "bool_type": "Enter true or false.",
    "string_type": "Enter text.",
    "string_unicode": "Enter text.",
    "list_type": "Enter a list.",
    "uuid_parsing": "Enter a valid id.",
    "uuid_type": "Enter a valid id.",
    "extra_forbidden": "Rebound does not know this field.",
    "dict_type": "Send a JSON object.",
    "model_type": "Send a JSON object.",
    "model_attributes_type": "Send a JSON object.",
    "string_pattern_mismatch": "Enter a valid value.",
}


def pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("less_than_equal", "less_than"):
        return f"Ensure this value is less than or equal to {ctx.get('le', ctx.get('lt'))}."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Ensure this value is greater than or equal to {ctx.get('ge', ctx.get('gt'))}."
    if kind == "string_too_long":
        return f"Ensure this value has at most {ctx.get('max_length')} characters."
    if kind == "too_long":
        return f"Send at most {ctx.get('max_length')} items."
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    return TYPE_MESSAGES.get(kind) or error.get("msg") or "Enter a valid value."


def error_key(loc: tuple) -> str:
    """`("body", "payload", "sets", 0, "reps")` → `sets.0.reps`; `("query", "limit")` →
    `limit`."""
    source, rest = (loc[0], loc[1:]) if loc else ("", ())
    if source == "body":
        rest = rest[1:]  # the name of the endpoint's payload argument
    return ".".join(str(part) for part in rest) or NON_FIELD


def validation_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in exc.errors:
        key = error_key(tuple(error.get("loc", ())))
        message = pydantic_message(error)
        if key == NON_FIELD and error.get("type") == "missing":
            message = "Send a JSON object in the request body."
        if message not in out.setdefault(key, []):
            out[key].append(message)
    return out


def install(api: NinjaAPI) -> None:
    """Answer every failure of `api` in the one shape."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.errors, exc.status)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(validation_errors(exc), 422)

    @api.exception_handler(DjangoValidationError)
    def model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            return error_response(
                {k: [str(m) for m in v] for k, v in exc.message_dict.items()}, 422
            )
        return error_response({NON_FIELD: list(exc.messages)}, 422)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = error_response({NON_FIELD: ["Too many requests: wait and try again."]}, 429)
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message
        if message == "Unauthorized":
            message = "Send a token (Authorization: Bearer …) or sign in."
        response = error_response({NON_FIELD: [message]}, 401)
        response["WWW-Authenticate"] = 'Bearer realm="Rebound"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = exc.message
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            return error_response({"body": ["Send the body as a JSON object (UTF-8)."]}, 400)
        if message == "CSRF check Failed":
            message = "Signed-in writes need the CSRF token (X-CSRFToken), or use a token."
        return error_response({NON_FIELD: [message]}, exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response({NON_FIELD: ["Not found."]}, 404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response({NON_FIELD: [str(exc) or "You may not do this."]}, 403)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response({"body": ["The body is too large."]}, 400)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return error_response({NON_FIELD: ["This request can't be read."]}, 400)


def not_found_view(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a 404 in the API's shape, not the site's page."""
    from django.urls import Resolver404, resolve

    message = "Not found."
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api_not_found":
            message = f"Not found. API addresses end with a slash: {request.path}/"
    return error_response({NON_FIELD: [message]}, 404)
