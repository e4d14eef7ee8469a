"""The rules' words reach the catalogues (engine markers) and every one is translated: titles,
data notes, parameter help and, through the findings the rules make, evidence labels and
message phrases, which render in German and Spanish without falling back to English."""

import pytest
from django.utils import translation

from recovery.engine import REGISTRY
from recovery.templatetags.recovery_tags import render_phrase
from tests.i18n.test_catalogues import catalogue

LANGUAGES = ["de", "es"]


def translated_msgids(language: str) -> set[str]:
    return {entry.msgid for entry in catalogue(language).translated_entries()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_rule_title_note_and_parameter_help_is_translated(language):
    known = translated_msgids(language)
    texts = set()
    for rule in REGISTRY.values():
        texts |= {rule.title, rule.data_note, *(p.help for p in rule.params if p.help)}
    assert not sorted(texts - known)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_findings_of_real_journals_render_translated(language):
    from datetime import timedelta

    from recovery.state_reads import Span, read_states
    from tests.factories import AthleteFactory
    from tests.recovery.conftest import fill_journal

    known = translated_msgids(language)
    athletes = []
    for story in ("strength", "stressed", "steady"):
        athlete = AthleteFactory()
        fill_journal(athlete, story, weeks=12)
        athletes.append(athlete)
    findings = [
        finding
        for athlete in athletes
        for state in read_states(
            {athlete: Span(athlete.today() - timedelta(days=83), athlete.today())}
        )[athlete.pk].ordered()
        for finding in state.findings
    ]
    assert len({f.code for f in findings}) >= 4
    for finding in findings:
        assert finding.phrases, finding.code
        for phrase in finding.phrases:
            assert phrase.text in known, phrase.text
            with translation.override(language):
                assert render_phrase(phrase) != phrase.english() or not any(
                    c.isalpha() for c in phrase.text
                ), phrase.text
        for item in finding.evidence:
            label = item.label_phrase.text if item.label_phrase else item.label
            assert label in known, label
