from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from journal.models import CoachLink
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_invite_by_username_or_email_then_the_coach_accepts(athlete, athlete_client):
    coach = UserFactory(username="coachy", email="coachy@example.com")
    response = athlete_client.post(
        "/settings/sharing/",
        {"action": "invite", "coach": "COACHY@example.com", "access": "manage"},
    )
    assert response.status_code == 302
    link = CoachLink.objects.get(athlete=athlete)
    assert (link.coach, link.status, link.access) == (coach, "pending", "manage")
    coach_client = client_for(coach)
    roster = coach_client.get("/coach/").content.decode()
    assert athlete.display_name in roster and 'data-testid="invitation"' in roster
    assert 'href="/coach/"' in roster  # Coach shows in the navigation with a pending invitation
    coach_client.post(f"/coach/invitations/{link.pk}/", {"decision": "accept"})
    link.refresh_from_db()
    assert link.status == "active"
    assert coach_client.get(f"/coach/athletes/{athlete.public_id}/").status_code == 200


def test_the_coach_may_decline(athlete):
    link = CoachLinkFactory(athlete=athlete, status="pending")
    client_for(link.coach).post(f"/coach/invitations/{link.pk}/", {"decision": "decline"})
    link.refresh_from_db()
    assert link.status == "revoked"


def test_an_invitation_answers_the_same_whether_or_not_the_account_exists(athlete_client):
    """The invite form must not tell who has an account: the same redirect and message."""
    coach = UserFactory(username="cole", email="cole@example.com")
    answers = []
    for typed in ("cole@example.com", "nobody@example.com"):
        response = athlete_client.post(
            "/settings/sharing/",
            {"action": "invite", "coach": typed, "access": "view"},
            follow=True,
        )
        answers.append((response.redirect_chain, [str(m) for m in response.context["messages"]]))
    assert answers[0] == (
        [("/settings/sharing/", 302)],
        [m.replace("nobody@example.com", "cole@example.com") for m in answers[1][1]],
    )
    assert answers[1][0] == [("/settings/sharing/", 302)]
    assert CoachLink.objects.get().coach == coach  # only the real account is invited


@pytest.mark.parametrize(("coach", "message"), [("", "This field is required.")])
def test_invite_errors_are_shown_beside_the_field(athlete_client, coach, message):
    response = athlete_client.post(
        "/settings/sharing/", {"action": "invite", "coach": coach, "access": "view"}
    )
    assert response.status_code == 400
    assert message in str(response.context["invite_form"].errors["coach"])
    assert not CoachLink.objects.exists()


def test_cannot_invite_yourself_or_twice(athlete, athlete_client):
    response = athlete_client.post(
        "/settings/sharing/", {"action": "invite", "coach": athlete.user.username, "access": "view"}
    )
    assert "your own coach" in str(response.context["invite_form"].errors["coach"])
    link = CoachLinkFactory(athlete=athlete)
    response = athlete_client.post(
        "/settings/sharing/", {"action": "invite", "coach": link.coach.username, "access": "view"}
    )
    assert "already share" in str(response.context["invite_form"].errors["coach"])


def test_a_share_code_works_once_and_expires_after_seven_days(athlete, athlete_client):
    start = datetime(2026, 6, 1, 9, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(start, tick=False):
        athlete_client.post("/settings/sharing/", {"action": "code", "access": "view"})
    link = CoachLink.objects.get(athlete=athlete)
    code = link.share_code
    assert len(code) == 8 and link.coach is None
    first, second, late = UserFactory(), UserFactory(), UserFactory()
    with time_machine.travel(start + timedelta(days=8), tick=False):
        response = client_for(late).post("/coach/code/", {"code": code})
        assert response.status_code == 400
        assert "not valid" in str(response.context["code_form"].errors["code"])
    with time_machine.travel(start + timedelta(days=6), tick=False):
        response = client_for(first).post("/coach/code/", {"code": code.lower()})
        assert response.status_code == 302
        assert client_for(second).post("/coach/code/", {"code": code}).status_code == 400
    link.refresh_from_db()
    assert (link.coach, link.status, link.share_code) == (first, "active", None)


def test_change_access_and_revoke_take_effect_on_the_next_request(athlete, athlete_client):
    link = CoachLinkFactory(athlete=athlete, access="view")
    coach = client_for(link.coach)
    targets = f"/coach/athletes/{athlete.public_id}/targets/"
    post = {"action": "targets", "sleep_target_h": "8.5", "water_target_ml_per_kg": "35"}
    assert coach.post(targets, post).status_code == 403
    athlete_client.post(f"/settings/sharing/{link.pk}/access/", {"access": "manage"})
    assert coach.post(targets, post).status_code == 302
    athlete.refresh_from_db()
    assert athlete.sleep_target_h == 8.5
    athlete_client.post(f"/settings/sharing/{link.pk}/revoke/")
    assert coach.get(f"/coach/athletes/{athlete.public_id}/").status_code == 404


def test_a_coach_can_leave(athlete):
    link = CoachLinkFactory(athlete=athlete)
    coach = client_for(link.coach)
    assert coach.post(f"/coach/athletes/{athlete.public_id}/leave/").status_code == 302
    assert coach.get(f"/coach/athletes/{athlete.public_id}/").status_code == 404


def test_sharing_page_lists_links_and_needs_login(athlete, athlete_client, client):
    CoachLinkFactory(athlete=athlete, coach__username="alex")
    assert "alex" in athlete_client.get("/settings/sharing/").content.decode()
    assert client.get("/settings/sharing/").status_code == 302


def test_an_outsider_cannot_change_someone_elses_link(athlete):
    link = CoachLinkFactory(athlete=athlete)
    outsider = client_for(AthleteFactory().user)
    assert outsider.post(f"/settings/sharing/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.status == "active"
