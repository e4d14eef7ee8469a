"""Bounded load test: two gunicorn app servers on one PostgreSQL, on 127.0.0.1 only.

    .venv/bin/python bench/load.py [--seconds 60] [--clients 50] [--athletes 200]

`make load` runs it; the test suite never does. It

1. recreates the database `rebound_load` (dropdb/createdb -h 127.0.0.1 -U postgres),
   migrates it and collects the static files into a temporary folder;
2. seeds N athletes (4 weeks of journal each, from seed_demo's JournalGenerator, in bulk)
   and one coach with an active link to 50 of them;
3. starts two gunicorn instances (2 sync workers each) with production settings, a shared
   Redis cache (db 7 of the local Redis, flushed first) and sessions in the database;
4. runs closed-loop clients (Python threads + http.client, no think time) for a fixed time.
   Every client alternates between the two servers request by request. The mix: log-ins,
   check-in POSTs (over htmx, as on Today), Today GETs, coach roster GETs and the floor
   view (/bench/floor/: a signed-in page rendering base.html with no data). Clients come in
   three roles: coaches (1 in 10), duplicate groups (3 clients signed in as one athlete who
   meet at a barrier and post the same day at the same moment, to different servers) and
   single athletes (one client per athlete);
5. prints throughput and p50/p95/p99 latency per kind, each beside the floor's, then checks:
   - no 5xx, no transport error, no unexpected status;
   - one check-in per athlete and day (GROUP BY … HAVING count(*) > 1 is empty);
   - every acknowledged check-in POST has its row. A day posted by one client only holds
     exactly that client's last acknowledged values (its posts are sequential); a day posted
     by several clients at once holds the values of one of those posts (the race has no
     defined winner, but the row must be one of them, whole, never a mix).

It exits non-zero if any check fails. The database is left in place for inspection and
recreated at the next run.
"""

import argparse
import http.client
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_setup import (  # noqa: E402
    HOST,
    PASSWORD,
    Seeded,
    flush_redis,
    prepare_database,
    seed,
    server_env,
    start_servers,
    stop_servers,
)
from bench.stats import percentile  # noqa: E402

SCALES = ("sleep_quality", "fatigue", "stress", "soreness", "energy")
KINDS = ("floor GET", "today GET", "check-in POST", "roster GET", "log-in POST")


@dataclass
class Sample:
    kind: str
    latency_s: float
    status: int  # 0: transport error
    expected: bool


@dataclass
class Post:
    athlete_id: int
    day: date
    note: str
    values: dict[str, int]
    client: int
    sent_at: float
    acknowledged: bool = False


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One visitor: a cookie store and a counter that alternates between the two servers."""

    def __init__(self, number: int, ports: list[int], results: Results):
        self.number = number
        self.ports = ports
        self.results = results
        self.cookies: dict[str, str] = {}
        self.sent = 0

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        form: dict | None = None,
        headers: dict | None = None,
        expect: int = 200,
    ) -> tuple[int, bytes]:
        port = self.ports[self.sent % len(self.ports)]
        self.sent += 1
        all_headers = {"Host": f"{HOST}:{port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            connection.request(method, path, body, all_headers)
            response = connection.getresponse()
            content = response.read()
            connection.close()
        except OSError as error:
            latency = time.perf_counter() - started
            with self.results.lock:
                self.results.samples.append(Sample(kind, latency, 0, False))
                self.results.errors.append(f"{kind} {path}: {error!r}")
            return 0, b""
        latency = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        expected = response.status == expect
        if kind == "check-in POST":
            expected = expected and b'data-announce="Check-in saved"' in content
        with self.results.lock:
            self.results.samples.append(Sample(kind, latency, response.status, expected))
            if not expected and len(self.results.errors) < 50:
                self.results.errors.append(
                    f"{kind} {path} on :{port}: {response.status} {content[:200]!r}"
                )
        return response.status, content

    def log_in(self, username: str, kind: str = "log-in POST") -> bool:
        if "csrftoken" not in self.cookies:
            self.request("log-in GET", "GET", "/accounts/login/")
        status, _ = self.request(
            kind,
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD},
            expect=302,
        )
        return status == 302

    def post_checkin(self, athlete_id: int, day: date, note: str, rng: random.Random) -> None:
        values = {name: rng.randint(1, 5) for name in SCALES}
        post = Post(athlete_id, day, note, values, self.number, time.perf_counter())
        with self.results.lock:
            self.results.posts.append(post)
        status, content = self.request(
            "check-in POST",
            "POST",
            "/checkin/",
            {"date": day.isoformat(), "note": note, "next": "/today/", **values},
            headers={
                "HX-Request": "true",
                "HX-Target": "checkin-status",
                "HX-Current-URL": "/today/",
            },
        )
        post.acknowledged = 200 <= status < 400 and b'data-announce="Check-in saved"' in content


def today_utc() -> date:
    return datetime.now(UTC).date()


def single_athlete_loop(client: Client, athlete: tuple[int, str], deadline: float) -> None:
    rng = random.Random(client.number)
    athlete_id, username = athlete
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        roll = rng.random()
        if roll < 0.40:
            client.request("today GET", "GET", "/today/")
        elif roll < 0.72:
            day = today_utc() - timedelta(days=rng.randrange(14))
            client.post_checkin(athlete_id, day, f"c{client.number}-{n}", rng)
        elif roll < 0.97:
            client.request("floor GET", "GET", "/bench/floor/")
        else:
            client.log_in(username)


def duplicate_group_loop(
    client: Client,
    member: int,
    group: int,
    athlete: tuple[int, str],
    barrier: threading.Barrier,
    deadline: float,
) -> None:
    """All members meet, then post the same athlete and day at once, to alternate servers."""
    rng = random.Random(f"group-{group}-member-{member}")
    athlete_id, _ = athlete
    round_number = 0
    while time.perf_counter() < deadline:
        round_number += 1
        day = today_utc() - timedelta(days=random.Random(f"{group}-{round_number}").randrange(7))
        client.sent = round_number + member  # members of one round hit different servers
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            return
        client.post_checkin(athlete_id, day, f"g{group}-m{member}-r{round_number}", rng)
        for _ in range(2):
            if rng.random() < 0.6:
                client.request("today GET", "GET", "/today/")
            else:
                client.request("floor GET", "GET", "/bench/floor/")
    barrier.abort()


def coach_loop(client: Client, coach: str, deadline: float) -> None:
    rng = random.Random(f"coach-{client.number}")
    while time.perf_counter() < deadline:
        roll = rng.random()
        if roll < 0.70:
            client.request("roster GET", "GET", "/coach/")
        elif roll < 0.97:
            client.request("floor GET", "GET", "/bench/floor/")
        else:
            client.log_in(coach)


def run_load(
    ports: list[int], seeded: Seeded, clients: int, seconds: float
) -> tuple[Results, float]:
    results = Results()
    coaches = max(1, clients // 10)
    groups = max(1, clients // 10)
    members = 3
    if coaches + groups * members > clients:
        sys.exit(f"--clients {clients} is too few: at least {coaches + groups * members} needed")
    singles = clients - coaches - groups * members
    if groups + singles > len(seeded.athletes):
        sys.exit("more athlete clients than athletes: raise --athletes")
    # The coach's athletes are the first 50: the check-ins hit the roster's cache keys too.
    group_athletes = seeded.athletes[:groups]
    single_athletes = seeded.athletes[groups : groups + singles]

    plans = []  # (client, username, loop, args)
    number = 0
    for _ in range(coaches):
        plans.append((Client(number, ports, results), seeded.coach, coach_loop, (seeded.coach,)))
        number += 1
    for group, athlete in enumerate(group_athletes):
        barrier = threading.Barrier(members)
        for member in range(members):
            client = Client(number, ports, results)
            args = (member, group, athlete, barrier)
            plans.append((client, athlete[1], duplicate_group_loop, args))
            number += 1
    for athlete in single_athletes:
        plans.append((Client(number, ports, results), athlete[1], single_athlete_loop, (athlete,)))
        number += 1

    print(
        f"signing in {clients} clients ({coaches} coach, {groups}×{members} duplicate group, "
        f"{singles} single athletes)…"
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        signed_in = list(pool.map(lambda plan: plan[0].log_in(plan[1], "warm-up"), plans))
    if not all(signed_in):
        sys.exit(f"{signed_in.count(False)} clients could not log in: {results.errors[:3]}")
    with results.lock:
        results.samples.clear()
        results.errors.clear()

    print(f"running {clients} clients for {seconds:g} s against :{ports[0]} and :{ports[1]}…")
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=loop, args=(client, *args, deadline), daemon=True)
        for client, _, loop, args in plans
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


# ------------------------------------------------------------------ report and checks


def report(results: Results, elapsed: float) -> None:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for sample in results.samples:
        if sample.status:
            by_kind[sample.kind].append(sample.latency_s * 1000)
    floor = by_kind.get("floor GET") or [float("nan")]
    floor_p = [percentile(floor, p) for p in (50, 95, 99)]
    total = sum(len(v) for v in by_kind.values())
    print(
        f"\n{total} requests in {elapsed:.1f} s = {total / elapsed:.1f} req/s "
        "(latency in ms; × = ratio to the floor view's same percentile in this run)"
    )
    print(
        f"{'kind':<15}{'n':>6}{'req/s':>7}{'p50':>8}{'p95':>8}{'p99':>8}"
        f"{'p50×':>7}{'p95×':>7}{'p99×':>7}"
    )
    for kind in [*KINDS, *sorted(set(by_kind) - set(KINDS))]:
        values = by_kind.get(kind)
        if not values:
            continue
        ps = [percentile(values, p) for p in (50, 95, 99)]
        ratios = "".join(f"{v / f:>7.2f}" for v, f in zip(ps, floor_p, strict=True))
        print(
            f"{kind:<15}{len(values):>6}{len(values) / elapsed:>7.1f}"
            f"{ps[0]:>8.0f}{ps[1]:>8.0f}{ps[2]:>8.0f}{ratios}"
        )


def verify(results: Results) -> list[str]:
    from django.db import connection

    from journal.models import CheckIn

    failures = []
    server_errors = sum(1 for s in results.samples if s.status >= 500)
    transport = sum(1 for s in results.samples if s.status == 0)
    unexpected = sum(1 for s in results.samples if s.status and not s.expected)
    print(
        f"\n5xx: {server_errors}   transport errors: {transport}   "
        f"other unexpected answers: {unexpected}"
    )
    if server_errors or transport or unexpected:
        failures.append("errors during the run")
        for line in results.errors[:10]:
            print("  ", line)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT athlete_id, date, count(*) FROM journal_checkin "
            "GROUP BY athlete_id, date HAVING count(*) > 1"
        )
        duplicates = cursor.fetchall()
    print(f"athlete-days with more than one check-in: {len(duplicates)}")
    if duplicates:
        failures.append(f"duplicate check-ins: {duplicates[:5]}")

    posts_by_key: dict[tuple[int, date], list[Post]] = defaultdict(list)
    for post in results.posts:
        posts_by_key[(post.athlete_id, post.day)].append(post)
    acknowledged_keys = {
        k for k, posts in posts_by_key.items() if any(p.acknowledged for p in posts)
    }
    rows = {
        (row.athlete_id, row.date): row
        for row in CheckIn.objects.filter(
            athlete_id__in={k[0] for k in acknowledged_keys},
            date__gte=min((k[1] for k in acknowledged_keys), default=today_utc()),
        )
    }
    missing, wrong_last, not_posted, raced = 0, 0, 0, 0
    for key in acknowledged_keys:
        posts = sorted(posts_by_key[key], key=lambda p: p.sent_at)
        row = rows.get(key)
        if row is None:
            missing += 1
            continue
        stored = (row.note, {name: getattr(row, name) for name in SCALES})
        if len({p.client for p in posts}) == 1:
            # One client, sequential posts: the last acknowledged one, or a later unanswered one.
            last_ack = max(i for i, p in enumerate(posts) if p.acknowledged)
            allowed = [(p.note, p.values) for p in posts[last_ack:]]
            if stored not in allowed:
                wrong_last += 1
        else:
            raced += 1
            if stored not in [(p.note, p.values) for p in posts]:
                not_posted += 1
    acknowledged = sum(1 for p in results.posts if p.acknowledged)
    print(
        f"acknowledged check-in POSTs: {acknowledged} of {len(results.posts)}, "
        f"on {len(acknowledged_keys)} athlete-days ({raced} posted by several clients at once)"
    )
    print(
        f"  row missing: {missing}   single-writer day without its last values: {wrong_last}"
        f"   raced day holding values nobody posted: {not_posted}"
    )
    if missing or wrong_last or not_posted:
        failures.append("acknowledged check-ins not in the database as posted")
    if raced == 0:
        failures.append("no duplicate check-in race happened: the test did not test it")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/7",
        help="shared cache for both servers (this db is flushed); '' for per-process memory",
    )
    args = parser.parse_args()
    if args.seconds > 600 or args.clients > 200:
        parser.error("bounded: at most 600 s and 200 clients")
    if args.redis_url and urllib.parse.urlsplit(args.redis_url).hostname not in (HOST, "localhost"):
        parser.error("the Redis URL must point at 127.0.0.1")

    work = Path(tempfile.mkdtemp(prefix="rebound-load-"))
    env = server_env(str(work / "static"), args.redis_url)
    os.environ.update(env)
    prepare_database(env)
    if args.redis_url:
        flush_redis(args.redis_url)
    seeded = seed(args.athletes)
    ports, processes = start_servers(env, work)
    try:
        results, elapsed = run_load(ports, seeded, args.clients, args.seconds)
    finally:
        stop_servers(processes)
    report(results, elapsed)
    failures = verify(results)
    if failures:
        print(f"\nFAILED: {'; '.join(failures)} (server logs in {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
