"""Lists: oldest first within `from`..`to`, `limit` items from `offset` on, with the count."""

from datetime import date, timedelta

import pytest

from tests.api.conftest import Api, errors_of, token_for
from tests.factories import CoachLinkFactory, ExerciseFactory, MealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meals(athlete, frozen):
    today = athlete.today()
    return [MealFactory(athlete=athlete, date=today - timedelta(days=n)) for n in range(12)]


def test_a_list_pages_oldest_first(api, meals):
    first = api.get("/meals/", {"limit": 5}).json()
    assert (first["count"], first["limit"], first["offset"]) == (12, 5, 0)
    dates = [item["date"] for item in first["items"]]
    assert dates == sorted(dates) and dates[0] == "2025-03-01"
    rest = api.get("/meals/", {"limit": 5, "offset": 10}).json()
    assert [item["date"] for item in rest["items"]] == ["2025-03-11", "2025-03-12"]
    assert api.get("/meals/", {"offset": 12}).json()["items"] == []


def test_from_and_to_include_both_ends(api, meals):
    body = api.get("/meals/", {"from": "2025-03-05", "to": "2025-03-07"}).json()
    assert body["count"] == 3
    assert [i["date"] for i in body["items"]] == ["2025-03-05", "2025-03-06", "2025-03-07"]
    assert api.get("/meals/", {"from": "2025-03-12"}).json()["count"] == 1
    assert api.get("/meals/", {"to": "2025-03-01"}).json()["count"] == 1


def test_every_page_holds_every_item_once(api, meals):
    seen = []
    for offset in range(0, 12, 5):
        seen += [
            i["id"] for i in api.get("/meals/", {"limit": 5, "offset": offset}).json()["items"]
        ]
    assert sorted(seen) == sorted(meal.pk for meal in meals)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**7}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"from": "2025-02-30"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2025-03-10", "to": "2025-03-01"}, "to"),
    ],
)
def test_bad_paging_is_422_naming_the_parameter(api, meals, params, field):
    response = api.get("/meals/", params)
    assert response.status_code == 422
    assert list(errors_of(response)) == [field]


def test_the_exercise_catalogue_and_the_roster_page_too(api, athlete, frozen):
    for n in range(3):
        ExerciseFactory(name=f"Zercher {n}")
    body = api.get("/exercises/", {"q": "zercher", "limit": 2, "offset": 1}).json()
    assert body["count"] == 3 and [e["name"] for e in body["items"]] == ["Zercher 1", "Zercher 2"]
    link = CoachLinkFactory(athlete=athlete)
    for _ in range(2):
        CoachLinkFactory(coach=link.coach)
    coach = Api(token_for(link.coach))
    roster = coach.get("/coach/athletes/", {"limit": 2}).json()
    assert roster["count"] == 3 and len(roster["items"]) == 2
    assert len(coach.get("/coach/athletes/", {"offset": 2}).json()["items"]) == 1
    assert date.fromisoformat(api.get("/me/").json()["today"]) == athlete.today()
