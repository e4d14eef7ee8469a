"""The German and Spanish catalogues are complete, not fuzzy, keep every placeholder, and
their compiled .mo files say what the .po files say (CI has no gettext to compile them)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["de", "es"]
PERCENT = re.compile(r"%\((\w+)\)[sd]")
BRACES = re.compile(r"\{(\w+)\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def placeholders(text: str, flags: list[str]) -> set[str]:
    found = set(PERCENT.findall(text))
    if "python-brace-format" in flags:
        found |= set(BRACES.findall(text))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 300
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy"
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in catalogue(language):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural, entry.flags)
            forms = {int(n): placeholders(t, entry.flags) for n, t in entry.msgstr_plural.items()}
            # The singular may leave out the count ("In der letzten Nacht"), nothing else.
            if forms.pop(0) - expected or any(found != expected for found in forms.values()):
                wrong.append(entry.msgid)
        elif placeholders(entry.msgid, entry.flags) != placeholders(entry.msgstr, entry.flags):
            wrong.append(entry.msgid)
    assert not wrong, f"placeholders changed in {language}: {wrong[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr_plural or e.msgstr
        for e in polib.mofile(str(folder / "django.mo"))
        if e.msgid
    }
    source = {
        (e.msgctxt, e.msgid): (
            {int(k): v for k, v in e.msgstr_plural.items()} if e.msgid_plural else e.msgstr
        )
        for e in catalogue(language).translated_entries()
    }
    compiled = {
        k: ({int(n): v for n, v in t.items()} if isinstance(t, dict) else t)
        for k, t in compiled.items()
    }
    stale = sorted(
        str(k[1])[:60] for k in source.keys() | compiled.keys() if source.get(k) != compiled.get(k)
    )
    assert not stale, (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date with its .po"
        f" ({len(stale)} entries differ, e.g. {stale[:3]}): run manage.py compilemessages"
    )
