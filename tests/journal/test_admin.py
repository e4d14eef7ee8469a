from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import (
    CheckInFactory,
    CoachLinkFactory,
    ExerciseSetFactory,
    IntakeFactory,
    MealFactory,
    SleepEntryFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "athlete",
    "coachlink",
    "exercise",
    "workout",
    "sleepentry",
    "meal",
    "intake",
    "checkin",
]


@pytest.fixture
def admin_client_with_data(athlete) -> Client:
    day = date(2025, 3, 12)
    ExerciseSetFactory(workout=WorkoutFactory(athlete=athlete, date=day, title="Legs"))
    SleepEntryFactory(athlete=athlete, date=day)
    MealFactory(athlete=athlete, date=day)
    IntakeFactory(athlete=athlete, date=day)
    CheckInFactory(athlete=athlete, date=day)
    CoachLinkFactory(athlete=athlete)
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_journal_model_has_a_changelist_with_search(admin_client_with_data, model):
    url = f"/admin/journal/{model}/"
    assert admin_client_with_data.get(url).status_code == 200
    assert admin_client_with_data.get(url, {"q": "Athlete"}).status_code == 200


@pytest.mark.parametrize("model", ["workout", "sleepentry", "meal", "intake", "checkin"])
def test_entries_are_browsed_by_date(admin_client_with_data, model):
    response = admin_client_with_data.get(f"/admin/journal/{model}/", {"date__year": "2025"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_a_workout_is_edited_with_its_sets_inline(admin_client_with_data):
    from journal.models import Workout

    workout = Workout.objects.get()
    response = admin_client_with_data.get(f"/admin/journal/workout/{workout.pk}/change/")
    assert response.status_code == 200
    assert b"sets-0-reps" in response.content


def test_changelists_do_not_query_per_row(admin_client_with_data, django_assert_max_num_queries):
    for _ in range(5):
        CheckInFactory()
    with django_assert_max_num_queries(12):
        admin_client_with_data.get("/admin/journal/checkin/")


def test_the_admin_needs_staff(athlete_client):
    response = athlete_client.get("/admin/journal/workout/")
    assert response.status_code == 302
