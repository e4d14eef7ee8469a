"""The page bench's database and data: Django set up on a fresh database, then athletes
with a year of journal and coaches' rosters of them."""

import logging
import os
import warnings
from typing import Any
from urllib.parse import unquote, urlsplit

STORIES = ("strength", "steady", "stressed")
PROGRESS_EVERY = 25  # athletes
BENCH_DB_PREFIX = "rebound_bench"


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["REBOUND_BENCH_FLOOR"] = "1"
    os.environ.pop("DEBUG", None)  # DEBUG would log every query and skew the figures
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SESSION_COOKIE_SECURE"] = "false"
    os.environ["CSRF_COOKIE_SECURE"] = "false"
    os.environ["DATABASE_URL"] = database_url
    import django
    from django.conf import settings

    # The bench's own sign-ins (force_login) are not news; nor is a missing collectstatic.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    logging.getLogger("axes").setLevel(logging.WARNING)
    django.setup()
    # No collectstatic here: the manifest storage would refuse every {% static %} tag.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def recreate_postgres_database(database_url: str) -> None:
    """Drop and recreate the benchmark's PostgreSQL database, empty."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = unquote(parts.path.lstrip("/"))
    if not name.startswith(BENCH_DB_PREFIX):
        raise SystemExit(
            f"DATABASE_URL names {name!r}: the bench drops and recreates its database, so it "
            f"only uses one whose name starts with {BENCH_DB_PREFIX!r}."
        )
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password) if parts.password else None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- Data ------------------------------------------------------------------------------------


def new_athlete(username: str, story: str) -> Any:
    """An athlete with 52 weeks of journal, written in one transaction."""
    from django.db import transaction

    from journal.management.commands.seed_demo import JournalGenerator
    from tests.factories import AthleteFactory

    with transaction.atomic():
        # No password: hashing one per athlete would be most of the build; force_login needs none.
        athlete = AthleteFactory(user__username=username, user__password=None, weekly_digest=False)
        JournalGenerator(athlete, story, weeks=52).generate()
    return athlete


def new_roster(coach_name: str, size: int, built: list[int], total: int) -> tuple[Any, list]:
    """A coach with `size` athletes × 1 year; `built` counts athletes across rosters for the
    progress lines."""
    from django.contrib.auth.models import User

    from journal.models import CoachLink

    coach = User.objects.create_user(coach_name, password=None)
    members = []
    for i in range(size):
        member = new_athlete(f"{coach_name}-member-{i}", STORIES[i % len(STORIES)])
        CoachLink.objects.create(athlete=member, coach=coach, status=CoachLink.Status.ACTIVE)
        members.append(member)
        built[0] += 1
        if built[0] % PROGRESS_EVERY == 0 or built[0] == total:
            print(f"  {built[0]}/{total} athlete-years", flush=True)
    return coach, members
