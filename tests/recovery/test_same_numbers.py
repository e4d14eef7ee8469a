"""Every page gives a day the same numbers, computed on the athlete's full history."""

import csv
import io
import threading
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.db import close_old_connections, connection, transaction

from journal import portability
from journal.access import AthleteAccess
from journal.models import Workout, one_refresh
from recovery import pages
from recovery.engine.load import FATIGUE_TAU_D, FITNESS_TAU_D
from recovery.models import DayState
from recovery.states import rebuild
from recovery.summaries import iso_week_label
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, WorkoutFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def steady_year(athlete) -> None:
    """365 days of the same 60 min at RPE 5 (300 AU), ending today."""
    today = athlete.today()
    for back in range(365):
        day = today - timedelta(days=back)
        Workout(
            athlete=athlete,
            date=day,
            started_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            kind="cardio",
            duration_min=60,
            rpe=5,
        ).save()


def closed_form(days: int, load: float, tau: float) -> float:
    """x_n of x_t = x_{t-1} + (L - x_{t-1})(1 - e^(-1/tau)) from x_0 = 0 after n equal days."""
    import math

    k = 1 - math.exp(-1 / tau)
    return load * (1 - (1 - k) ** days)


def test_a_steady_year_shows_full_history_fitness_on_every_page(athlete):
    with one_refresh():  # one refresh for the year, as an import does
        steady_year(athlete)
    today = athlete.today()
    expected_fitness = closed_form(365, 300, FITNESS_TAU_D)
    expected_fatigue = closed_form(365, 300, FATIGUE_TAU_D)
    link = CoachLinkFactory(athlete=athlete)
    owner = client_for(athlete.user)

    shown = {
        "today": owner.get("/today/").context["metrics"],
        "week": dict(owner.get("/week/").context["day_rows"])[today],
        "coach": client_for(link.coach)
        .get(f"/coach/athletes/{athlete.public_id}/")
        .context["metrics"],
    }
    trends = owner.get("/trends/").context["trends"]
    assert trends["days"][-1] == today.isoformat()
    for page, metrics in shown.items():
        assert metrics.fitness == pytest.approx(expected_fitness, rel=1e-9), page
        assert metrics.fatigue == pytest.approx(expected_fatigue, rel=1e-9), page
    assert trends["fitness"][-1] == round(expected_fitness, 1)
    # No false ramp-up on the chart's first day: it carries the 282 days of training before.
    assert trends["fitness"][0] == round(closed_form(282, 300, FITNESS_TAU_D), 1)


def export_rows(athlete) -> dict[str, dict]:
    archive = zipfile.ZipFile(io.BytesIO(portability.export_journal(athlete)))
    text = archive.read("day_states.csv").decode("utf-8-sig")
    return {row["date"]: row for row in csv.DictReader(io.StringIO(text))}


def test_the_same_day_gives_the_same_numbers_on_every_page(athlete):
    fill_journal(athlete, weeks=20)
    today = athlete.today()
    day = today - timedelta(days=today.weekday() + 3)  # a day of last week
    link = CoachLinkFactory(athlete=athlete)
    owner, coach = client_for(athlete.user), client_for(link.coach)
    state = DayState.objects.get(athlete=athlete, date=day)

    week = owner.get(f"/week/{iso_week_label(day)}/").context
    coach_week = coach.get(
        f"/coach/athletes/{athlete.public_id}/week/{iso_week_label(day)}/"
    ).context
    trends = owner.get("/trends/").context["trends"]
    at = trends["days"].index(day.isoformat())
    exported = export_rows(athlete)[day.isoformat()]
    acc = AthleteAccess(athlete=athlete, is_owner=True, can_manage=True)
    digest = pages.week_context(acc, day - timedelta(days=day.weekday()))

    for name, digits in (("fitness", 1), ("fatigue", 1), ("form", 1), ("load_ratio", 2)):
        stored = getattr(state, name)
        assert getattr(dict(week["day_rows"])[day], name) == pytest.approx(stored), name
        assert getattr(dict(coach_week["day_rows"])[day], name) == pytest.approx(stored), name
        assert getattr(dict(digest["day_rows"])[day], name) == pytest.approx(stored), name
        assert trends[name][at] == round(stored, digits), name
        assert float(exported[name]) == pytest.approx(stored), name
    assert int(exported["readiness"]) == state.readiness_score

    # Today's numbers: Today, the coach's view of it, the roster and the export.
    today_state = DayState.objects.get(athlete=athlete, date=today)
    today_page = owner.get("/today/").context
    coach_today = coach.get(f"/coach/athletes/{athlete.public_id}/").context
    roster_row = coach.get("/coach/").context["rows"][0][1]
    for context in (today_page, coach_today):
        assert context["readiness"].score == today_state.readiness_score
        assert context["metrics"].form == pytest.approx(today_state.form)
        assert context["metrics"].fitness == pytest.approx(today_state.fitness)
    assert roster_row.score == today_state.readiness_score
    assert roster_row.load_ratio == pytest.approx(today_state.load_ratio)
    assert int(export_rows(athlete)[today.isoformat()]["readiness"]) == today_state.readiness_score


def test_form_is_yesterdays_fitness_minus_yesterdays_fatigue_as_today_says(athlete):
    fill_journal(athlete, weeks=8)
    today = athlete.today()
    yesterday = DayState.objects.get(athlete=athlete, date=today - timedelta(days=1))
    response = client_for(athlete.user).get("/today/")
    metrics = response.context["metrics"]
    assert metrics.form == pytest.approx(yesterday.fitness - yesterday.fatigue)
    html = response.content.decode()
    assert f'data-testid="form">{round(metrics.form)}<' in html
    assert "yesterday's fitness" in html and "Today's training counts in tomorrow's" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_on_different_days_leave_states_equal_to_a_rebuild():
    athlete = AthleteFactory()
    today = athlete.today()
    WorkoutFactory(athlete=athlete, date=today - timedelta(days=40))
    barrier, inserted = threading.Barrier(2), threading.Barrier(2)
    errors: list[BaseException] = []

    def write(back: int) -> None:
        try:
            for round_ in range(6):
                barrier.wait(timeout=10)
                # As a view writes: the row, then the refresh, in one transaction. Both rows
                # are written (each holding a key-share lock on the athlete row) before
                # either writer asks for the athlete row's lock.
                with transaction.atomic(), one_refresh():
                    WorkoutFactory(
                        athlete=athlete,
                        date=today - timedelta(days=back + round_),
                        duration_min=30 + back,
                    )
                    inserted.wait(timeout=10)
        except BaseException as error:  # noqa: BLE001 (reported by the main thread)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(back,)) for back in (3, 20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    stored = list(DayState.objects.filter(athlete=athlete).values_list("date", "fitness"))
    rebuild(athlete.pk)
    rebuilt = list(DayState.objects.filter(athlete=athlete).values_list("date", "fitness"))
    assert len(stored) == 41
    assert [d for d, _ in stored] == [d for d, _ in rebuilt]
    assert [f for _, f in stored] == pytest.approx([f for _, f in rebuilt], rel=1e-9)
