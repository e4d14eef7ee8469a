"""Finds user-facing text in templates that is not marked for translation.

A template is lexed as Django does. Whatever `{% translate %}`, `{% blocktranslate %}` and
`{% comment %}` hold is marked (or not shown); every other template tag and variable
becomes a marker character. The rest is read as HTML (or as plain text for .txt
templates): each text node, and each attribute a person reads or hears (aria-label, title,
alt, placeholder, data-announce, a submit input's value), must have no letters outside the
allow-list. A `|default:"…"` literal counts as text where it is shown: mark it `_("…")`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

MARK = "\x00"
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-announce", "value"}
# `value` is only read on submit inputs (see _Collector.handle_starttag).
SILENT_ELEMENTS = {"script", "style"}

# Words that are the same in every language Rebound speaks: the brand, units, symbols and
# the names of measures. Keep it short: anything else belongs in the .po files.
ALLOWED_WORDS = {
    "Rebound",
    "AU",
    "RPE",
    "HRV",
    "SD",
    "SDNN",
    "rMSSD",
    "h",
    "ms",
    "bpm",
    "kg",
    "g",
    "ml",
    "kcal",
    "km",
    "min",
    "lb",
    "oz",
    "g/kg",
    "ml/kg",
    "RM",  # as in 1RM
    "e1RM",
    "API",
    "CSV",
    "JSON",
    "ZIP",
    "FIT",
    "GPX",
    "TCX",
    "ID",
    "ρ",
}
WORD = re.compile(r"[^\W\d_][\w'’./-]*")
DEFAULT_LITERAL = re.compile(r"""\|default:(?P<q>["'])(?P<text>.*?)(?P=q)""")


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


URL = re.compile(r"(?<!\S)/\S*|\S+://\S*")


def _has_words(text: str) -> bool:
    for word in WORD.findall(URL.sub(" ", text)):
        core = word.strip(".'’/-")
        if core and core not in ALLOWED_WORDS and any(ch.isalpha() for ch in core):
            return True
    return False


def _flatten(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The template with marked and dynamic parts replaced by MARK, and the (offset, line)
    of each text token."""
    out: list[str] = []
    lines: list[tuple[int, int]] = []
    skip_until: str | None = None
    length = 0
    for token in Lexer(source).tokenize():
        contents = token.contents.strip()
        if skip_until is not None:
            if token.token_type == TokenType.BLOCK and contents.split()[0] == skip_until:
                skip_until = None
            continue
        if token.token_type == TokenType.TEXT:
            lines.append((length, token.lineno))
            out.append(token.contents)
            length += len(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents else ""
            if name in {"blocktranslate", "blocktrans"}:
                skip_until = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name == "comment":
                skip_until = "endcomment"
            elif name == "verbatim":
                skip_until = "endverbatim"
        shown = MARK
        if token.token_type == TokenType.VAR:
            # A literal a variable falls back to is read where the variable is: in text, it
            # is text to translate; in a class or lang attribute, it is not.
            defaults = [m["text"] for m in DEFAULT_LITERAL.finditer(token.contents)]
            if defaults:
                shown = MARK + MARK.join(defaults) + MARK
        out.append(shown)
        length += len(shown)
    return "".join(out), lines


def _line_at(lines: list[tuple[int, int]], offset: int, text_before: str) -> int:
    start, lineno = 0, 1
    for token_start, token_line in lines:
        if token_start > offset:
            break
        start, lineno = token_start, token_line
    return lineno + text_before[start:offset].count("\n")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []  # (offset, text)
        self.silent = 0
        self._offsets: list[int] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._offsets[line - 1] + column

    def feed_text(self, text: str) -> None:
        total = 0
        for line in text.split("\n"):
            self._offsets.append(total)
            total += len(line) + 1
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in SILENT_ELEMENTS:
            self.silent += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if name not in READ_ATTRIBUTES or not value:
                continue
            # A button's value is sent, not shown; a submit input's value is its label.
            if name == "value" and not (
                tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
            ):
                continue
            self.found.append((self._offset(), value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SILENT_ELEMENTS:
            self.silent -= 1

    def handle_endtag(self, tag):
        if tag in SILENT_ELEMENTS and self.silent:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent:
            self.found.append((self._offset(), data))


def unmarked_text(path: Path, root: Path) -> list[Unmarked]:
    source = path.read_text(encoding="utf-8")
    flat, lines = _flatten(source)
    name = str(path.relative_to(root))
    problems: list[Unmarked] = []
    if path.suffix == ".txt":
        pieces = [(0, flat)]
    else:
        collector = _Collector()
        collector.feed_text(flat)
        pieces = collector.found
    for offset, text in pieces:
        for part in text.split(MARK):
            if _has_words(part):
                at = flat.find(part, offset)
                line = _line_at(lines, at if at >= 0 else offset, flat)
                problems.append(Unmarked(name, line, " ".join(part.split())))
    return problems
