import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from recovery import window
from recovery.engine import WINDOW_DAYS
from recovery.models import AthleteRuleOverride, RuleSetting
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    ExerciseSetFactory,
    SleepEntryFactory,
    WorkoutFactory,
)
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def test_same_number_of_queries_for_one_and_twenty_athletes(django_assert_num_queries):
    athletes = [AthleteFactory() for _ in range(20)]
    for athlete in athletes[:3]:
        fill_journal(athlete, weeks=4)
    # Five kinds of rows plus the sets, the athletes' overrides and the (then cached) rule settings.
    with django_assert_num_queries(8):
        window.load_windows(athletes[:1])
    cache.clear()
    with django_assert_num_queries(8):
        windows = window.load_windows(athletes)
    assert len(windows) == 20
    with django_assert_num_queries(7):
        window.load_windows(athletes)


def test_the_window_is_contiguous_and_ends_on_the_athletes_today():
    athlete = AthleteFactory(timezone="Pacific/Auckland")
    with time_machine.travel(datetime(2026, 3, 10, 20, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        inp = window.load_input(athlete)
    assert inp.days[-1].day == date(2026, 3, 11)  # already tomorrow in Auckland
    assert len(inp.days) == WINDOW_DAYS
    assert all(b.day - a.day == timedelta(days=1) for a, b in itertools.pairwise(inp.days))


@time_machine.travel(datetime(2026, 5, 20, 12, tzinfo=ZoneInfo("UTC")), tick=False)
def test_records_carry_local_times_best_e1rm_and_the_latest_body_mass():
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

    inp = window.load_input(athlete)
    record = inp.days[-2]
    assert record.day == day
    assert record.sleep.bedtime.hour == 23 and record.sleep.bedtime.minute == 30  # Berlin time
    assert record.sleep.duration_h == pytest.approx(7.5)
    assert record.sessions[0].load == 350
    assert record.e1rm_by_lift == {"Back squat": pytest.approx(100 * (1 + 5 / 30))}
    assert record.body_mass_kg == 78.5
    assert inp.days[0].body_mass_kg == 80  # before any check-in: the profile's mass


def test_end_day_entries_come_with_the_input():
    athlete = AthleteFactory()
    today = athlete.today()
    workout = WorkoutFactory(athlete=athlete, date=today, title="Legs")
    ExerciseSetFactory(workout=workout)
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=1), title="Yesterday")
    entries = window.load_windows([athlete])[athlete.pk].entries
    assert [w.title for w in entries.workouts] == ["Legs"]
    assert len(entries.workouts[0].set_summary) == 1
    assert entries.sleep is None and not entries.empty


def test_rule_settings_then_athlete_overrides_are_merged():
    athlete, other = AthleteFactory(), AthleteFactory()
    RuleSetting.objects.create(code="sleep.debt", severity="alert", params={"debt_h": 4})
    RuleSetting.objects.create(code="load.spike", params={"ratio": 1.4, "alert_ratio": 1.6})
    AthleteRuleOverride.objects.create(athlete=athlete, code="load.spike", params={"ratio": 1.2})
    AthleteRuleOverride.objects.create(athlete=athlete, code="sleep.debt")
    AthleteRuleOverride.objects.create(athlete=athlete, code="sleep.short", enabled=False)
    configs = window.rule_configs([athlete, other])
    assert configs[athlete.pk]["load.spike"].params == {"ratio": 1.2, "alert_ratio": 1.6}
    assert configs[athlete.pk]["sleep.debt"].params == {"debt_h": 4}
    assert configs[athlete.pk]["sleep.debt"].severity == "alert"
    assert configs[athlete.pk]["sleep.short"].enabled is False
    assert "sleep.short" not in configs[other.pk]
    assert configs[other.pk]["sleep.debt"].params == {"debt_h": 4}
