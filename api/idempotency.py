"""Writes that may be sent twice: the `Idempotency-Key` header.

A client that may resend a write (a phone shortcut on a bad connection) sends a key of its
choosing with it. The first successful answer to that key is kept for 24 hours, for the
account: the same key with the same request (method, address and JSON body) gets that
answer again, with `Idempotent-Replayed: true`, and nothing is written. The same key with
another request is refused (422). An answer that was not a success is not kept, so a
corrected request may reuse its key.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Annotated

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Header, Schema

from api.errors import ApiError
from api.models import IdempotentRequest

IdempotencyKey = Annotated[
    str | None,
    Header(
        None,
        alias="Idempotency-Key",
        description="Optional: any string of 1–255 visible ASCII characters, new for each "
        "write. The same key and request within 24 hours answer what the first did, and "
        "write nothing.",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
    ),
]

Answer = tuple[int, Schema | None]


def once(request: HttpRequest, key: str | None, write: Callable[[], Answer]) -> HttpResponse:
    """Run `write` in one transaction and answer its (status, body) as JSON, once per key."""
    if key is None:
        with transaction.atomic():
            status, body = write()
        return _response(status, _encode(body))
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        claimed, earlier = IdempotentRequest.claim(request.user, key, fingerprint)
        if earlier is not None:
            if earlier.fingerprint != fingerprint:
                raise ApiError(
                    {
                        "Idempotency-Key": [
                            "This key was used for a different request in the last 24 hours. "
                            "Send a new key with each new request."
                        ]
                    }
                )
            response = _response(earlier.status_code, earlier.response)
            response["Idempotent-Replayed"] = "true"
            return response
        status, body = write()  # bad input raises: the claim rolls back with the transaction
        content = _encode(body)
        claimed.status_code, claimed.response = status, content
        claimed.save(update_fields=["status_code", "response"])
    return _response(status, content)


def _encode(body: Schema | None) -> str:
    return "" if body is None else json.dumps(body.model_dump(mode="json"))


def _response(status: int, content: str) -> HttpResponse:
    if status == 204:
        return HttpResponse(status=204)
    return HttpResponse(content, status=status, content_type="application/json")


def _fingerprint(request: HttpRequest) -> str:
    """The request in one hash: its method, path and JSON body (key order and spacing
    aside). A body that is not JSON (one a DELETE need not have) counts byte for byte."""
    try:
        body = json.loads(request.body) if request.body else None
    except (ValueError, RecursionError):
        body = hashlib.sha256(request.body).hexdigest()
    canonical = json.dumps(
        [request.method, request.path, body], sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
