"""Import benchmark: a year of Strong and a year of FIT files, through the import pages.

    .venv/bin/python bench/imports.py [--days 365] [--database-url URL]

Target (DESIGN.md, Performance): a 1-year Strong export and a year of FIT files each import
in under 30 s, with progress shown. The files are written here: a Strong CSV in Strong's
current layout (4 workouts a week, 6 exercises × 4 sets, warm-ups included), and a ZIP of
one FIT activity a day, each an hour of 1 Hz records (3,600 of them) with its session, by
tests/journal/imports/fit_writer.py. Each goes through Django's test client as an athlete
would: upload (a ZIP over the background threshold is read by the django-tasks job, run
in-process here), preview, confirm, commit with the day-state refresh. SQLite in a temporary
folder unless --database-url names a database whose name starts with `rebound_bench` (it is
emptied first). Never run by the test suite.
"""

import argparse
import io
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 30.0
EXERCISES = (
    "Squat (Barbell)",
    "Bench Press (Barbell)",
    "Deadlift (Barbell)",
    "Overhead Press (Barbell)",
    "Lat Pulldown (Cable)",
    "Bicep Curl (Dumbbell)",
    "Leg Press",
    "Seated Row (Cable)",
)


def strong_year(end: date, days: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    lines = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE"
    ]
    for offset in range(days):
        day = end - timedelta(days=days - 1 - offset)
        if day.weekday() not in (0, 1, 3, 4):
            continue
        start = f"{day.isoformat()} 18:{rng.randrange(0, 59):02d}:{rng.randrange(0, 59):02d}"
        name = "Upper" if day.weekday() in (0, 3) else "Lower"
        duration = f"1h {rng.randrange(0, 59)}m"
        for exercise in rng.sample(EXERCISES, 6):
            lines.append(f'{start},"{name}",{duration},"{exercise}",W,40.0,10.0,0,0,"","",')
            for number in range(1, 5):
                weight = rng.choice((60.0, 70.0, 80.0, 90.0))
                reps = rng.choice((5, 6, 8, 10))
                rpe = rng.choice(("", "7", "8", "8.5", "9"))
                lines.append(
                    f'{start},"{name}",{duration},"{exercise}",{number},{weight},{reps}.0,0,0,"","",{rpe}'
                )
    return ("\n".join(lines) + "\n").encode()


def fit_year(end: date, days: int) -> bytes:
    from tests.journal.imports.fit_writer import activity

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for offset in range(days):
            day = end - timedelta(days=days - 1 - offset)
            start = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC)
            content = activity(start, 60, avg_hr=130 + offset % 30, serial=9001, records=3600)
            out.writestr(f"activities/{day.isoformat()}.fit", content)
    return archive.getvalue()


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SESSION_COOKIE_SECURE"] = "false"
    os.environ["CSRF_COOKIE_SECURE"] = "false"
    os.environ["DATABASE_URL"] = database_url
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import logging
    import warnings

    import django
    from django.conf import settings

    warnings.filterwarnings("ignore", message="No directory at")
    logging.getLogger("axes").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def run(client, content: bytes, name: str) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from journal.models import ImportBatch

    started = time.perf_counter()
    response = client.post(
        "/settings/data/import/files/", {"import_files": [SimpleUploadedFile(name, content)]}
    )
    assert response.status_code == 302, response.content[:500]
    pk = int(re.search(r"/import/(\d+)/", response["Location"])[1])
    read = time.perf_counter() - started
    page = client.get(f"/settings/data/import/{pk}/")
    assert page.status_code == 200
    batch = ImportBatch.objects.get(pk=pk)
    assert batch.status == "ready", (batch.status, batch.message)
    previewed = time.perf_counter() - started
    response = client.post(f"/settings/data/import/{pk}/confirm/", {"default_rpe": "6"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "done", (batch.status, batch.message)
    total = time.perf_counter() - started
    return {
        "read_s": read,
        "preview_s": previewed - read,
        "commit_s": total - previewed,
        "total_s": total,
        "counts": batch.counts,
        "background": bool(batch.spool_dir),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="rebound-bench-imports-")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    if args.database_url and not url.rsplit("/", 1)[-1].startswith("rebound_bench"):
        print("Refusing: the database name must start with rebound_bench.", file=sys.stderr)
        return 2
    setup_django(url)
    from django.core.management import call_command
    from django.test import Client

    call_command("flush", interactive=False, verbosity=0) if args.database_url else None
    call_command("migrate", verbosity=0)
    from journal.models import Athlete
    from tests.factories import AthleteFactory

    end = date.today() - timedelta(days=1)
    print(f"database: {url.split('@')[-1]}   days: {args.days}")
    strong = strong_year(end, args.days)
    fits = fit_year(end, args.days)
    print(f"Strong CSV: {len(strong) / 1e6:.2f} MB   FIT ZIP: {len(fits) / 1e6:.1f} MB")
    failed = False
    for label, content, name in (
        ("Strong, 1 year", strong, "strong.csv"),
        ("FIT, 1 year", fits, "garmin.zip"),
    ):
        athlete = AthleteFactory(timezone="Europe/London")
        client = Client()
        client.force_login(athlete.user)
        result = run(client, content, name)
        ok = result["total_s"] < TARGET_S
        failed = failed or not ok
        counts = result["counts"]
        print(
            f"{label:16} {result['total_s']:6.2f} s total  "
            f"(upload and read {result['read_s']:.2f} s"
            f"{' in the background job' if result['background'] else ''}, preview page "
            f"{result['preview_s']:.2f} s, confirm and commit {result['commit_s']:.2f} s)  "
            f"{counts['workouts']} workouts, {counts['sets']} sets, {counts['warmup_sets']} "
            f"warm-ups  {'OK' if ok else 'OVER'} (target {TARGET_S:.0f} s)"
        )
        Athlete.objects.filter(pk=athlete.pk).delete()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
