import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import AthleteFactory


def pytest_collection_modifyitems(items) -> None:
    """Every transactional test restores the serialized database (the guidance articles and
    groups that migrations create). Mixing both kinds breaks whichever serialized test runs
    after a plain one: its flush re-creates content types under new ids."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered guidance and the throttles' counts (config.throttle) live in the cache: no
    test inherits another's."""
    cache.clear()
    yield
    cache.clear()


def client_for(user, **options) -> Client:
    """A test client signed in as `user`; `options` go to Client (raise_request_exception=False,
    say, to see a 500 as a response)."""
    client = Client(**options)
    client.force_login(user)
    return client


@pytest.fixture
def athlete(db):
    return AthleteFactory()


@pytest.fixture
def athlete_client(athlete) -> Client:
    return client_for(athlete.user)


@pytest.fixture
def outsider_client(db) -> Client:
    return client_for(AthleteFactory().user)
