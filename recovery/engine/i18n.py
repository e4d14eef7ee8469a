"""Texts the engine writes for people, kept translatable without importing Django.

The engine speaks English. A text with no numbers in it (a rule's title, an evidence
label) is marked with `N_`, which returns it unchanged: `makemessages` extracts it (see
recovery/management/commands/makemessages.py), and the page translates the stored English
at display time (`{% translate finding.title %}`).

A message with numbers in it is kept as `Phrase`s: an English template in `str.format`
style, its arguments, and for a count its plural template. The engine stores the English
sentence (`Finding.message`, what the API, the export and `manage.py evaluate` show) and
the phrases beside it. A page translates each phrase's template, then formats the
arguments into it in the reader's locale (recovery/templatetags/recovery_tags.py,
`finding_message`), so a translation may move a number but never has to parse one. A
phrase's arguments are numbers, pre-rounded number strings ("6.4"), `Day`s, other text
(shown as it is) or a tuple of marked words (each translated, joined with commas).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


def N_(text: str) -> str:
    """Marks `text` for translation and returns it unchanged (gettext_noop)."""
    return text


@dataclass(frozen=True, slots=True)
class Day:
    """A day named in a message: "Tue 1 Dec" in English, the reader's format on a page."""

    day: date

    def __format__(self, spec: str) -> str:
        d = self.day
        return f"{d:%a} {d.day} {d:%b}"


@dataclass(frozen=True, slots=True)
class Names:
    """Marked words named in a sentence: "quads", "quads and lower back", "chest, back and
    core" in English; each word translated and joined in the reader's language on a page."""

    words: tuple[str, ...]

    def __format__(self, spec: str) -> str:
        return join_names(self.words, "{first} and {last}")


def join_names(words: tuple[str, ...] | list[str], pair: str) -> str:
    """`words` as "a, b and c", with `pair` ("{first} and {last}") joining the last two."""
    if len(words) < 2:
        return "".join(words)
    return pair.format(first=", ".join(words[:-1]), last=words[-1])


@dataclass(frozen=True, slots=True)
class Phrase:
    """One sentence (or clause) of a message: `text` is the English template; with
    `plural`, `count` names the argument that picks singular or plural."""

    text: str
    args: tuple[tuple[str, object], ...] = ()
    plural: str = ""
    count: str = ""

    def template(self) -> str:
        if self.plural and dict(self.args).get(self.count) != 1:
            return self.plural
        return self.text

    def english(self) -> str:
        return self.template().format(**{k: _english_arg(v) for k, v in self.args})


def _english_arg(value: object) -> object:
    """A list of words (tag names, signs) reads as "a, b, c"."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


def phrase(text: str, /, **args: object) -> Phrase:
    """A translatable sentence: `phrase("{mean_h} h last night.", mean_h="6.4")`."""
    return Phrase(text, tuple(args.items()))


def plural_phrase(singular: str, plural: str, count: str, /, **args: object) -> Phrase:
    """A sentence whose wording follows the number in `args[count]`."""
    return Phrase(singular, tuple(args.items()), plural, count)


def english(phrases: Iterable[Phrase]) -> str:
    """The phrases as one English message."""
    return " ".join(p.english() for p in phrases)


def _arg_to_json(value: object) -> object:
    if isinstance(value, Day):
        return {"day": value.day.isoformat()}
    if isinstance(value, Names):
        return {"names": list(value.words)}
    return value


def phrases_to_json(phrases: Iterable[Phrase]) -> list[list[object]]:
    return [
        [
            p.text,
            p.plural,
            p.count,
            [[k, _arg_to_json(v)] for k, v in p.args],
        ]
        for p in phrases
    ]


def phrases_from_json(data: list[list[object]] | None) -> tuple[Phrase, ...]:
    def value(v: object) -> object:
        if isinstance(v, dict) and "day" in v:
            return Day(date.fromisoformat(str(v["day"])))
        if isinstance(v, dict) and "names" in v:
            return Names(tuple(v["names"]))
        if isinstance(v, list):
            return tuple(v)  # as the engine made it, so a stored finding equals a fresh one
        return v

    return tuple(
        Phrase(str(text), tuple((str(k), value(v)) for k, v in args), str(plural), str(count))
        for text, plural, count, args in (data or ())
    )
