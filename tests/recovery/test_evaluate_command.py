from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        from django.contrib.auth.models import User

        User.objects.filter(username__in=["sam", "erin", "maya", "coach", "admin"]).delete()


def evaluate(username: str, *args: str) -> str:
    out = StringIO()
    call_command("evaluate", username, *args, stdout=out)
    return out.getvalue()


def test_strength_athlete_sleeps_short_and_spikes_load(demo):
    output = evaluate("sam")
    assert "Readiness:" in output and "sleep:" in output and "pulled down most by" in output
    assert "sleep.short" in output and "load.spike" in output
    assert "threshold" in output  # evidence printed


def test_stressed_athlete_shows_stress_soreness_and_accumulated_fatigue(demo):
    output = evaluate("maya")
    for code in ("wellness.stress_high", "soreness.persistent", "fatigue.accumulated"):
        assert code in output


def test_steady_athlete_has_few_findings(demo):
    output = evaluate("erin")
    count = int(output.split("Findings: ")[1].split()[0])
    assert count <= 1


def test_evaluate_a_past_date_and_bad_input(demo):
    assert "on 2020-01-01" in evaluate("erin", "--date", "2020-01-01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        evaluate("erin", "--date", "yesterday")
    with pytest.raises(CommandError, match="No athlete"):
        evaluate("nobody")
