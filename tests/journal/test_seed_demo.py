import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from journal.models import Athlete, CheckIn, CoachLink, ExerciseSet, Meal, SleepEntry, Workout

pytestmark = pytest.mark.django_db

COUNTED = (Workout, ExerciseSet, SleepEntry, Meal, CheckIn, CoachLink, Athlete)


def test_seed_demo_creates_the_readme_accounts_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    counts = {model: model.objects.count() for model in COUNTED}
    call_command("seed_demo", verbosity=0)
    assert {model: model.objects.count() for model in COUNTED} == counts
    assert authenticate(username="admin", password="rebound-admin").is_superuser
    assert authenticate(username="coach", password="rebound-coach") is not None
    for username in ("sam", "erin", "maya"):
        user = authenticate(username=username, password="rebound-demo")
        assert user is not None
        days = SleepEntry.objects.filter(athlete=user.athlete).count()
        assert days == 16 * 7
    links = CoachLink.objects.filter(coach__username="coach", status="active")
    assert links.count() == 3
    assert links.filter(access="manage").count() == 1


def test_seed_demo_reset_regenerates_the_same_data():
    call_command("seed_demo", verbosity=0)
    before = list(
        Workout.objects.order_by("date", "started_at").values_list("date", "duration_min")
    )
    call_command("seed_demo", "--reset", verbosity=0)
    after = list(Workout.objects.order_by("date", "started_at").values_list("date", "duration_min"))
    assert before == after  # deterministic
