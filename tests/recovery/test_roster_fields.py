"""The roster reads each athlete's roster fields (DayState.roster) instead of whole states:
they must give the rows the whole states give, and step aside when they cannot."""

import pytest
from django.core.cache import cache

from recovery import pages
from recovery.models import DayState, RulesVersion
from recovery.state_reads import read_rosters, read_states, today_spans
from tests.factories import AthleteFactory, CheckInFactory
from tests.recovery.conftest import fill_journal

pytestmark = pytest.mark.django_db


def full_summary(athlete):
    span = today_spans([athlete])[athlete]
    state = read_states({athlete: span})[athlete.pk].on(span.last)
    return pages.roster_summary(state)


@pytest.fixture
def athletes(db):
    found = []
    for story in ("strength", "steady", "stressed"):
        athlete = AthleteFactory()
        fill_journal(athlete, story=story, weeks=10)
        athlete.checkin_set.filter(date=athlete.today()).delete()
        CheckInFactory(athlete=athlete, date=athlete.today(), fatigue=6, soreness=6)
        found.append(athlete)
    cache.clear()
    return found


def test_the_stored_fields_give_the_rows_the_whole_states_give(athletes):
    assert set(read_rosters(today_spans(athletes))) == {a.pk for a in athletes}
    summaries = pages.roster_summaries(athletes)
    for athlete in athletes:
        assert summaries[athlete.pk] == full_summary(athlete)
    assert any(summary.top_findings for summary in summaries.values())  # not all empty


def test_after_a_change_of_rules_the_roster_steps_the_states_instead(athletes):
    RulesVersion.bump()
    assert read_rosters(today_spans(athletes)) == {}
    summaries = pages.roster_summaries(athletes)
    for athlete in athletes:
        assert summaries[athlete.pk] == full_summary(athlete)


def test_a_row_stored_before_the_fields_were_kept_is_read_whole(athletes):
    first = athletes[0]
    DayState.objects.filter(athlete=first).update(roster={})
    assert first.pk not in read_rosters(today_spans(athletes))
    assert pages.roster_summaries(athletes)[first.pk] == full_summary(first)
