"""The load test's ground: a fresh PostgreSQL database seeded in bulk, Redis flushed, and
two gunicorn app servers on 127.0.0.1."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address this script ever sends a request to
PG = ["-h", HOST, "-p", "5432", "-U", "postgres"]
DB_NAME = "rebound_load"
PASSWORD = "load-test-password-1"  # noqa: S105 (a throwaway local database)
COACHED = 50
STORIES = ("strength", "steady", "stressed")


def run(command: list[str], env: dict | None = None) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def server_env(static_root: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{DB_NAME}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=static_root,
        REBOUND_BENCH_FLOOR="1",
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare_database(env: dict[str, str]) -> None:
    if subprocess.run(["pg_isready", "-q", *PG[:4]]).returncode != 0:
        sys.exit(f"PostgreSQL does not answer on {HOST}:5432 (see README: start it first).")
    run(["dropdb", "--if-exists", *PG, DB_NAME])
    run(["createdb", *PG, DB_NAME])
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()


@dataclass
class Seeded:
    athletes: list[tuple[int, str]]  # (athlete id, username)
    coach: str


def seed(athletes: int) -> Seeded:
    """Users, athletes and a coach in bulk; 4 weeks of journal per athlete."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from journal.management.commands.seed_demo import JournalGenerator
    from journal.models import Athlete, CoachLink, Exercise

    started = time.perf_counter()
    password_hash = make_password(PASSWORD)  # one hash for all: hashing is not what we seed
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=f"load-{n:03d}",
                    email=f"load-{n:03d}@example.com",
                    password=password_hash,
                )
                for n in range(athletes)
            ]
        )
        coach = User.objects.create(username="load-coach", password=password_hash)
        profiles = Athlete.objects.bulk_create(
            [
                Athlete(
                    user=user,
                    display_name=f"Load Athlete {n:03d}",
                    timezone="UTC",
                    focus=("strength", "endurance", "mixed")[n % 3],
                    goal="maintain",
                    body_mass_kg=60 + n % 30,
                )
                for n, user in enumerate(users)
            ]
        )
        exercises = {exercise.name: exercise for exercise in Exercise.objects.all()}
        for n, athlete in enumerate(profiles):
            JournalGenerator(athlete, STORIES[n % 3], exercises, weeks=4).generate()
        CoachLink.objects.bulk_create(
            [
                CoachLink(
                    athlete=athlete,
                    coach=coach,
                    status=CoachLink.Status.ACTIVE,
                    access=CoachLink.Access.VIEW,
                    accepted_at=timezone.now(),
                )
                for athlete in profiles[:COACHED]
            ]
        )
    connection.close()
    print(
        f"seeded {athletes} athletes × 4 weeks + 1 coach in {time.perf_counter() - started:.1f} s"
    )
    return Seeded([(a.pk, a.user.username) for a in profiles], coach.username)


def free_port() -> int:

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_servers(env: dict[str, str], log_dir: Path) -> tuple[list[int], list[subprocess.Popen]]:
    ports, processes = [], []
    for n in range(2):
        port = free_port()
        log = (log_dir / f"gunicorn-{n}.log").open("w")
        processes.append(
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *("--bind", f"{HOST}:{port}", "--workers", "2", "--timeout", "60"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        ports.append(port)
    deadline = time.monotonic() + 30
    for port, process in zip(ports, processes, strict=True):
        while True:
            if process.poll() is not None:
                sys.exit(f"gunicorn on port {port} exited; see {log_dir}")
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn on port {port} did not answer /healthz; see {log_dir}")
            time.sleep(0.2)
    return ports, processes


def stop_servers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------ clients
