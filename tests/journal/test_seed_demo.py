import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from journal.models import Athlete, CheckIn, CoachLink, ExerciseSet, Meal, SleepEntry, Workout

pytestmark = pytest.mark.django_db

COUNTED = (Workout, ExerciseSet, SleepEntry, Meal, CheckIn, CoachLink, Athlete)


def test_seed_demo_creates_the_readme_accounts_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    counts = {model: model.objects.count() for model in COUNTED}
    call_command("seed_demo", verbosity=0)
    assert {model: model.objects.count() for model in COUNTED} == counts
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("rebound-admin")
    assert User.objects.get(username="coach").check_password("rebound-coach")
    for username in ("sam", "erin", "maya"):
        user = User.objects.get(username=username)
        assert user.check_password("rebound-demo")
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
