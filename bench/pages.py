"""Server time of Rebound's pages and writes, cold and warm, as ratios to a floor view.

    make bench                                   # SQLite, in a temporary folder
    .venv/bin/python bench/pages.py [--runs 30] [--roster-athletes 50] [--big-roster 200]
                                    [--big-roster-runs N] [--only today,checkin,...]

On PostgreSQL, point DATABASE_URL at a database whose name starts with `rebound_bench`:

    createdb -h 127.0.0.1 -U postgres rebound_bench_pages      # once; optional
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rebound_bench_pages \\
        .venv/bin/python bench/pages.py

The script drops and recreates that database at the start of every run (through psycopg, on
the server's `postgres` database), then migrates it, so a run never sees the rows or the
schema of an earlier one, even one made by another version of the app. It refuses any other
database name, so it cannot empty a real one by mistake.

Data: one athlete-year of journal (JournalGenerator, 52 weeks) for the athlete's pages, a
coach with --roster-athletes athletes × 1 year, and a second coach with --big-roster athletes
× 1 year (0 skips it). Requests go in-process through Django's test client, so the figures
are server time without the network. The floor (bench/floor.py, mounted at /bench/floor/ by
REBOUND_BENCH_FLOOR=1) is a signed-in view that renders base.html with no data.

"Cold" is the first GET right after a journal write for that athlete and a cache.clear();
"warm" is the same GET repeated at once. Each of the --runs rounds takes the floor at its
start and its end, and every row once in between, so whatever else the machine is doing
slows the floor and the pages alike: ratios to the floor median of the same run are what to
compare between machines, databases and versions of the app.

It imports only what the app had before day states (recovery.models.DayState) too, so it
also runs on an older checkout: `cd <checkout> && PYTHONPATH=<checkout> <venv>/bin/python
bench/pages.py`; the header prints which `journal` package was imported. Never run by the
test suite.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# First on the path, so an older checkout's code wins over the editable install's.
sys.path.insert(0, str(ROOT))

from bench.scenarios import (  # noqa: E402
    new_athlete,
    new_roster,
    recreate_postgres_database,
    setup_django,
)
from bench.stats import form_errors, quartiles, timed_ms  # noqa: E402

SETS_PER_WORKOUT = 12


@dataclass
class Row:
    name: str
    target: float | None  # × floor; None for the warm rows, printed for information
    samples: list[float] = field(default_factory=list)


@dataclass
class Item:
    """What one round measures together: an untimed write, cache.clear(), the timed requests."""

    key: str  # for --only
    rows: list[Row]
    measure: Callable[[int], list[float]]  # round number -> one ms per row
    rounds: int | None = None  # fewer rounds than --runs, when set


class Bench:
    """The clients, the data the writes change, and one method per item of a round."""

    def __init__(self, athlete: Any, rosters: dict[str, tuple[Any, list]]) -> None:
        from django.test import Client

        from journal.models import Exercise, Workout

        self.athlete = athlete
        self.client = Client()
        self.client.force_login(athlete.user)
        self.coach_clients: dict[str, Any] = {}
        self.roster_members: dict[str, list] = {}
        self.coaches = {key: coach for key, (coach, _) in rosters.items()}
        for key, (coach, members) in rosters.items():
            self.coach_clients[key] = Client()
            self.coach_clients[key].force_login(coach)
            self.roster_members[key] = members
        self.posts = 0  # check-in POSTs so far: each flips an answer, so each is a change
        self.today_checkins: dict[int, Any] = {}  # athlete pk -> today's CheckIn
        self.exercise = Exercise.objects.filter(name="Back squat").first() or (
            Exercise.objects.order_by("pk").first()
        )
        if self.exercise is None:
            raise SystemExit("The exercise catalogue is empty: the migrations should seed it.")
        self.oldest = (
            Workout.objects.filter(athlete=athlete)
            .order_by("date", "started_at")
            .prefetch_related("sets")
            .first()
        )

    # Writes ---------------------------------------------------------------------------------

    def checkin_post(self) -> dict[str, Any]:
        """Today's check-in as htmx posts it (url-encoded, aimed at its status line), with
        the fatigue flipped between 3 and 4 so that every POST changes the journal."""
        self.posts += 1
        answers = {
            "date": self.athlete.today().isoformat(),
            "sleep_quality": 3,
            "fatigue": 3 + self.posts % 2,
            "stress": 2,
            "soreness": 4,
            "energy": 4,
        }
        return {
            "data": urlencode(answers),
            "content_type": "application/x-www-form-urlencoded",
            "HTTP_HX_REQUEST": "true",
            "HTTP_HX_TARGET": "checkin-status",
        }

    def new_workout_data(self) -> dict[str, str]:
        """The workout form as the browser posts it, with a 12-row sets formset."""
        data = {
            "date": self.athlete.today().isoformat(),
            "time": "07:30",
            "kind": "strength",
            "title": "Bench session",
            "duration_min": "60",
            "rpe": "7",
            "notes": "",
            **management_form(total=SETS_PER_WORKOUT, initial=0),
        }
        for i in range(SETS_PER_WORKOUT):
            data |= {
                f"sets-{i}-exercise": str(self.exercise.pk),
                f"sets-{i}-reps": "5",
                f"sets-{i}-load": str(100 + i),
                f"sets-{i}-rir": "2",
            }
        return data

    def edit_oldest_data(self, round_number: int) -> dict[str, str]:
        """The oldest workout's edit form as the browser posts it back (its sets included),
        with the duration moved between two values so every POST changes it."""
        workout = self.oldest
        local_start = workout.started_at.astimezone(self.athlete.tz)
        sets = list(workout.sets.all())
        duration = workout.duration_min + (5 if round_number % 2 == 0 else 0)
        data = {
            "date": workout.date.isoformat(),
            "time": local_start.strftime("%H:%M"),
            "kind": workout.kind,
            "title": workout.title,
            "duration_min": str(duration),
            "rpe": "" if workout.rpe is None else str(workout.rpe),
            "notes": workout.notes,
            **management_form(total=len(sets), initial=len(sets)),
        }
        for i, exercise_set in enumerate(sets):
            data |= {
                f"sets-{i}-id": str(exercise_set.pk),
                f"sets-{i}-workout": str(workout.pk),
                f"sets-{i}-exercise": str(exercise_set.exercise_id),
                f"sets-{i}-reps": str(exercise_set.reps),
                f"sets-{i}-load": str(exercise_set.load_kg),
                f"sets-{i}-rir": "" if exercise_set.rir is None else str(exercise_set.rir),
            }
        return data

    def write_checkin(self) -> None:
        timed_ms(self.client, "post", "/checkin/", 200, **self.checkin_post())

    def write_every_member(self, key: str, round_number: int) -> None:
        """Today's check-in of every athlete on the roster, created or changed through the
        ORM so that post_save fires for each as it would for their own writes."""
        from django.db import transaction

        from journal.models import CheckIn

        with transaction.atomic():  # untimed; one commit instead of one per athlete
            for member in self.roster_members[key]:
                checkin = self.today_checkins.get(member.pk)
                if checkin is None:
                    today = member.today()
                    checkin = CheckIn.objects.filter(athlete=member, date=today).first()
                    checkin = checkin or CheckIn(
                        athlete=member, date=today, sleep_quality=3, stress=3, soreness=3, energy=3
                    )
                    self.today_checkins[member.pk] = checkin
                checkin.fatigue = 3 + round_number % 2
                checkin.save()

    # Items ----------------------------------------------------------------------------------

    def page(self, url: str, **headers: str) -> Callable[[int], list[float]]:
        def measure(round_number: int) -> list[float]:
            from django.core.cache import cache

            self.write_checkin()
            cache.clear()
            cold = timed_ms(self.client, "get", url, 200, **headers)
            warm = timed_ms(self.client, "get", url, 200, **headers)
            return [cold, warm]

        return measure

    def bearer(self, user: Any) -> dict[str, str]:
        """The Authorization header of a new read-only API token for `user`, as a client
        of the API sends it."""
        from api.models import ApiToken

        secret = ApiToken.create_for(user, "bench", ApiToken.Scope.READ)[1]
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def checkin(self, round_number: int) -> list[float]:
        from django.core.cache import cache

        post = self.checkin_post()
        cache.clear()
        return [timed_ms(self.client, "post", "/checkin/", 200, **post)]

    def workout_save(self, round_number: int) -> list[float]:
        from django.core.cache import cache

        from journal.models import Workout

        data = self.new_workout_data()
        cache.clear()
        ms = timed_ms(self.client, "post", "/journal/workouts/new/", 302, data=data)
        # Untimed: deleted again, so that today does not pile up a workout per round.
        Workout.objects.filter(athlete=self.athlete).latest("pk").delete()
        return [ms]

    def edit_year_back(self, round_number: int) -> list[float]:
        from django.core.cache import cache

        data = self.edit_oldest_data(round_number)
        cache.clear()
        url = f"/journal/workouts/{self.oldest.pk}/edit/"
        return [timed_ms(self.client, "post", url, 302, data=data)]

    def roster(
        self, key: str, url: str = "/coach/", **headers: str
    ) -> Callable[[int], list[float]]:
        def measure(round_number: int) -> list[float]:
            from django.core.cache import cache

            self.write_every_member(key, round_number)
            cache.clear()
            client = self.coach_clients[key]
            cold = timed_ms(client, "get", url, 200, **headers)
            warm = timed_ms(client, "get", url, 200, **headers)
            return [cold, warm]

        return measure

    def floor(self) -> float:
        return timed_ms(self.client, "get", "/bench/floor/", 200)

    def check_writes(self) -> None:
        """Once before the rounds: the workout forms must be accepted (302), or the bench
        would time a redrawn form with errors."""
        from journal.models import Workout

        for url, data in [
            ("/journal/workouts/new/", self.new_workout_data()),
            (f"/journal/workouts/{self.oldest.pk}/edit/", self.edit_oldest_data(1)),
        ]:
            response = self.client.post(url, data)
            if response.status_code != 302:
                raise SystemExit(
                    f"POST {url} answered {response.status_code}, not 302{form_errors(response)}."
                    "\nThe form fields this bench posts no longer match journal/forms/ "
                    "(WorkoutForm, exercise_set_formset)."
                )
        Workout.objects.filter(athlete=self.athlete).latest("pk").delete()
        self.oldest.refresh_from_db()


def management_form(total: int, initial: int) -> dict[str, str]:
    return {
        "sets-TOTAL_FORMS": str(total),
        "sets-INITIAL_FORMS": str(initial),
        "sets-MIN_NUM_FORMS": "0",
        "sets-MAX_NUM_FORMS": "1000",
    }


def item_rows(args: argparse.Namespace) -> dict[str, list[Row]]:
    """Each item's rows and their targets (× floor, cold); warm rows have none."""
    n, big = args.roster_athletes, args.big_roster
    rows = {
        "today": [Row("today cold", 2.5), Row("today warm", None)],
        "week": [Row("week cold", 2.5), Row("week warm", None)],
        "trends": [Row("trends cold", 2.5), Row("trends warm", None)],
        "checkin": [Row("checkin POST", 2.0)],
        "workout": [Row(f"workout save {SETS_PER_WORKOUT} sets", 3.0)],
        "edit": [Row("edit a year back", 10.0)],
        "roster": [Row(f"roster {n} cold", 4.0), Row(f"roster {n} warm", None)],
        "big-roster": [Row(f"roster {big} cold", 6.0), Row(f"roster {big} warm", None)],
        # The API's reads of the same numbers, with a token; held to the pages' targets.
        "api-states": [Row("API states cold", 2.5), Row("API states warm", None)],
        "api-roster": [Row(f"API roster {n} cold", 4.0), Row(f"API roster {n} warm", None)],
    }
    if not n:
        del rows["roster"], rows["api-roster"]
    if not big:
        del rows["big-roster"]
    return rows


def parse_only(value: str | None, rows: dict[str, list[Row]]) -> set[str]:
    """The items to run: --only takes item keys or row names ("roster 50 cold" runs the
    roster item, warm row included: a warm GET needs its cold one before it)."""
    if not value:
        return set(rows)
    names = {key: key for key in rows} | {
        row.name.lower(): key for key, item_rows in rows.items() for row in item_rows
    }
    chosen = set()
    for token in (t.strip().lower() for t in value.split(",") if t.strip()):
        if token not in names:
            raise SystemExit(f"--only: unknown name {token!r}; use one of {', '.join(names)}")
        chosen.add(names[token])
    return chosen


def items_for(bench: Bench, rows: dict[str, list[Row]], args: argparse.Namespace) -> list[Item]:
    measures: dict[str, Callable[[int], list[float]]] = {
        "today": bench.page("/today/"),
        "week": bench.page("/week/"),
        "trends": bench.page("/trends/"),
        "checkin": bench.checkin,
        "workout": bench.workout_save,
        "edit": bench.edit_year_back,
        "roster": bench.roster("roster"),
        "big-roster": bench.roster("big-roster"),
    }
    if "api-states" in rows:
        measures["api-states"] = bench.page("/api/v1/states/", **bench.bearer(bench.athlete.user))
    if "api-roster" in rows:
        measures["api-roster"] = bench.roster(
            "roster", "/api/v1/coach/athletes/?limit=100", **bench.bearer(bench.coaches["roster"])
        )
    return [
        Item(key, item_rows, measures[key], args.big_roster_runs if key == "big-roster" else None)
        for key, item_rows in rows.items()
    ]


def run_rounds(bench: Bench, items: list[Item], runs: int) -> list[float]:
    """`runs` rounds: the floor, every item in turn, the floor again. Returns the floor samples."""
    floor: list[float] = []
    started = time.perf_counter()
    for round_number in range(runs):
        floor.append(bench.floor())
        for item in items:
            if item.rounds is not None and round_number >= item.rounds:
                continue
            for row, ms in zip(item.rows, item.measure(round_number), strict=True):
                row.samples.append(ms)
        floor.append(bench.floor())
        if (round_number + 1) % 5 == 0 or round_number + 1 == runs:
            elapsed = time.perf_counter() - started
            print(f"  round {round_number + 1}/{runs} ({elapsed:.0f} s)", flush=True)
    return floor


def report(floor: list[float], items: list[Item]) -> bool:
    """Print the table; True if every target was met."""
    floor_q1, floor_median, floor_q3 = quartiles(floor)
    print(
        f"\nfloor: median {floor_median:.2f} ms, p25–p75 {floor_q1:.2f}–{floor_q3:.2f} ms "
        f"({len(floor)} samples)\n"
    )
    print(f"{'row':<22}{'median ms':>10}{'p25–p75 ms':>18}{'× floor':>9}{'target':>9}  result")
    passed = True
    for item in items:
        for row in item.rows:
            q1, median, q3 = quartiles(row.samples)
            ratio = median / floor_median
            target = f"≤ {row.target}×" if row.target is not None else ""
            verdict = ""
            if row.target is not None:
                verdict = "PASS" if ratio <= row.target else "FAIL"
                passed &= verdict == "PASS"
            spread = f"{q1:.1f}–{q3:.1f}"
            print(f"{row.name:<22}{median:>10.2f}{spread:>18}{ratio:>9.2f}{target:>9}  {verdict}")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30, help="interleaved rounds, at least 30")
    parser.add_argument("--roster-athletes", type=int, default=50)
    parser.add_argument("--big-roster", type=int, default=200, help="athletes; 0 skips it")
    parser.add_argument(
        "--big-roster-runs",
        type=int,
        default=None,
        help="rounds that include the big roster (default: all); printed when fewer",
    )
    parser.add_argument(
        "--only",
        default=None,
        help="comma-separated items (today, week, trends, checkin, workout, edit, roster, "
        "api-states, api-roster, "
        "big-roster) or row names",
    )
    args = parser.parse_args()
    if args.runs < 30:
        parser.error("--runs must be at least 30: fewer makes the medians too noisy to compare")
    if args.big_roster_runs is not None and not 1 <= args.big_roster_runs <= args.runs:
        parser.error("--big-roster-runs must be between 1 and --runs")
    if args.big_roster == args.roster_athletes and args.big_roster:
        parser.error("--big-roster and --roster-athletes must differ (their rows share names)")
    only = parse_only(args.only, item_rows(args))
    rows = {key: value for key, value in item_rows(args).items() if key in only}
    rosters = {
        key: size
        for key, size in (("roster", args.roster_athletes), ("big-roster", args.big_roster))
        if key in rows or f"api-{key}" in rows
    }

    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        if url.startswith(("postgres://", "postgresql://")):
            recreate_postgres_database(url)
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection

        import journal

        call_command("migrate", verbosity=0)
        big_rounds = args.big_roster_runs or args.runs
        print(f"database: {connection.vendor}; runs: {args.runs}")
        print(f"app code: {Path(journal.__file__).parent.parent} (journal from {journal.__file__})")
        if "big-roster" in rosters and big_rounds < args.runs:
            print(
                f"NOTE: the roster of {args.big_roster} is measured in the first {big_rounds} "
                f"rounds only, not all {args.runs}"
            )

        total = 1 + sum(rosters.values())
        print(f"Building data: {total} athlete-years", flush=True)
        started = time.perf_counter()
        athlete = new_athlete("bench-athlete", "strength")
        built = [1]
        coaches = {
            key: new_roster(f"bench-coach-{key}", size, built, total)
            for key, size in rosters.items()
        }
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)

        bench = Bench(athlete, coaches)
        bench.check_writes()
        items = items_for(bench, rows, args)
        # Warm-up round, not counted: template and code caches, the rule settings, sessions.
        bench.floor()
        for item in items:
            item.measure(args.runs)

        print(f"Measuring {args.runs} rounds", flush=True)
        floor = run_rounds(bench, items, args.runs)
        passed = report(floor, items)
        return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
