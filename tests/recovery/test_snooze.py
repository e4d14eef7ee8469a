"""An athlete hides a finding for 7 days; it comes back early if it gets worse, and a coach
still sees it. Owner, coach and outsider."""

from datetime import timedelta

import pytest

from recovery.models import FindingSnooze
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [finding.code for finding in response.context["findings"]]


def test_a_snoozed_finding_is_hidden_for_7_days_then_back(athlete):
    fill_journal(athlete, "strength")
    client = client_for(athlete.user)
    before = codes(client.get("/today/"))
    code = before[0]
    response = client.post(f"/today/findings/{code}/snooze/")
    assert response.status_code == 302
    today = client.get("/today/")
    assert code not in codes(today)
    assert [f.code for f, _ in today.context["snoozed"]] == [code]
    assert "1 hidden for now" in today.content.decode()
    link = CoachLinkFactory(athlete=athlete)
    coach_view = client_for(link.coach).get(f"/coach/athletes/{athlete.public_id}/")
    assert code in codes(coach_view)  # the athlete's "not now" is their own
    snooze = FindingSnooze.objects.get()
    assert snooze.until == athlete.today() + timedelta(days=7)
    client.post(f"/today/findings/{code}/snooze/", {"undo": "1"})
    assert code in codes(client.get("/today/"))


def test_a_snoozed_finding_returns_when_it_gets_worse(athlete):
    fill_journal(athlete, "strength")
    client = client_for(athlete.user)
    finding = client.get("/today/").context["findings"][0]
    client.post(f"/today/findings/{finding.code}/snooze/")
    FindingSnooze.objects.update(severity="info")  # it was milder when snoozed
    assert finding.code in codes(client.get("/today/"))


def test_the_snooze_runs_out(athlete):
    fill_journal(athlete, "strength")
    client = client_for(athlete.user)
    code = codes(client.get("/today/"))[0]
    client.post(f"/today/findings/{code}/snooze/")
    FindingSnooze.objects.update(until=athlete.today() - timedelta(days=1))
    assert code in codes(client.get("/today/"))


def test_only_the_owner_snoozes_and_only_a_finding_they_have(athlete, client):
    fill_journal(athlete, "strength")
    code = codes(client_for(athlete.user).get("/today/"))[0]
    url = f"/today/findings/{code}/snooze/"
    assert (
        client_for(athlete.user).post("/today/findings/sleep.nonsense/snooze/").status_code == 404
    )
    assert client_for(athlete.user).get(url).status_code == 405
    link = CoachLinkFactory(athlete=athlete, access="manage")
    assert client_for(link.coach).post(url).status_code == 404  # a coach has no Today here
    assert client_for(AthleteFactory().user).post(url).status_code == 404  # not their finding
    assert client.post(url).status_code == 302  # anonymous: to the login page
    assert not FindingSnooze.objects.exists()
