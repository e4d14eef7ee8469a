"""Day states: refreshed on every journal write, equal to a rebuild, stepped in memory on
read for the days after the last stored one, re-run in memory after a rule change."""

import itertools
import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.models import CheckIn, Intake, Meal, SleepEntry, Workout
from recovery import states
from recovery.models import AthleteRuleOverride, DayState, RuleSetting, RulesVersion
from recovery.state_reads import Span, read_states
from recovery.tasks import refresh_stale_states
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db

COLUMNS = states.UPDATED_COLUMNS


def stored(athlete) -> list[dict]:
    return list(DayState.objects.filter(athlete=athlete).order_by("date").values("date", *COLUMNS))


def assert_close(a, b, path="") -> None:
    """Equal, floats to 1e-9 (relative or absolute), anywhere in nested JSON."""
    if isinstance(a, float) or isinstance(b, float):
        assert a is not None and b is not None, path
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), f"{path}: {a} != {b}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"{path}: {a.keys()} != {b}"
        for key in a:
            assert_close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple):
        assert isinstance(b, list | tuple) and len(a) == len(b), f"{path}: {a} != {b}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_close(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def assert_equals_rebuild(athlete) -> list[dict]:
    refreshed = stored(athlete)
    states.rebuild(athlete.pk)
    rebuilt = stored(athlete)
    assert_close(refreshed, rebuilt)
    return rebuilt


# ---------------------------------------------------------------- what is stored


def test_one_state_per_day_from_the_first_journal_day_to_today(athlete):
    today = athlete.today()
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=9))
    days = [row["date"] for row in stored(athlete)]
    assert days == [today - timedelta(days=9 - i) for i in range(10)]
    assert stored(athlete)[0]["metrics"]["fitness"] > 0  # starts on the first journal day


def test_an_entry_before_the_first_day_moves_the_start_and_deleting_it_moves_it_back(athlete):
    today = athlete.today()
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=3))
    early = SleepEntryFactory(athlete=athlete, date=today - timedelta(days=20))
    assert stored(athlete)[0]["date"] == today - timedelta(days=20)
    early.delete()
    assert stored(athlete)[0]["date"] == today - timedelta(days=3)
    assert_equals_rebuild(athlete)


def test_deleting_the_last_entry_deletes_every_state(athlete):
    workout = WorkoutFactory(athlete=athlete)
    assert stored(athlete)
    workout.delete()
    assert stored(athlete) == []


def test_states_end_on_the_athletes_own_today():
    athlete = AthleteFactory(timezone="Pacific/Auckland")
    with time_machine.travel(datetime(2026, 3, 10, 20, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        WorkoutFactory(athlete=athlete, date=date(2026, 3, 1))
    days = [row["date"] for row in stored(athlete)]
    assert days[-1] == date(2026, 3, 11)  # already tomorrow in Auckland
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))


@time_machine.travel(datetime(2026, 5, 20, 12, tzinfo=ZoneInfo("UTC")), tick=False)
def test_the_summary_has_local_times_best_e1rm_and_the_latest_body_mass():
    athlete = AthleteFactory(timezone="Europe/Berlin", body_mass_kg=80)
    day = date(2026, 5, 19)
    SleepEntryFactory(
        athlete=athlete,
        date=day,
        bedtime=datetime(2026, 5, 18, 21, 30, tzinfo=ZoneInfo("UTC")),
        wake_time=datetime(2026, 5, 19, 5, 0, tzinfo=ZoneInfo("UTC")),
    )
    workout = WorkoutFactory(athlete=athlete, date=day, rpe=7, duration_min=50)
    ExerciseSetFactory(workout=workout, exercise__name="Back squat", reps=5, load_kg=100)
    ExerciseSetFactory(workout=workout, exercise__name="Back squat", reps=12, load_kg=90)
    CheckInFactory(athlete=athlete, date=day - timedelta(days=2), body_mass_kg=78.5)

    by_day = read_states({athlete: Span(day - timedelta(days=2), day)})[athlete.pk]
    record = by_day.on(day).record
    assert record.sleep.bedtime.astimezone(athlete.tz).hour == 23  # 23:30 in Berlin
    assert record.sleep.duration_h == pytest.approx(7.5)
    assert record.sessions[0].load == 350
    assert record.e1rm_by_lift == {"Back squat": pytest.approx(100 * (1 + 5 / 30))}
    assert record.body_mass_kg == 78.5
    assert by_day.on(day).metrics.daily_load == 350


def test_the_profiles_mass_counts_until_a_check_in_gives_one(athlete):
    today = athlete.today()
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=5))
    CheckInFactory(athlete=athlete, date=today - timedelta(days=2), body_mass_kg=70)
    masses = [row["record"]["mass"] for row in stored(athlete)]
    assert masses == [75.0, 75.0, 75.0, 70.0, 70.0, 70.0]
    athlete.body_mass_kg = 90
    athlete.save()  # a profile change refreshes every day
    assert [row["record"]["mass"] for row in stored(athlete)][:3] == [90.0, 90.0, 90.0]


def test_rule_settings_then_athlete_overrides_are_merged():
    athlete, other = AthleteFactory(), AthleteFactory()
    RuleSetting.objects.create(code="sleep.debt", severity="alert", params={"debt_h": 4})
    RuleSetting.objects.create(code="load.spike", params={"ratio": 1.4, "alert_ratio": 1.6})
    AthleteRuleOverride.objects.create(athlete=athlete, code="load.spike", params={"ratio": 1.2})
    AthleteRuleOverride.objects.create(athlete=athlete, code="sleep.debt")
    AthleteRuleOverride.objects.create(athlete=athlete, code="sleep.short", enabled=False)
    configs = states.rule_configs([athlete.pk, other.pk])
    assert configs[athlete.pk]["load.spike"].params == {"ratio": 1.2, "alert_ratio": 1.6}
    assert configs[athlete.pk]["sleep.debt"].params == {"debt_h": 4}
    assert configs[athlete.pk]["sleep.debt"].severity == "alert"
    assert configs[athlete.pk]["sleep.short"].enabled is False
    assert "sleep.short" not in configs[other.pk]
    assert configs[other.pk]["sleep.debt"].params == {"debt_h": 4}


# ---------------------------------------------------------------- refresh equals rebuild


def test_editing_a_day_a_year_back_re_steps_every_later_day(athlete):
    fill_journal(athlete, weeks=52)
    before = stored(athlete)
    old = Workout.objects.filter(athlete=athlete).order_by("date").first()
    old.duration_min += 60
    old.save()
    after = assert_equals_rebuild(athlete)
    assert after[-1]["fitness"] != before[-1]["fitness"]  # the edit reached today
    assert len(after) == len(before)


def test_a_refresh_runs_a_fixed_number_of_queries(athlete, django_assert_max_num_queries):
    fill_journal(athlete, weeks=4)
    with django_assert_max_num_queries(18) as short:  # 8 of them read the journal
        states.refresh(athlete.pk, athlete.today() - timedelta(days=2))
    year = AthleteFactory()
    fill_journal(year, weeks=52)
    # 301 days of rows: only the bulk upsert may split, by the database's parameter limit.
    fields = [f for f in DayState._meta.concrete_fields if not f.primary_key]
    rows = [DayState()] * 301
    batches = math.ceil(301 / connection.ops.bulk_batch_size(fields, rows))
    with django_assert_max_num_queries(len(short.captured_queries) + batches - 1):
        states.refresh(year.pk, year.today() - timedelta(days=300))


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "workout",
                "sets",
                "sleep",
                "checkin",
                "meal",
                "water",
                "coffee",
                "move",
                "edit",
                "delete",
            ]
        ),
        st.integers(min_value=0, max_value=150),  # days back from today
        st.integers(min_value=1, max_value=10),  # an amount
    ),
    min_size=1,
    max_size=14,
)


def apply(athlete, op: str, back: int, amount: int, lift) -> None:
    day = athlete.today() - timedelta(days=back)
    noon = datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo("UTC")) + timedelta(hours=12)
    entries = [
        *Workout.objects.filter(athlete=athlete),
        *SleepEntry.objects.filter(athlete=athlete),
        *CheckIn.objects.filter(athlete=athlete),
        *Meal.objects.filter(athlete=athlete),
    ]
    try:
        with transaction.atomic():
            if op == "workout":
                WorkoutFactory(athlete=athlete, date=day, duration_min=10 * amount, rpe=amount % 10)
            elif op == "sets":
                workout = WorkoutFactory(athlete=athlete, date=day, duration_min=45, rpe=7)
                for reps in range(1, amount + 1):
                    ExerciseSetFactory(workout=workout, exercise=lift, reps=reps, load_kg=50 + reps)
            elif op == "sleep":
                SleepEntryFactory(athlete=athlete, date=day, quality=amount % 5 + 1)
            elif op == "checkin":
                CheckInFactory(
                    athlete=athlete,
                    date=day,
                    fatigue=amount % 7 + 1,
                    stress=(amount * 3) % 7 + 1,
                    soreness=(amount * 5) % 7 + 1,
                    body_mass_kg=70 + amount,
                )
            elif op == "meal":
                MealFactory(athlete=athlete, date=day, eaten_at=noon, protein_g=10 * amount)
            elif op == "water":
                IntakeFactory(athlete=athlete, date=day, taken_at=noon, amount=250 * amount)
            elif op == "coffee":
                IntakeFactory(
                    athlete=athlete,
                    date=day,
                    taken_at=noon + timedelta(hours=amount),
                    category=Intake.Category.CAFFEINE,
                    amount=1,
                    unit="cup",
                )
            elif entries:
                entry = entries[amount % len(entries)]
                if op == "delete":
                    entry.delete()
                elif op == "move" and isinstance(entry, Workout | Meal):
                    entry.date = day
                    entry.save()
                elif op == "edit" and isinstance(entry, Workout):
                    entry.rpe = amount
                    entry.save()
    except IntegrityError:
        pass  # a second night or check-in on one day: refused, as the forms refuse it


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_states_after_any_edits_equal_a_rebuild_from_scratch(db, ops):
    athlete = AthleteFactory()
    lift = ExerciseFactory(name="Back squat")
    for op, back, amount in ops:
        apply(athlete, op, back, amount, lift)
    assert_equals_rebuild(athlete)


# ---------------------------------------------------------------- reads


def test_days_after_the_last_state_are_stepped_in_memory(athlete, django_assert_max_num_queries):
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        fill_journal(athlete, weeks=8)
    with time_machine.travel(datetime(2026, 4, 4, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        # The stored states, each athlete's last stored day, the latest states to step from,
        # the rule settings and overrides.
        with django_assert_max_num_queries(5):
            read = read_states({athlete: Span(date(2026, 4, 1), date(2026, 4, 4))})[athlete.pk]
        in_memory = read.on(date(2026, 4, 4))
        assert not DayState.objects.filter(athlete=athlete, date=date(2026, 4, 4)).exists()
        states.refresh(athlete.pk, date(2026, 4, 2))
        refreshed = read_states({athlete: Span(date(2026, 4, 4), date(2026, 4, 4))})[athlete.pk]
    assert in_memory.metrics == refreshed.on(date(2026, 4, 4)).metrics
    assert in_memory.readiness == refreshed.on(date(2026, 4, 4)).readiness
    assert in_memory.metrics.daily_load == 0  # nothing logged on those days


def test_a_rule_change_is_shown_at_once_and_stored_by_the_task(
    athlete, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fill_journal(athlete, weeks=6)
    today = athlete.today()
    codes = {
        f.code for f in read_states({athlete: Span(today, today)})[athlete.pk].on(today).findings
    }
    assert "sleep.short" in codes
    with django_capture_on_commit_callbacks(execute=True):
        RuleSetting.objects.create(code="sleep.short", enabled=False)
    version = RulesVersion.current()
    assert DayState.objects.filter(athlete=athlete, rules_version__lt=version).exists()
    # Not yet refreshed: the read re-runs the rules over the stored summaries.
    shown = read_states({athlete: Span(today, today)})[athlete.pk].on(today)
    assert "sleep.short" not in {f.code for f in shown.findings}
    assert refresh_stale_states.call() == 1
    assert not DayState.objects.filter(athlete=athlete, rules_version__lt=version).exists()
    stored_today = read_states({athlete: Span(today, today)})[athlete.pk].on(today)
    assert stored_today.findings == shown.findings


def test_a_coach_override_refreshes_the_athlete_at_once(athlete):
    fill_journal(athlete, weeks=6)
    today = athlete.today()
    AthleteRuleOverride.objects.create(athlete=athlete, code="sleep.short", enabled=False)
    row = DayState.objects.get(athlete=athlete, date=today)
    assert "sleep.short" not in {f["code"] for f in row.findings}
    assert_equals_rebuild(athlete)


def test_recompute_states_rebuilds_one_athlete_or_all(athlete, capsys):
    from django.core.management import call_command

    fill_journal(athlete, weeks=2)
    other = AthleteFactory()
    WorkoutFactory(athlete=other)
    DayState.objects.all().delete()
    call_command("recompute_states", athlete=athlete.user.username)
    assert DayState.objects.filter(athlete=athlete).count() == 14
    assert not DayState.objects.filter(athlete=other).exists()
    call_command("recompute_states")
    assert DayState.objects.filter(athlete=other).count() == 1
    assert "Recomputed 15 day states for 2 athletes" in capsys.readouterr().out


def test_a_rule_change_is_shown_at_once_on_a_day_long_past(
    athlete, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fill_journal(athlete, weeks=30)
    past = athlete.today() - timedelta(days=150)

    def codes() -> set[str]:
        read = read_states({athlete: Span(past, past + timedelta(days=6))})[athlete.pk]
        return {f.code for state in read.ordered() for f in state.findings}

    assert "sleep.short" in codes()
    with django_capture_on_commit_callbacks(execute=True):
        RuleSetting.objects.create(code="sleep.short", enabled=False)
    assert "sleep.short" not in codes()


def test_queryset_deletes_and_admin_moves_refresh_every_athlete_concerned(athlete):
    other = AthleteFactory()
    today = athlete.today()
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=6))
    CheckInFactory(athlete=athlete, date=today - timedelta(days=2), fatigue=7)
    WorkoutFactory(athlete=other, date=today - timedelta(days=4))
    CheckIn.objects.filter(athlete=athlete).delete()  # a queryset, as admin actions do
    assert_equals_rebuild(athlete)
    moved = Workout.objects.get(athlete=athlete)
    moved.athlete = other  # the admin may give an entry to another athlete
    moved.save()
    assert stored(athlete) == []  # nothing left: no states
    assert_equals_rebuild(other)


def test_renaming_an_exercise_renames_the_lift_in_every_state(athlete):
    workout = WorkoutFactory(athlete=athlete, date=athlete.today() - timedelta(days=3))
    ExerciseSetFactory(workout=workout, exercise__name="Test squat", reps=5, load_kg=100)
    lift = workout.sets.get().exercise
    lift.name = "Renamed squat"
    lift.save()
    rows = assert_equals_rebuild(athlete)
    assert rows[0]["record"]["e1rm"] == {"Renamed squat": pytest.approx(100 * (1 + 5 / 30))}


def test_a_write_after_days_without_one_steps_only_the_days_since(athlete):
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        fill_journal(athlete, weeks=20)
    with time_machine.travel(datetime(2026, 4, 4, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        stepped = states.refresh(athlete.pk, date(2026, 4, 4))
        assert_equals_rebuild(athlete)
    assert stepped == 3  # 2 to 4 April, not the 20 weeks


def test_a_refresh_from_years_back_writes_its_states_in_bounded_statements(athlete):
    """An old file imported refreshes thousands of days: each INSERT holds at most a year of
    them, so no single statement can outlast PostgreSQL's statement timeout."""
    from django.test.utils import CaptureQueriesContext

    first = athlete.today() - timedelta(days=3 * 365)
    WorkoutFactory(athlete=athlete, date=first)
    with CaptureQueriesContext(connection) as queries:
        written = states.rebuild(athlete.pk)
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "recovery_daystate"')
    ]
    assert written == 3 * 365 + 1
    # SQLite's own variable limit may cut the batches smaller still.
    assert len(inserts) >= math.ceil(written / states.WRITE_BATCH_DAYS) == 3
    assert DayState.objects.filter(athlete=athlete).count() == written
