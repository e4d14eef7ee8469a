"""The translations keep Rebound's wording rules (tests/recovery/test_wording.py): a wellness
journal that suggests, never diagnoses, predicts or doses."""

import re

import pytest

from tests.i18n.test_catalogues import catalogue

BANNED = {
    "de": re.compile(
        r"diagnos|syndrom|\bdu hast (?:ein|eine|einen)\b|erkennt|(?<!keine )vorhersage"
        r"|dosis|dosier",
        re.I,
    ),
    "es": re.compile(
        r"diagn[oó]s|s[ií]ndrome|\btienes (?:un|una) (?!c[oó]digo)|detecta|(?<!no )predice|dosis",
        re.I,
    ),
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_no_translation_diagnoses_predicts_or_doses(language):
    texts = []
    for entry in catalogue(language):
        texts += [entry.msgstr, *entry.msgstr_plural.values()]
    found = [text for text in texts if BANNED[language].search(text)]
    assert not found, found[:5]
