import math
import re

from django import template
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from recovery.engine.i18n import Day, Names, Phrase, join_names
from recovery.engine.readiness import NOTE_SEPARATOR

register = template.Library()

NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def localize_number(text: str) -> str:
    """A number written the engine's way ("-6.4", "+2") in the active locale ("-6,4")."""
    # What formats.number_format gives without grouping (USE_THOUSAND_SEPARATOR is off),
    # without its cost: Today draws about a hundred numbers.
    separator = formats.get_format("DECIMAL_SEPARATOR")
    return text if separator == "." else text.replace(".", separator)


@register.filter
def num(value, digits: int = 1) -> str:
    """A number for people: at most `digits` decimals, no trailing zeros, "—" when missing,
    with the active locale's decimal separator."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    rounded = round(float(value), int(digits))
    text = f"{rounded:.{int(digits)}f}".rstrip("0").rstrip(".") if digits else f"{rounded:.0f}"
    return "0" if text in {"-0", ""} else localize_number(text)


@register.simple_tag
def term(key: str, shown: str | None = None):
    """A word linked to its glossary entry, its explanation shown on hover and focus. The
    shown explanation is hidden from screen readers: for them the link leads to it."""
    from django.urls import reverse
    from django.utils.html import format_html

    from recovery.glossary import explain

    word, explanation = explain(key)
    word, explanation = gettext(word), gettext(explanation)
    return format_html(
        '<a class="term" href="{}#{}">{}<span class="term-tip" aria-hidden="true">{}</span></a>',
        reverse("glossary"),
        key,
        shown or word,
        explanation,
    )


@register.filter
def exp_ms(ln_value) -> str:
    """An HRV kept as ln(ms), in whole ms."""
    if ln_value is None:
        return "—"
    return f"{math.exp(float(ln_value)):.0f}"


@register.filter
def signed(value, digits: int = 1) -> str:
    """A change with its direction: "▲ 1.5", "▼ 0.3", "no change", "—"."""
    if value is None:
        return "—"
    if round(float(value), int(digits)) == 0:
        return gettext("no change")
    arrow = "▲" if value > 0 else "▼"
    return f"{arrow} {num(abs(value), digits)}"


SEVERITY_CLASSES = {"alert": "danger", "caution": "warning", "info": "info"}


@register.filter
def severity_class(severity: str) -> str:
    return SEVERITY_CLASSES.get(severity, "secondary")


@register.filter
def readable_note(entry, acc) -> str:
    """The entry's note as `acc`'s user may read it (journal.access.AthleteAccess.readable_note)."""
    return acc.readable_note(entry)


# ---------------------------------------------------------------- translation at display time
# The engine and the journal store English words and sentences (recovery/engine/i18n.py);
# these filters show them in the reader's language.

SEVERITY_LABELS = {
    "alert": gettext_lazy("Alert"),
    "caution": gettext_lazy("Caution"),
    "info": gettext_lazy("Info"),
}
BAND_LABELS = {
    "green": gettext_lazy("Green"),
    "amber": gettext_lazy("Amber"),
    "red": gettext_lazy("Red"),
}
PART_LABELS = {
    "wellness": pgettext_lazy("readiness part", "wellness"),
    "sleep": pgettext_lazy("readiness part", "sleep"),
    "physiology": pgettext_lazy("readiness part", "physiology"),
    "load": pgettext_lazy("readiness part", "load"),
}
TAG_LABELS = {
    "ill": pgettext_lazy("day tag", "ill"),
    "travel": pgettext_lazy("day tag", "travel"),
    "alcohol": pgettext_lazy("day tag", "alcohol"),
    "heat": pgettext_lazy("day tag", "heat"),
    "period": pgettext_lazy("day tag", "period"),
}
UNIT_LABELS = {
    "nights": pgettext_lazy("unit", "nights"),
    "days": pgettext_lazy("unit", "days"),
    "sessions": pgettext_lazy("unit", "sessions"),
    "meals": pgettext_lazy("unit", "meals"),
    "areas": pgettext_lazy("unit", "areas"),
    "weeks": pgettext_lazy("unit", "weeks"),
    "check-ins": pgettext_lazy("unit", "check-ins"),
    "signs": pgettext_lazy("unit", "signs"),
    "points": pgettext_lazy("unit", "points"),
    "x target": pgettext_lazy("unit", "x target"),
    "x mean": pgettext_lazy("unit", "x mean"),
    "of 5": pgettext_lazy("unit", "of 5"),
    "AU/day": pgettext_lazy("unit", "AU/day"),
    "kcal/day": pgettext_lazy("unit", "kcal/day"),
    "g/kg/day": pgettext_lazy("unit", "g/kg/day"),
    "ml/kg/day": pgettext_lazy("unit", "ml/kg/day"),
}


@register.filter
def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


@register.filter
def band_label(band: str | None) -> str:
    return str(BAND_LABELS.get(band or "", band or ""))


@register.filter
def part_label(name: str) -> str:
    return str(PART_LABELS.get(name, name))


@register.filter
def part_labels(names) -> str:
    return ", ".join(part_label(name) for name in names)


@register.filter
def tag_label(tag: str) -> str:
    return str(TAG_LABELS.get(tag, tag))


@register.filter
def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


@register.filter
def intake_name(name: str) -> str:
    """An intake's name as logged; a name Rebound gave it (the check-in's water, a one-tap
    coffee) in the reader's language."""
    from journal.quick import GIVEN_NAMES

    return gettext(name) if name in GIVEN_NAMES else name


@register.filter
def intake_label(intake) -> str:
    """An intake in a few words, for a screen reader's "Delete …": its name or category,
    and its amount."""
    what = intake_name(intake.name) if intake.name else intake.get_category_display()
    return f"{what} {num(intake.amount)} {intake.get_unit_display()}"


@register.filter
def translated(text: str) -> str:
    """An English text marked elsewhere (a rule's title, an evidence label), translated."""
    return gettext(text) if text else text


def _localized_arg(value: object) -> object:
    if isinstance(value, Day):
        return formats.date_format(value.day, gettext("D j M"))
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return localize_number(f"{value:g}") if math.isfinite(value) else value
    if isinstance(value, str):
        return localize_number(value) if NUMBER.match(value) else value
    if isinstance(value, Names):
        words = [gettext(word) for word in value.words]
        return join_names(words, gettext("{first} and {last}"))
    if isinstance(value, list | tuple):  # marked words: day tags, the fatigue rule's signs
        return ", ".join(str(TAG_LABELS.get(item) or gettext(item)) for item in value)
    return value


def render_phrase(p: Phrase) -> str:
    """One phrase in the active language; its English if the translation does not fit."""
    args = dict(p.args)
    if p.plural:
        count = args.get(p.count)
        template = ngettext(p.text, p.plural, count if isinstance(count, int) else 2)
    else:
        template = gettext(p.text)
    try:
        return template.format(**{k: _localized_arg(v) for k, v in args.items()})
    except (KeyError, IndexError, ValueError):
        return p.english()


def render_phrases(phrases, separator: str = " ") -> str:
    return separator.join(render_phrase(p) for p in phrases)


@register.filter
def finding_message(finding) -> str:
    """A finding's message in the reader's language (engine/i18n.py). A finding stored
    before its rule kept phrases shows its English, or its translation if it has no
    numbers."""
    if getattr(finding, "phrases", ()):
        return render_phrases(finding.phrases)
    return gettext(finding.message) if finding.message else ""


@register.filter
def part_note(part) -> str:
    """A readiness part's note in the reader's language."""
    if getattr(part, "note_phrases", ()):
        return render_phrases(part.note_phrases, NOTE_SEPARATOR)
    return part.note


@register.filter
def evidence_label(item) -> str:
    if getattr(item, "label_phrase", None):
        return render_phrase(item.label_phrase)
    return gettext(item.label) if item.label else ""
