"""Routines: saved from a workout, started with one tap, edited, deleted, given by a coach."""

from datetime import date

import pytest

from journal import logger
from journal.models import ExerciseSet, Routine, RoutineSet, Workout
from tests.factories import (
    AthleteFactory,
    CoachLinkFactory,
    ExerciseFactory,
    ExerciseSetFactory,
    WorkoutFactory,
)
from tests.journal.conftest import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def lifts(db):
    return ExerciseFactory(name="Back squat"), ExerciseFactory(name="Romanian deadlift")


@pytest.fixture
def lower_a(athlete, lifts):
    workout = WorkoutFactory(athlete=athlete, date=date(2025, 3, 10))
    squat, rdl = lifts
    for position, (lift, load) in enumerate([(squat, 100), (squat, 100), (rdl, 80)]):
        ExerciseSetFactory(workout=workout, exercise=lift, load_kg=load, reps=5, position=position)
    return workout


def test_save_a_workout_as_a_routine(athlete, athlete_client, lower_a, lifts):
    response = athlete_client.post(f"/journal/workouts/{lower_a.pk}/routine/", {"name": "Lower A"})
    assert response.status_code == 302
    routine = Routine.objects.get(athlete=athlete)
    assert routine.name == "Lower A"
    assert [(s.exercise, s.load_kg) for s in routine.sets.all()] == [
        (lifts[0], 100),
        (lifts[0], 100),
        (lifts[1], 80),
    ]


def test_a_routine_needs_a_name_and_sets(athlete, athlete_client, lower_a):
    athlete_client.post(f"/journal/workouts/{lower_a.pk}/routine/", {"name": ""})
    empty = WorkoutFactory(athlete=athlete)
    athlete_client.post(f"/journal/workouts/{empty.pk}/routine/", {"name": "Nothing"})
    athlete_client.post(f"/journal/workouts/{lower_a.pk}/routine/", {"name": "Bad\x00name"})
    assert not Routine.objects.exists()


def test_start_a_workout_from_a_routine_in_one_tap(athlete, athlete_client, lower_a, lifts):
    routine = logger.routine_from_workout(lower_a, "Lower A")
    response = athlete_client.post("/journal/workouts/log/", {"routine": routine.pk})
    workout = Workout.objects.exclude(pk=lower_a.pk).get(athlete=athlete)
    assert response["Location"].endswith(
        f"/journal/workouts/{workout.pk}/log/?routine={routine.pk}"
    )
    assert workout.title == "Lower A" and workout.date == date(2025, 3, 12)
    page = athlete_client.get(response["Location"]).content.decode()
    assert page.count('data-testid="set-row"') == 3
    assert "Romanian deadlift" in page
    assert not ExerciseSet.objects.filter(workout=workout).exists()  # planned, not done


def test_edit_and_delete_a_routine(athlete, athlete_client, lower_a):
    routine = logger.routine_from_workout(lower_a, "Lower A")
    first = routine.sets.first()
    response = athlete_client.post(
        f"/journal/routines/{routine.pk}/edit/", {"name": "Lower B", "drop": [first.pk]}
    )
    assert response.status_code == 302
    routine.refresh_from_db()
    assert routine.name == "Lower B" and routine.sets.count() == 2
    bad = athlete_client.post(f"/journal/routines/{routine.pk}/edit/", {"name": ""})
    assert bad.status_code == 400 and "Give the routine a name." in bad.content.decode()
    assert athlete_client.post(f"/journal/routines/{routine.pk}/delete/").status_code == 302
    assert not Routine.objects.exists() and not RoutineSet.objects.exists()


def test_someone_elses_routine_is_404(athlete, lower_a, outsider_client, coach_client):
    routine = logger.routine_from_workout(lower_a, "Lower A")
    for client in (outsider_client, coach_client):
        assert client.get(f"/journal/routines/{routine.pk}/edit/").status_code == 404
        assert client.post(f"/journal/routines/{routine.pk}/delete/").status_code == 404
        assert client.post("/journal/workouts/log/", {"routine": routine.pk}).status_code == 404
    assert Routine.objects.filter(pk=routine.pk).exists()


def give_data(exercise, **fields):
    return {"name": "Upper A", "line0-exercise": exercise.pk, "line0-sets": "3",
            "line0-reps": "8", "line0-load": "60"} | fields  # fmt: skip


def test_a_coach_with_manage_access_gives_a_routine(athlete, coach_client, lifts):
    url = f"/journal/athletes/{athlete.public_id}/routines/"
    assert coach_client.get(url).status_code == 200
    response = coach_client.post(url, give_data(lifts[0]))
    assert response.status_code == 302
    routine = Routine.objects.get(athlete=athlete)
    assert routine.given_by is not None and routine.given_by != athlete.user
    assert [(s.reps, s.load_kg) for s in routine.sets.all()] == [(8, 60)] * 3
    page = login(athlete).get("/journal/routines/").content.decode()
    assert "Upper A" in page and "from" in page


def test_a_coach_gives_in_the_athletes_units(lifts):
    imperial = AthleteFactory(units="imperial")
    link = CoachLinkFactory(athlete=imperial, access="manage")
    client = login(imperial)
    client.force_login(link.coach)
    client.post(
        f"/journal/athletes/{imperial.public_id}/routines/",
        give_data(lifts[0], **{"line0-load": "135"}),
    )
    assert RoutineSet.objects.first().load_kg == pytest.approx(135 / 2.2046226218, 0.01)


def test_bad_routine_input_is_a_400_beside_the_field(athlete, coach_client, lifts):
    url = f"/journal/athletes/{athlete.public_id}/routines/"
    response = coach_client.post(url, give_data(lifts[0], **{"line0-reps": "500"}))
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    response = coach_client.post(url, give_data(lifts[0], name="\x00"))
    assert response.status_code == 400
    response = coach_client.post(url, {"name": "Empty"})
    assert response.status_code == 400 and "Add at least one exercise." in response.content.decode()
    assert not Routine.objects.exists()


def test_a_view_only_coach_gets_403_and_an_outsider_404(athlete, outsider_client, lifts):
    link = CoachLinkFactory(athlete=athlete, access="view")
    viewer = login(athlete)
    viewer.force_login(link.coach)
    url = f"/journal/athletes/{athlete.public_id}/routines/"
    assert viewer.post(url, give_data(lifts[0])).status_code == 403
    assert outsider_client.post(url, give_data(lifts[0])).status_code == 404
    assert not Routine.objects.exists()


def test_the_athlete_may_give_themselves_a_routine_the_same_way(athlete, athlete_client, lifts):
    url = f"/journal/athletes/{athlete.public_id}/routines/"
    assert athlete_client.post(url, give_data(lifts[1])).status_code == 302
    assert Routine.objects.get(athlete=athlete).sets.count() == 3


def test_the_coachs_pages_link_to_giving_a_routine_for_manage_access_only(athlete, lifts):
    url = f"/journal/athletes/{athlete.public_id}/routines/"
    for access, shown in (("manage", True), ("view", False)):
        link = CoachLinkFactory(athlete=athlete, access=access)
        client = login(athlete)
        client.force_login(link.coach)
        page = client.get(f"/coach/athletes/{athlete.public_id}/").content.decode()
        assert (f'href="{url}"' in page) is shown, access
        link.delete()
