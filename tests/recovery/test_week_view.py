from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from recovery.summaries import iso_week_label, iso_week_start
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, SleepEntryFactory, WorkoutFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def test_iso_week_parsing_w53_and_the_year_boundary():
    assert iso_week_start(2026, 53) == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    assert iso_week_start(2025, 1) == date(2024, 12, 30)  # week 1 starts in December
    assert iso_week_label(date(2027, 1, 1)) == "2026-W53"
    with pytest.raises(ValueError):
        iso_week_start(2025, 53)  # 2025 has only 52


@time_machine.travel(datetime(2027, 1, 20, 12, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/week/2026-W53/", 200),
        ("/week/2025-W53/", 404),
        ("/week/2026-W00/", 404),
        ("/week/2026-W54/", 404),
        ("/week/2026-53/", 404),
        ("/week/26-W01/", 404),
        ("/week/0001-W01/", 404),
        ("/week/0005-W05/", 404),
        ("/week/9999-W52/", 404),
        ("/coach/athletes/------------------------------------/week/2026-W01/", 404),
    ],
)
def test_malformed_or_missing_weeks_are_404(athlete, url, status):
    assert client_for(athlete.user).get(url).status_code == status


@time_machine.travel(datetime(2027, 1, 6, 12, tzinfo=UTC), tick=False)
def test_a_week_across_the_year_boundary_sums_its_own_days(athlete):
    WorkoutFactory(athlete=athlete, date=date(2026, 12, 31), rpe=5, duration_min=60)
    WorkoutFactory(athlete=athlete, date=date(2027, 1, 3), rpe=6, duration_min=50)
    WorkoutFactory(athlete=athlete, date=date(2027, 1, 4), rpe=9, duration_min=90)  # next week
    response = client_for(athlete.user).get("/week/2026-W53/")
    totals = response.context["totals"]
    assert totals.sessions == 2
    assert totals.load == 300 + 300


@time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=UTC), tick=False)
def test_a_week_with_a_dst_change_measures_nights_in_real_hours():
    athlete = AthleteFactory(timezone="Europe/London", sleep_target_h=8)
    london = ZoneInfo("Europe/London")
    # Clocks went back at 02:00 on Sunday 25 October 2026: 23:00 to 07:00 is 9 real hours.
    SleepEntryFactory(
        athlete=athlete,
        date=date(2026, 10, 25),
        bedtime=datetime(2026, 10, 24, 23, 0, tzinfo=london),
        wake_time=datetime(2026, 10, 25, 7, 0, tzinfo=london),
    )
    response = client_for(athlete.user).get("/week/2026-W43/")
    by_day = dict(response.context["day_rows"])
    assert by_day[date(2026, 10, 25)].sleep_h == pytest.approx(9.0)


def test_current_week_totals_change_and_findings(athlete):
    fill_journal(athlete, "strength")
    response = client_for(athlete.user).get("/week/")
    assert response.status_code == 200
    context = response.context
    assert context["label"] == iso_week_label(athlete.today())
    assert context["totals"].sessions > 0
    labels = [row.label for row in context["rows"]]
    assert labels[:3] == ["Sessions", "Training load", "Mean sleep"]
    load_row = context["rows"][1]
    assert load_row.change == pytest.approx(load_row.value - load_row.previous)
    codes = {item.code for item in context["week_findings"]}
    assert "sleep.short" in codes
    for item in context["week_findings"]:
        assert item.days and all(context["monday"] <= d <= context["sunday"] for d in item.days)
    html = response.content.decode()
    assert 'id="week-chart-data"' in html and "<canvas" in html
    assert "<script>" not in html  # data by json_script only


def test_future_week_shows_an_empty_state(athlete, athlete_client):
    year, week, _ = date(athlete.today().year + 1, 6, 1).isocalendar()
    response = athlete_client.get(f"/week/{year}-W{week:02d}/")
    assert response.status_code == 200
    assert 'data-testid="future-week"' in response.content.decode()


def test_htmx_navigation_gets_the_partial_and_a_direct_load_the_page(athlete, athlete_client):
    fill_journal(athlete, weeks=3)
    label = iso_week_label(athlete.today())
    partial = athlete_client.get(f"/week/{label}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="week"')
    assert '<nav class="navbar' not in partial
    full = athlete_client.get(f"/week/{label}/").content.decode()
    assert "<html" in full and 'id="week"' in full
    restore = athlete_client.get(
        f"/week/{label}/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    ).content.decode()
    assert "<html" in restore  # the back button after a cache miss gets the whole page


@pytest.mark.parametrize("weeks", [4, 52])
def test_query_count_does_not_grow_with_data(athlete, django_assert_max_num_queries, weeks):
    fill_journal(athlete, weeks=weeks)
    client = client_for(athlete.user)
    client.get("/week/")
    with django_assert_max_num_queries(12):
        assert client.get("/week/").status_code == 200


def test_access_owner_coach_outsider_and_anonymous(athlete, athlete_client, client):
    link = CoachLinkFactory(athlete=athlete)
    label = iso_week_label(athlete.today())
    coach_url = f"/coach/athletes/{athlete.public_id}/week/{label}/"
    assert athlete_client.get(f"/week/{label}/").status_code == 200
    assert client_for(link.coach).get(coach_url).status_code == 200
    assert client_for(AthleteFactory().user).get(coach_url).status_code == 404
    assert client.get(f"/week/{label}/").status_code == 302


def test_mid_week_compares_the_same_days_of_last_week_and_says_so():
    """On a Tuesday, two days of this week against Monday and Tuesday of the last one, not
    against its seven days: the same training shows no change."""
    tuesday = datetime(2025, 3, 11, 12, tzinfo=UTC)
    with time_machine.travel(tuesday, tick=False):
        athlete = AthleteFactory()
        for back in range(0, 14):
            day = date(2025, 3, 11).toordinal() - back
            WorkoutFactory(athlete=athlete, date=date.fromordinal(day), duration_min=60, rpe=5)
        response = client_for(athlete.user).get("/week/")
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["Sessions"].value == rows["Sessions"].previous == 2
    assert rows["Sessions"].change == 0
    assert rows["Training load"].change == 0
    html = response.content.decode()
    assert "against the same days of last week (Monday to Tuesday)" in html


def test_more_training_is_not_called_better_and_days_to_come_have_no_link(athlete, athlete_client):
    fill_journal(athlete, "strength", weeks=3)
    response = athlete_client.get("/week/")
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["Training load"].improved is None and rows["Sessions"].improved is None
    assert rows["Mean sleep"].better == "more"
    html = response.content.decode()
    for day, metrics in response.context["day_rows"]:
        link = f'href="/journal/{day.isoformat()}/"'
        assert (link in html) == (metrics is not None)
