"""schemathesis fuzzes the API from its own OpenAPI schema, in process (WSGI), with a
read-write token: every operation, with its coverage cases (each parameter's edges and
wrong types) and EXAMPLES_PER_OPERATION generated requests, positive and negative. No
answer may be a server error, and every answer must match the schema: its status code,
content type, headers and body. About 90 s on two cores."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import token_for
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachLinkFactory,
    ExerciseFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

EXAMPLES_PER_OPERATION = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def app():
    """The WSGI app, called in the test's transaction. Django closes a connection that is in
    a transaction at the end of each request; its test client stops that for its requests,
    and this does the same for schemathesis's (PostgreSQL would lose the test's connection)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, app, settings):
    settings.API_REQUESTS_PER_MINUTE = 100_000  # the limit has its own test
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def fuzz_token(db):
    """A read-write token for an athlete with a little of everything, who also coaches."""
    athlete = AthleteFactory()
    day = athlete.today()
    ExerciseFactory(name="Squat")
    WorkoutFactory(athlete=athlete, date=day)
    SleepEntryFactory(athlete=athlete, date=day)
    MealFactory(athlete=athlete, date=day)
    CheckInFactory(athlete=athlete, date=day)
    CoachLinkFactory(coach=athlete.user, access="manage")
    return token_for(athlete.user)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI fails only on a real change
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_matches_its_schema_and_never_fails(case, fuzz_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS)
