import pytest
from django.test import Client

from tests.factories import AthleteFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def athlete(db):
    return AthleteFactory()


@pytest.fixture
def athlete_client(athlete) -> Client:
    client = Client()
    client.force_login(athlete.user)
    return client


@pytest.fixture
def outsider_client(db) -> Client:
    client = Client()
    client.force_login(AthleteFactory().user)
    return client
