"""Reading the CSV exports of other apps: the header, then each row with its line number,
and the values the way those apps write them (numbers with a decimal comma, durations such
as "1h 5m", local times)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import IO
from zoneinfo import ZoneInfo

from journal.imports.records import ImportFileError

MAX_ROWS = 100_000  # rows of one CSV file (also stated on the page)
PLAUSIBLE_YEARS = (1900, 2199)  # outside, a time is not history (and year 1 or 9999 overflows)


def header_of(head: bytes) -> list[str]:
    """The column names of a CSV file from its first bytes, lower-cased; [] if none."""
    try:
        text = head.split(b"\n", 1)[0].decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    line = text.lstrip("\ufeff").strip("\r")
    if not line:
        return []
    delimiter = ";" if line.count(";") > line.count(",") else ","
    try:
        names = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [name.strip().lower() for name in names]


def rows(file: IO[bytes], required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) for every data row. Columns are lower-cased; a value
    is stripped. Raises ImportFileError for an empty file, missing columns, text that is not
    UTF-8, or more rows than MAX_ROWS."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="", errors="strict")
    line_number = 1
    try:
        first = text.readline()
        if not first.strip():
            raise ImportFileError("This CSV file is empty.")
        delimiter = ";" if first.count(";") > first.count(",") else ","
        columns = [c.strip().lower() for c in next(csv.reader([first], delimiter=delimiter))]
        missing = required - set(columns)
        if missing:
            raise ImportFileError(
                "This CSV lacks the column(s) " + ", ".join(sorted(missing)) + "."
            )
        reader = csv.reader(text, delimiter=delimiter)
        seen = 0
        for values in reader:
            line_number = reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            seen += 1
            if seen > MAX_ROWS:
                raise ImportFileError(
                    f"This CSV has more than {MAX_ROWS:,} rows; split it (by year, say) and "
                    "import each part."
                )
            # A short row (a file cut off, a line missing its commas) reads its missing
            # columns as empty, so the format's own checks name the line. A long one with
            # values past the header's last column cannot be read right: an unquoted comma
            # has moved every value after it.
            if len(values) > len(columns):
                if any(value.strip() for value in values[len(columns) :]):
                    raise ImportFileError(
                        f"Line {line_number} has {len(values)} values but the header has "
                        f"{len(columns)} columns: export the file again from the app."
                    )
                values = values[: len(columns)]
            padded = [*values, *[""] * (len(columns) - len(values))]
            yield (
                line_number,
                {column: value.strip() for column, value in zip(columns, padded, strict=True)},
            )
        if not seen:
            raise ImportFileError("This CSV file has a header but no rows: nothing to import.")
    except UnicodeDecodeError:
        raise ImportFileError(
            f"Line {line_number} is not UTF-8 text: export the file again from the app."
        ) from None
    except csv.Error as error:
        raise ImportFileError(f"Line {line_number} can't be read as CSV: {error}.") from None
    finally:
        text.detach()


def number(value: str) -> float | None:
    """A number as apps write it ("82.5", "82,5", ""), or None. Raises ValueError."""
    value = value.strip().replace("\u202f", "").replace(" ", "")
    if not value:
        return None
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    parsed = float(value)
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise ValueError("not a number")
    return parsed


_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")


def duration(value: str) -> timedelta | None:
    """ "1h 5m", "35m", "45s", "01:05:00" or a number of seconds, as a timedelta; None if
    it reads as none of these."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", value):
        parts = [int(p) for p in value.split(":")]
        if len(parts) == 2:
            parts = [0, *parts]
        return timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return timedelta(seconds=float(value))
    found = _DURATION.match(value)
    if not found or not any(found.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in found.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def local_time(value: str, formats: tuple[str, ...], tz: ZoneInfo) -> datetime | None:
    """A time the file gives without a zone, read as the athlete's local time; a time with
    an offset keeps it. None if no format fits."""
    value = value.strip().replace("\u202f", " ")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None:
        for layout in formats:
            try:
                parsed = datetime.strptime(value, layout)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def utf8_head(head: bytes) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    return decoder.decode(head).lstrip("\ufeff")


def out_of_range(moment: datetime, text: str) -> str | None:
    """Why a time from a file can't be a journal's (year 1, 9999: converting it to another
    zone could even overflow), or None; the preview refuses the rest of what is outside
    the journal's days."""
    if PLAUSIBLE_YEARS[0] <= moment.year <= PLAUSIBLE_YEARS[1]:
        return None
    return f"“{text[:40]}” is out of range: a journal runs from 1990 to today."
