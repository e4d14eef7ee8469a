"""Engine benchmark: one athlete-year of dense synthetic data.

Run from the repo root with `.venv/bin/python bench/engine.py`. Prints the median time
of `evaluate` (target: 5 ms) and of `evaluate_days` over a week. No Django.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repo root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recovery.engine import (  # noqa: E402
    AthleteProfile,
    CheckIn,
    DayRecord,
    EngineInput,
    Intake,
    Meal,
    Session,
    Sleep,
    epley_e1rm,
    evaluate,
    evaluate_days,
    metric_series,
)

TARGET_MS = 5.0
LIFTS = ("Back squat", "Bench press", "Deadlift", "Overhead press")


def build_input(days: int = 365, seed: int = 7, end: date = date(2025, 6, 30)) -> EngineInput:
    """A deterministic, dense year: training, sleep, meals, intakes and a check-in daily."""
    rng = random.Random(seed)
    athlete = AthleteProfile(
        body_mass_kg=78.0,
        focus="mixed",
        goal="gain_muscle",
        kcal_target=2900,
        timezone="Europe/London",
    )
    start = end - timedelta(days=days - 1)
    records = []
    mass = 78.0
    for offset in range(days):
        day = start + timedelta(days=offset)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        sessions = []
        e1rm: dict[str, float] = {}
        if rng.random() < 0.8:
            for _ in range(rng.choice((1, 1, 2))):
                kind = rng.choice(("strength", "cardio", "sport", "mobility", "active_recovery"))
                sessions.append(
                    Session(
                        kind=kind,
                        duration_min=rng.randint(20, 110),
                        rpe=round(rng.uniform(2, 9), 1),
                        start=noon + timedelta(hours=rng.uniform(-5, 6)),
                    )
                )
                if kind == "strength":
                    for lift in rng.sample(LIFTS, 2):
                        value = epley_e1rm(rng.uniform(60, 160), rng.randint(1, 10))
                        if value is not None:
                            e1rm[lift] = max(e1rm.get(lift, 0.0), value)
        bedtime = noon - timedelta(hours=rng.uniform(11.5, 14.5))
        sleep = Sleep(
            bedtime=bedtime,
            wake=bedtime + timedelta(hours=rng.uniform(5.5, 9.5)),
            quality=rng.randint(1, 5),
        )
        meals = tuple(
            Meal(
                time=noon + timedelta(hours=rng.uniform(-4, 9)),
                protein_g=rng.uniform(10, 60),
                carbs_g=rng.uniform(20, 120),
                fat_g=rng.uniform(5, 40),
                kcal=rng.uniform(300, 1100),
            )
            for _ in range(rng.randint(2, 5))
        )
        intakes = (
            Intake(noon + timedelta(hours=rng.uniform(-3, 8)), "caffeine", "Coffee", 1, "cup"),
            Intake(noon, "water", "Water", rng.uniform(1.0, 3.0), "l"),
            Intake(noon + timedelta(hours=2), "water", "Water", rng.uniform(200, 800), "ml"),
        )
        mass += rng.uniform(-0.2, 0.2)
        checkin = CheckIn(
            sleep_quality=rng.randint(1, 7),
            fatigue=rng.randint(1, 7),
            stress=rng.randint(1, 7),
            soreness=rng.randint(1, 7),
            energy=rng.randint(1, 5),
            sore_areas=("quadriceps",) if rng.random() < 0.3 else (),
            body_mass_kg=round(mass, 1),
        )
        records.append(
            DayRecord(
                day=day,
                sessions=tuple(sessions),
                e1rm_by_lift=e1rm,
                sleep=sleep,
                meals=meals,
                intakes=intakes,
                checkin=checkin,
                body_mass_kg=round(mass, 1),
            )
        )
    return EngineInput(athlete=athlete, days=tuple(records))


def median_ms(fn, repeats: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


def run(repeats: int = 200) -> dict[str, float]:
    """Median milliseconds of each engine entry point on one athlete-year."""
    inp = build_input()
    week = [inp.days[-1].day - timedelta(days=i) for i in range(6, -1, -1)]
    return {
        "evaluate": median_ms(lambda: evaluate(inp), repeats),
        "evaluate_days (7 days)": median_ms(lambda: evaluate_days(inp, week), repeats // 2),
        "metric_series (365 days)": median_ms(lambda: metric_series(inp), repeats // 4),
    }


def main() -> int:
    results = run()
    for name, ms in results.items():
        print(f"{name:<28} median {ms:7.3f} ms")
    ok = results["evaluate"] <= TARGET_MS
    verdict = "PASS" if ok else "FAIL"
    ms = results["evaluate"]
    print(f"{verdict}: evaluate of one athlete-year {ms:.3f} ms (target {TARGET_MS} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
