import pytest

from journal.models import CoachLink
from recovery.models import AthleteRuleOverride, CoachNote
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachLinkFactory, UserFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return UserFactory(username="coach-c")


def link_athletes(coach, stories):
    athletes = []
    for i, story in enumerate(stories):
        athlete = AthleteFactory(display_name=f"{story.title()} {i}")
        if story != "empty":
            fill_journal(athlete, story, weeks=12)
        CoachLinkFactory(athlete=athlete, coach=coach)
        athletes.append(athlete)
    return athletes


def test_empty_roster_explains_how_athletes_share(coach):
    html = client_for(coach).get("/coach/").content.decode()
    assert 'data-testid="roster-empty"' in html
    assert "Sharing with coaches" in html and coach.username in html


def test_roster_is_sorted_worst_first_with_reasons(coach):
    link_athletes(coach, ["steady", "stressed", "strength", "empty"])
    response = client_for(coach).get("/coach/")
    rows = response.context["rows"]
    bands = [summary.band for _, summary in rows]
    order = {"red": 0, "amber": 1, "green": 2, None: 3}
    assert bands == sorted(bands, key=order.get)
    scores = [(order[s.band], s.score if s.score is not None else 101) for _, s in rows]
    assert scores == sorted(scores)
    by_name = {link.athlete.display_name: summary for link, summary in rows}
    assert by_name["Stressed 1"].top_findings  # the reasons
    assert by_name["Steady 0"].band == "green"
    assert by_name["Empty 3"].score is None and rows[-1][0].athlete.display_name == "Empty 3"
    summary = by_name["Strength 2"]
    assert summary.last_checkin is not None
    assert 0 <= summary.compliance_pct <= 100
    assert summary.load_ratio is not None and summary.sleep_mean_7_h is not None


def test_roster_filters_by_colour_over_htmx_and_searches_by_name(coach):
    link_athletes(coach, ["steady", "stressed"])
    client = client_for(coach)
    partial = client.get(
        "/coach/", {"band": "green"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="roster-rows"
    )
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="roster-rows"')
    assert "Steady 0" in html and "Stressed 1" not in html
    found = client.get("/coach/", {"q": "stress"}).context["rows"]
    assert [link.athlete.display_name for link, _ in found] == ["Stressed 1"]


@pytest.mark.parametrize("size", [5, 50])
def test_roster_queries_do_not_grow_with_athletes(coach, size, django_assert_max_num_queries):
    athletes = [AthleteFactory() for _ in range(size)]
    for athlete in athletes:
        CoachLinkFactory(athlete=athlete, coach=coach)
    for athlete in athletes[:2]:
        fill_journal(athlete, weeks=4)
    client = client_for(coach)
    with django_assert_max_num_queries(12) as cold:
        assert client.get("/coach/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/coach/").status_code == 200
    assert len(cold.captured_queries) <= 12


def test_the_cached_roster_row_changes_when_the_journal_does(coach):
    (athlete,) = link_athletes(coach, ["steady"])
    client = client_for(coach)
    before = client.get("/coach/").context["rows"][0][1]
    athlete.checkin_set.filter(date=athlete.today()).delete()
    from tests.factories import CheckInFactory

    CheckInFactory(athlete=athlete, date=athlete.today(), stress=7, soreness=7, fatigue=7)
    after = client.get("/coach/").context["rows"][0][1]
    assert after.last_checkin == athlete.today()
    assert after != before


def test_coach_dashboards_never_show_private_notes(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access="manage")
    from tests.factories import WorkoutFactory

    WorkoutFactory(athlete=athlete, date=athlete.today(), notes="PRIVATE-THOUGHTS")
    html = client_for(coach).get(f"/coach/athletes/{athlete.public_id}/").content.decode()
    assert "PRIVATE-THOUGHTS" not in html
    assert athlete.display_name in html and 'data-testid="coach-banner"' in html


def test_manage_coach_writes_a_note_the_athlete_sees(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access="manage")
    day = athlete.today()
    response = client_for(coach).post(
        f"/coach/athletes/{athlete.public_id}/notes/", {"date": day.isoformat(), "text": "Deload"}
    )
    assert response.status_code == 302
    note = CoachNote.objects.get()
    assert (note.author, note.date) == (coach, day)
    athlete_view = client_for(athlete.user).get("/today/").content.decode()
    assert "Deload" in athlete_view and "coach-c" in athlete_view


def test_a_note_on_a_future_day_is_refused_beside_the_field(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access="manage")
    future = athlete.today().replace(year=athlete.today().year + 1)
    response = client_for(coach).post(
        f"/coach/athletes/{athlete.public_id}/notes/", {"date": future.isoformat(), "text": "x"}
    )
    assert response.status_code == 400
    assert "has started" in str(response.context["note_form"].errors["date"])
    assert not CoachNote.objects.exists()


def test_manage_coach_sets_targets_with_the_same_validation(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access="manage")
    url = f"/coach/athletes/{athlete.public_id}/targets/"
    bad = client_for(coach).post(
        url, {"action": "targets", "sleep_target_h": "10", "water_target_ml_per_kg": "35"}
    )
    assert bad.status_code == 400
    assert "between 7 and 9" in str(bad.context["targets_form"].errors["sleep_target_h"])
    good = client_for(coach).post(
        url,
        {
            "action": "targets",
            "sleep_target_h": "7.5",
            "protein_target_g_per_kg": "2.0",
            "water_target_ml_per_kg": "40",
            "kcal_target": "2800",
        },  # fmt: skip
    )
    assert good.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.sleep_target_h, athlete.protein_target, athlete.kcal_target) == (7.5, 2.0, 2800)


def test_manage_coach_sets_rule_overrides_with_typed_fields_validated_as_in_admin(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access="manage")
    url = f"/coach/athletes/{athlete.public_id}/targets/"
    client = client_for(coach)
    page = client.get(url + "?rule=sleep.debt").content.decode()
    assert 'name="param_debt_h"' in page and 'placeholder="5"' in page
    assert "Default 5 h; leave empty for the default." in page
    post = {"action": "override", "rule": "sleep.debt", "enabled": "on"}
    bad = client.post(url, post | {"param_debt_h": "-1"})
    assert bad.status_code == 400
    assert "param_debt_h" in bad.context["override_form"].errors
    assert not AthleteRuleOverride.objects.exists()
    text = client.post(url, post | {"param_debt_h": "lots"})
    assert text.status_code == 400 and "Enter a number." in text.content.decode()
    unknown = client.post(url, post | {"rule": "sleep.nonsense", "param_debt_h": "3"})
    assert unknown.status_code == 400
    assert "Select a valid choice" in unknown.content.decode()
    ok = client.post(url, post | {"param_debt_h": "3"})
    assert ok.status_code == 302
    override = AthleteRuleOverride.objects.get()
    assert (override.params, override.set_by) == ({"debt_h": 3.0}, coach)
    shown = client.get(url).content.decode()
    assert "7-night sleep debt above this fires: 3 h (default 5 h)" in shown
    again = client.post(url, {"action": "override", "rule": "sleep.debt", "param_debt_h": ""})
    assert again.status_code == 302
    override = AthleteRuleOverride.objects.get()  # updated, not duplicated
    assert (override.enabled, override.params) == (False, {})


def test_view_coach_sees_targets_read_only(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access=CoachLink.Access.VIEW)
    html = client_for(coach).get(f"/coach/athletes/{athlete.public_id}/targets/").content.decode()
    assert "view-only" in html and "<fieldset disabled" in html


def test_a_bad_share_code_with_athletes_keeps_the_roster_and_explains(coach):
    (athlete,) = link_athletes(coach, ["steady"])
    response = client_for(coach).post("/coach/code/", {"code": "NOPE1234"})
    assert response.status_code == 400
    assert "not valid" in str(response.context["code_form"].errors["code"])
    assert [link.athlete for link, _ in response.context["rows"]] == [athlete]


def test_a_manage_coach_resetting_a_bad_override_id_gets_404(coach):
    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach, access="manage")
    url = f"/coach/athletes/{athlete.public_id}/targets/"
    assert client_for(coach).post(url, {"action": "reset", "override": "abc"}).status_code == 404


def test_coaches_see_shared_notes_only(coach):
    from tests.factories import CheckInFactory, WorkoutFactory

    athlete = AthleteFactory()
    CoachLinkFactory(athlete=athlete, coach=coach)
    today = athlete.today()
    WorkoutFactory(athlete=athlete, date=today, notes="SHARED-WORKOUT", notes_shared=True)
    WorkoutFactory(athlete=athlete, date=today, notes="PRIVATE-WORKOUT")
    CheckInFactory(athlete=athlete, date=today, note="PRIVATE-CHECKIN")
    coach_html = client_for(coach).get(f"/coach/athletes/{athlete.public_id}/").content.decode()
    assert "SHARED-WORKOUT" in coach_html
    assert "PRIVATE-WORKOUT" not in coach_html and "PRIVATE-CHECKIN" not in coach_html
    owner_html = client_for(athlete.user).get("/today/").content.decode()
    assert "PRIVATE-WORKOUT" in owner_html and "PRIVATE-CHECKIN" in owner_html
