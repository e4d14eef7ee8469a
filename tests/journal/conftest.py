"""Shared fixtures for the journal's view tests: a frozen clock and the usual visitors."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from tests.factories import AthleteFactory, CoachLinkFactory

# A Wednesday, 12:00 UTC. In Pacific/Auckland (UTC+13 in March) it is already Thursday 01:00.
NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password per user; the default hasher would make each test slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coach_client(athlete) -> Client:
    """A coach with an active `manage` link to `athlete`: may read, never edit entries."""
    link = CoachLinkFactory(athlete=athlete, access="manage")
    client = Client()
    client.force_login(link.coach)
    return client


@pytest.fixture
def imperial_athlete(db):
    return AthleteFactory(units="imperial")


def login(athlete) -> Client:
    client = Client()
    client.force_login(athlete.user)
    return client
