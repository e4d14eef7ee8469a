"""Numbers and dates in the reader's locale, and the engine's sentences translated at display
time with their numbers formatted afterwards (recovery/engine/i18n.py)."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from recovery.engine.codec import findings_from_json, findings_to_json
from recovery.engine.i18n import Day, Names, english, phrase, plural_phrase
from recovery.engine.types import Evidence, Finding
from recovery.templatetags.recovery_tags import (
    evidence_label,
    finding_message,
    num,
    part_note,
    render_phrase,
)


def render(source: str, **context) -> str:
    return Template("{% load i18n recovery_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(("language", "expected"), [("en-gb", "6.4"), ("de", "6,4"), ("es", "6,4")])
def test_numbers_use_the_locales_decimal_separator(language, expected):
    with translation.override(language):
        assert num(6.4) == expected
        assert num(6.0) == "6"
        assert num(None) == "—"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "1 December 2026"), ("de", "1. Dezember 2026"), ("es", "1 de diciembre de 2026")],
)
def test_dates_use_the_locales_format_and_month_names(language, expected):
    with translation.override(language):
        assert render('{{ day|date:_("j F Y") }}', day=date(2026, 12, 1)) == expected


def test_a_phrase_is_translated_then_its_numbers_formatted():
    note = phrase("{sleep_h} h last night against {target_h} h", sleep_h="6.4", target_h="8")
    assert note.english() == "6.4 h last night against 8 h"
    with translation.override("de"):
        assert render_phrase(note) == "letzte Nacht 6,4 h bei einem Ziel von 8 h"
    with translation.override("es"):
        assert render_phrase(note) == "anoche 6,4 h frente a 8 h de objetivo"
    with translation.override("en-gb"):
        assert render_phrase(note) == note.english()


def test_signs_plurals_and_days_survive_translation():
    form = phrase("form {form}", form="+5")
    with translation.override("es"):
        assert render_phrase(form) == "forma +5"
    nights = plural_phrase("{n} night", "{n} nights", "n", n=1)
    assert nights.english() == "1 night"
    assert plural_phrase("{n} night", "{n} nights", "n", n=3).english() == "3 nights"
    day = phrase("on {day}", day=Day(date(2026, 12, 1)))
    assert day.english() == "on Tue 1 Dec"


def test_a_translation_that_does_not_fit_falls_back_to_english(monkeypatch):
    import recovery.templatetags.recovery_tags as tags

    monkeypatch.setattr(tags, "gettext", lambda text: "{missing} placeholder")
    note = phrase("{sleep_h} h last night against {target_h} h", sleep_h="6.4", target_h="8")
    assert tags.render_phrase(note) == "6.4 h last night against 8 h"


def test_findings_keep_their_phrases_through_the_day_state_json():
    phrases = (
        phrase("{sleep_h} h last night against {target_h} h", sleep_h="6.4", target_h="8"),
        phrase("form {form}", form="+5"),
    )
    finding = Finding(
        code="sleep.short",
        title="Short sleep",
        severity="caution",
        message=english(phrases),
        evidence=(Evidence("sleep target", 8, "h"),),
        guidance_slug="sleep-short",
        day=date(2026, 12, 1),
        phrases=phrases,
    )
    (back,) = findings_from_json(date(2026, 12, 1), findings_to_json((finding,)))
    assert back == finding
    with translation.override("de"):
        assert finding_message(back) == "letzte Nacht 6,4 h bei einem Ziel von 8 h Form +5"
    # A finding stored before its rule kept phrases shows its English message.
    old = findings_to_json((finding,))
    del old[0]["phrases"]
    (stored,) = findings_from_json(date(2026, 12, 1), old)
    with translation.override("de"):
        assert finding_message(stored) == finding.message


def test_readiness_notes_are_translated():
    from recovery.engine.types import ReadinessPart

    part = ReadinessPart(
        "sleep",
        20.0,
        30.0,
        "6.4 h last night against 8 h",
        0.7,
        (phrase("{sleep_h} h last night against {target_h} h", sleep_h="6.4", target_h="8"),),
    )
    with translation.override("es"):
        assert part_note(part) == "anoche 6,4 h frente a 8 h de objetivo"
        assert render("{{ name|part_label }}", name="sleep") == "sueño"
        assert render("{{ s|severity_label }}", s="alert") == "Alerta"


def test_named_areas_read_as_a_list_in_each_language():
    areas = phrase("Consider easier sessions for {areas}.", areas=Names(("quads", "lower back")))
    assert areas.english() == "Consider easier sessions for quads and lower back."
    three = phrase("{areas}", areas=Names(("chest", "back", "core")))
    assert three.english() == "chest, back and core"
    with translation.override("de"):
        assert render_phrase(three) == "Brust, Rücken und Rumpf"
    with translation.override("es"):
        assert render_phrase(three) == "pecho, espalda y zona media"


def test_an_evidence_label_with_a_number_is_translated_and_survives_the_json():
    item = Evidence.phrased(
        phrase("check-ins with stress {level} or more", level=5), 3, threshold=2
    )
    assert item.label == "check-ins with stress 5 or more"
    finding = Finding(
        code="wellness.stress",
        title="High stress",
        severity="caution",
        message="",
        evidence=(item, Evidence("soreness today", 4, "/7")),
        guidance_slug="stress",
        day=date(2026, 12, 1),
    )
    (back,) = findings_from_json(date(2026, 12, 1), findings_to_json((finding,)))
    assert back == finding
    with translation.override("de"):
        assert evidence_label(back.evidence[0]) == "Check-ins mit Stress 5 oder mehr"
    # Evidence stored before labels kept their phrase reads back with its English label.
    old = findings_to_json((finding,))
    old[0]["evidence"][0] = old[0]["evidence"][0][:5]
    (stored,) = findings_from_json(date(2026, 12, 1), old)
    assert stored.evidence[0].label == item.label and stored.evidence[0].label_phrase is None


def test_what_an_import_adds_reads_in_the_readers_language():
    from journal.imports.models import describe_counts

    counts = {
        "workouts": 2,
        "sets": 1,
        "warmup_sets": 3,
        "nights": 1,
        "hrv_days": 1,
        "weigh_ins": 1,
        "exercises_new": 2,
    }
    with translation.override("en-gb"):
        assert describe_counts(counts) == (
            "2 workouts (1 set and 3 warm-ups), 1 night (1 with HRV), 1 weigh-in;"
            " 2 exercises of your own"
        )
        assert describe_counts({"workouts": 1234}) == "1,234 workouts"
        assert describe_counts({}) == "nothing new"
    with translation.override("de"):
        assert describe_counts(counts) == (
            "2 Trainings (1 Satz und 3 Aufwärmsätze), 1 Nacht (1 mit HRV), 1 Wiegung;"
            " 2 eigene Übungen"
        )
        assert describe_counts({"workouts": 1234}) == "1.234 Trainings"
    with translation.override("es"):
        assert describe_counts({"nights": 1}) == "1 noche"
