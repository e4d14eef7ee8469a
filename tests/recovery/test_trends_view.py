import json

import pytest

from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def trends_json(client) -> dict:
    html = client.get("/trends/").content.decode()
    start = html.index('<script id="trends-data" type="application/json">') + len(
        '<script id="trends-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_trends_pass_twelve_weeks_of_series_through_json_script(athlete, athlete_client):
    fill_journal(athlete, "strength", weeks=20)
    response = athlete_client.get("/trends/")
    assert response.status_code == 200
    html = response.content.decode()
    data = trends_json(athlete_client)
    assert len(data["days"]) == 84
    assert len(data["fitness"]) == len(data["load_ratio"]) == 84
    assert data["sleep_target_h"] == athlete.sleep_target_h
    assert data["protein_target"] == athlete.protein_target
    assert 1 <= len(data["e1rm"]) <= 3  # the most-logged lifts
    assert "js/charts.js" in html and "vendor/chartjs/chart.umd.min.js" in html
    for chart in ("chart-fitness", "chart-ratio", "chart-sleep", "chart-protein", "chart-e1rm"):
        assert f'id="{chart}"' in html and f'id="{chart}-summary"' in html


def test_estimated_1rm_is_in_the_athletes_units(athlete, athlete_client):
    fill_journal(athlete, "strength", weeks=4)
    metric = trends_json(athlete_client)
    assert metric["mass_unit"] == "kg"
    athlete.units = "imperial"
    athlete.save()  # a change of units is a new version: the cached series are not reused
    imperial = trends_json(athlete_client)
    assert imperial["mass_unit"] == "lb"
    assert imperial["e1rm"].keys() == metric["e1rm"].keys()
    for lift, kg_values in metric["e1rm"].items():
        for kg, lb in zip(kg_values, imperial["e1rm"][lift], strict=True):
            assert (kg is None and lb is None) or lb == pytest.approx(kg * 2.2046, abs=0.2)
    html = athlete_client.get("/trends/").content.decode()
    lift, weeks = next(iter(imperial["e1rm"].items()))
    latest = next(v for v in reversed(weeks) if v is not None)
    assert f"the latest: {lift} {latest:.1f} lb" in html  # the chart's numbers in words


def test_the_table_behind_the_charts_has_each_main_lifts_1rm(athlete, athlete_client):
    fill_journal(athlete, "strength", weeks=4)
    response = athlete_client.get("/trends/")
    html = response.content.decode()
    trends, rows = response.context["trends"], response.context["weekly_table"]
    assert trends["e1rm"]
    for lift in trends["e1rm"]:
        assert f'<th scope="col">1RM {lift} (kg)</th>' in html
    by_week = dict(zip(trends["weeks"], zip(*trends["e1rm"].values(), strict=True), strict=True))
    for row in rows:
        assert tuple(row["e1rm"]) == by_week[row["monday"].isoformat()]


def test_trends_for_a_new_athlete_render_without_data(athlete_client):
    assert athlete_client.get("/trends/").status_code == 200


@pytest.mark.parametrize("weeks", [4, 52])
def test_query_count_does_not_grow_with_data(athlete, django_assert_max_num_queries, weeks):
    fill_journal(athlete, weeks=weeks)
    client = client_for(athlete.user)
    client.get("/trends/")
    with django_assert_max_num_queries(10):
        assert client.get("/trends/").status_code == 200


def test_access_owner_coach_outsider_and_anonymous(athlete, athlete_client, client):
    link = CoachLinkFactory(athlete=athlete)
    coach_url = f"/coach/athletes/{athlete.public_id}/trends/"
    assert athlete_client.get("/trends/").status_code == 200
    assert client_for(link.coach).get(coach_url).status_code == 200
    assert client_for(AthleteFactory().user).get(coach_url).status_code == 404
    assert client.get("/trends/").status_code == 302
