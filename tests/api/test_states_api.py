"""Day states over the API: the numbers the pages show, read through recovery.pages."""

from dataclasses import asdict
from datetime import timedelta

import pytest

from recovery.summaries import iso_week_label
from tests.api.conftest import Api, errors_of, token_for
from tests.conftest import client_for
from tests.factories import CoachLinkFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def english_evidence(item) -> dict:
    return {k: v for k, v in asdict(item).items() if k != "label_phrase"}


def as_api(state) -> dict:
    """What the API should say of a page's state."""
    return {
        "score": state.readiness.score,
        "band": state.readiness.band,
        "weakest": state.readiness.weakest,
        "used": list(state.readiness.used),
        "parts": [(p.name, p.score, p.max_score, p.value) for p in state.readiness.parts],
        "metrics": {k: v for k, v in asdict(state.metrics).items() if k != "day"},
        "findings": [
            (f.code, f.severity, f.message, [english_evidence(e) for e in f.evidence])
            for f in state.findings
        ],
    }


def from_api(item: dict) -> dict:
    readiness = item["readiness"]
    metrics = dict(item["metrics"])
    if metrics.get("last_checkin"):
        from datetime import date

        metrics["last_checkin"] = date.fromisoformat(metrics["last_checkin"])
    return {
        "score": readiness["score"],
        "band": readiness["band"],
        "weakest": readiness["weakest"],
        "used": readiness["used"],
        "parts": [(p["name"], p["score"], p["max_score"], p["value"]) for p in readiness["parts"]],
        "metrics": metrics,
        "findings": [
            (f["code"], f["severity"], f["message"], f["evidence"]) for f in item["findings"]
        ],
    }


@pytest.fixture
def sam(athlete):
    fill_journal(athlete, "strength", weeks=6)
    return athlete


def test_today_has_the_same_numbers_as_the_today_page(sam):
    context = client_for(sam.user).get("/today/").context
    item = Api(token_for(sam.user)).get("/states/", {"from": sam.today().isoformat()}).json()
    assert item["count"] == 1
    api_day = from_api(item["items"][0])
    assert api_day == as_api(context["state"])
    assert api_day["score"] is not None  # a real score, not an empty day
    assert item["items"][0]["readiness"]["score"] == context["readiness"].score
    assert item["items"][0]["metrics"]["fitness"] == context["metrics"].fitness


def test_the_coach_sees_the_numbers_of_the_coach_page(sam):
    link = CoachLinkFactory(athlete=sam)
    page = client_for(link.coach).get(f"/coach/athletes/{sam.public_id}/").context
    api = Api(token_for(link.coach))
    item = api.get(f"/coach/athletes/{sam.public_id}/states/").json()["items"][-1]
    assert item["date"] == sam.today().isoformat()
    assert from_api(item) == as_api(page["state"])


def test_a_past_week_has_the_week_pages_numbers(sam):
    monday = sam.today() - timedelta(days=sam.today().weekday() + 7)
    page = client_for(sam.user).get(f"/week/{iso_week_label(monday)}/").context
    items = (
        Api(token_for(sam.user))
        .get(
            "/states/", {"from": monday.isoformat(), "to": (monday + timedelta(days=6)).isoformat()}
        )
        .json()["items"]
    )
    assert [item["date"] for item in items] == [d.isoformat() for d, _ in page["day_rows"]]
    for item, (_, metrics) in zip(items, page["day_rows"], strict=True):
        assert from_api(item)["metrics"] == {k: v for k, v in asdict(metrics).items() if k != "day"}


def test_the_default_is_the_last_seven_days_and_days_page(api, athlete, frozen):
    body = api.get("/states/").json()
    today = athlete.today()
    assert body["count"] == 7
    assert [i["date"] for i in body["items"]] == [
        (today - timedelta(days=6 - n)).isoformat() for n in range(7)
    ]
    second = api.get("/states/", {"from": "2025-01-01", "limit": 30, "offset": 30}).json()
    assert second["count"] == 71  # 1 January to 12 March
    assert second["items"][0]["date"] == "2025-01-31"
    assert len(second["items"]) == 30
    beyond = api.get("/states/", {"from": "2025-01-01", "offset": 71}).json()
    assert beyond["items"] == [] and beyond["count"] == 71


def test_days_before_the_journal_are_empty_days_and_the_future_has_none(api, frozen):
    body = api.get("/states/", {"from": "2025-03-10", "to": "2025-03-20"}).json()
    assert body["count"] == 3
    first = body["items"][0]
    assert first["readiness"]["score"] is None and first["readiness"]["calibrating"]
    assert first["findings"] == []


def test_a_range_the_journal_does_not_cover_is_refused(api, frozen):
    assert errors_of(api.get("/states/", {"from": "1900-01-01"})) == {
        "from": ["Enter a date from 1990 on."]
    }
    assert errors_of(api.get("/states/", {"from": "2025-03-10", "to": "2025-03-01"})) == {
        "to": ["The last day comes before the first."]
    }
    assert api.get("/states/", {"to": "0001-01-01"}).status_code == 422
    assert api.get("/states/", {"from": "9999-12-31"}).json()["count"] == 0
