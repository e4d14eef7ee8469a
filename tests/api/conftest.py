"""Fixtures for the API's tests: tokens, a client that speaks JSON, the usual visitors."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from api.models import ApiToken
from journal.models import CoachLink
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory

# A Wednesday, 12:00 UTC (as in tests/journal).
NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
BASE = "/api/v1"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


class Api:
    """The test client calling /api/v1 with a token (or a session), in JSON."""

    def __init__(self, secret: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(BASE + path, params or {}, headers={**self.headers, **headers})

    def send(self, method: str, path: str, body=None, **headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        if body is None:
            data = ""
        return getattr(self.client, method)(
            BASE + path,
            data,
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path: str, body=None, **headers):
        return self.send("post", path, body, **headers)

    def patch(self, path: str, body=None, **headers):
        return self.send("patch", path, body, **headers)

    def delete(self, path: str, **headers):
        return self.send("delete", path, None, **headers)


def token_for(user, scope: str = ApiToken.Scope.WRITE, name: str = "Test") -> str:
    return ApiToken.create_for(user, name, scope)[1]


@pytest.fixture
def api(athlete) -> Api:
    """The athlete, with a read-write token."""
    return Api(token_for(athlete.user))


@pytest.fixture
def read_api(athlete) -> Api:
    return Api(token_for(athlete.user, ApiToken.Scope.READ))


@pytest.fixture
def outsider_api(db) -> Api:
    return Api(token_for(AthleteFactory().user))


@pytest.fixture
def view_coach_api(athlete) -> Api:
    link = CoachLinkFactory(athlete=athlete, access=CoachLink.Access.VIEW)
    return Api(token_for(link.coach))


@pytest.fixture
def manage_coach_api(athlete) -> Api:
    link = CoachLinkFactory(athlete=athlete, access=CoachLink.Access.MANAGE)
    return Api(token_for(link.coach))


@pytest.fixture
def anonymous_api(db) -> Api:
    return Api()


@pytest.fixture
def coach_only_api(db) -> Api:
    """A user with no journal of their own."""
    return Api(token_for(UserFactory()))


def errors_of(response) -> dict:
    body = response.json()
    assert set(body) == {"errors"}, body
    return body["errors"]
