"""Who is calling the API: a personal access token (`Authorization: Bearer …`) or the
signed-in session (with its CSRF token for writes). And how often they may.

Limits (config.throttle, counted in the cache like the site's other limits):
- API_REQUESTS_PER_MINUTE (default 120) requests a minute for each token, or for each
  signed-in user calling with their session;
- 20 requests with a token that is not valid in 15 minutes for each client address.
Over a limit the answer is 429 with Retry-After (the window's length, in seconds).
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError, Throttled
from ninja.security import SessionAuth
from ninja.security.http import HttpBearer
from ninja.throttling import BaseThrottle

from api.models import ApiToken
from config import throttle
from config.middleware import client_ip

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
BAD_TOKENS_PER_ADDRESS = throttle.Limit("api-bad-token-address", 20, timedelta(minutes=15))


def requests_per_credential() -> throttle.Limit:
    return throttle.Limit("api-requests", settings.API_REQUESTS_PER_MINUTE, timedelta(minutes=1))


class TokenAuth(HttpBearer):
    """A personal access token. A token that is unknown or revoked is refused (401), not
    passed on to the session; a read-only token gets 403 on any write."""

    def __call__(self, request: HttpRequest):
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = ApiToken.objects.for_secret(token)
        if found is None:
            if exceeded := throttle.count_attempt(
                (BAD_TOKENS_PER_ADDRESS, client_ip(request) or "")
            ):
                raise Throttled(wait=exceeded.window_seconds)
            raise AuthenticationError(
                message="This token is not valid (mistyped or revoked): make one at "
                "/settings/tokens/."
            )
        if request.method not in SAFE_METHODS and not found.may_write:
            raise AuthorizationError(
                message="This token may only read: make a read-write token at /settings/tokens/."
            )
        found.mark_used()
        request.user = found.user
        request.api_token = found
        return found


class Session(SessionAuth):
    """The signed-in user of the site's own pages; writes need the CSRF token."""

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


class PerCredential(BaseThrottle):
    """API_REQUESTS_PER_MINUTE for each token, or each signed-in user."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        identity = f"token:{token.pk}" if token else f"user:{request.user.pk}"
        return throttle.count_attempt((requests_per_credential(), identity)) is None

    def wait(self) -> float:
        return requests_per_credential().window_seconds
