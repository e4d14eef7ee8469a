"""Server time of Rebound's pages as ratios to a floor view measured in the same run.

    .venv/bin/python bench/pages.py [--runs 30] [--roster-athletes 50]

It builds its own SQLite database in a temporary folder (or uses DATABASE_URL when set to a
PostgreSQL database it may fill), with one athlete-year of journal for the pages and a coach
with N athletes × 1 year for the roster. Each page is requested in-process through Django's
test client, so the figures are server time without the network. The floor is a signed-in
view that renders base.html with no data. Never run by the test suite.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"today": 2.5, "week": 2.5, "checkin POST": 2.0, "roster": 4.0}


def setup_django(database_url: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["REBOUND_BENCH_FLOOR"] = "1"
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SESSION_COOKIE_SECURE"] = "false"
    os.environ["CSRF_COOKIE_SECURE"] = "false"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def build_data(roster_athletes: int):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    from journal.management.commands.seed_demo import JournalGenerator
    from journal.models import CoachLink
    from tests.factories import AthleteFactory

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        athlete = AthleteFactory(user__username="bench-athlete", weekly_digest=False)
        JournalGenerator(athlete, "strength", weeks=52).generate()
        coach = User.objects.create_user("bench-coach", password="x")
        stories = ["strength", "steady", "stressed"]
        for i in range(roster_athletes):
            member = AthleteFactory(user__username=f"bench-member-{i}")
            JournalGenerator(member, stories[i % 3], weeks=52).generate()
            CoachLink.objects.create(athlete=member, coach=coach, status="active")
    return athlete, coach


def timed_ms(client, method: str, url: str, **extra) -> float:
    start = time.perf_counter()
    response = getattr(client, method)(url, **extra)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code >= 400:
        raise SystemExit(f"{method.upper()} {url} answered {response.status_code}")
    return elapsed


def interleaved_medians(requests: dict, runs: int) -> dict[str, float]:
    """Median ms of each request, taking them in turn so that whatever else the machine
    is doing slows the floor and the pages alike."""
    timings: dict[str, list[float]] = {name: [] for name in requests}
    for _ in range(runs):
        for name, (client, method, url, extra) in requests.items():
            timings[name].append(timed_ms(client, method, url, **extra))
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--roster-athletes", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        setup_django(url)
        from django.core.cache import cache
        from django.test import Client

        print(
            f"Building data: 1 athlete-year + {args.roster_athletes} athlete-years for the roster"
        )
        started = time.perf_counter()
        athlete, coach = build_data(args.roster_athletes)
        print(f"  built in {time.perf_counter() - started:.0f} s")

        athlete_client = Client()
        athlete_client.force_login(athlete.user)
        coach_client = Client()
        coach_client.force_login(coach)
        checkin = {
            "date": athlete.today().isoformat(),
            "sleep_quality": 3,
            "fatigue": 3,
            "stress": 2,
            "soreness": 4,
            "energy": 4,
        }
        # As the browser sends it: htmx posts the form url-encoded, aimed at its status line.
        checkin_post = {
            "data": urlencode(checkin),
            "content_type": "application/x-www-form-urlencoded",
            "HTTP_HX_REQUEST": "true",
            "HTTP_HX_TARGET": "checkin-status",
        }
        # Warm-up: template caches, the rule settings, and the roster's per-athlete cache.
        for client, path in [
            (athlete_client, "/bench/floor/"),
            (athlete_client, "/today/"),
            (athlete_client, "/week/"),
            (athlete_client, "/trends/"),
            (coach_client, "/coach/"),
        ]:
            client.get(path)

        cache.clear()
        roster_cold = timed_ms(coach_client, "get", "/coach/")
        coach_client.get("/coach/")
        floor_request = (athlete_client, "get", "/bench/floor/", {})
        # Reads: pages served from the athlete's cached evaluation (no write in between).
        measured = interleaved_medians(
            {
                "floor": floor_request,
                "today": (athlete_client, "get", "/today/", {}),
                "week": (athlete_client, "get", "/week/", {}),
                "trends": (athlete_client, "get", "/trends/", {}),
                "roster": (coach_client, "get", "/coach/", {}),
            },
            args.runs,
        )
        # Writes: each check-in POST is a new version of the journal.
        writes = interleaved_medians(
            {
                "floor": floor_request,
                "checkin POST": (athlete_client, "post", "/checkin/", checkin_post),
                "today after a write": (athlete_client, "get", "/today/", {}),
            },
            args.runs,
        )
        for name in ("checkin POST", "today after a write"):
            measured[name] = writes[name] * measured["floor"] / writes["floor"]
        floor = measured["floor"]
        print(f"\n{'page':<14}{'median ms':>10}{'× floor':>10}{'target':>9}  result")
        failed = False
        for page, ms in measured.items():
            ratio = ms / floor
            target = TARGETS.get(page)
            verdict = "" if target is None else ("PASS" if ratio <= target else "FAIL")
            failed |= verdict == "FAIL"
            target_text = f"≤ {target}×" if target else ""
            print(f"{page:<14}{ms:>10.2f}{ratio:>10.2f}{target_text:>9}  {verdict}")
        print(
            f"\nroster, cold cache (every athlete evaluated): {roster_cold:.0f} ms "
            f"= {roster_cold / floor:.1f}× floor; the table above is the warm roster.\n"
            "POST and 'after a write' were timed against the floor in their own interleaved run "
            "and are scaled to this floor."
        )
        return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
