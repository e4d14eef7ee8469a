"""Which format a file is, and reading it (or every file in a ZIP) into one ParseResult.

Every format module has the same four names: KEY, LABEL, `detect(filename, head)` (from the
name and the first HEAD_BYTES, without reading further) and `parse(file, context)`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import ModuleType
from typing import IO

from journal.imports import (
    apple_health,
    fit,
    garmin_connect,
    garmin_sleep,
    gpx,
    hevy,
    intervals_icu,
    intervals_wellness,
    oura,
    strong,
    tcx,
    whoop,
)
from journal.imports.records import ImportFileError, ParseContext, ParseResult
from journal.validators import showable

HEAD_BYTES = 4096
MB = 1024 * 1024

# Limits, stated on the page and in docs/import.md.
MAX_UPLOAD_BYTES = 100 * MB  # one upload through the browser, all its files together
MAX_UNZIPPED_BYTES = 1024 * MB  # what a ZIP may unpack to (Apple Health's export.xml)
MAX_MEMBER_BYTES = 100 * MB  # any other file in a ZIP
MAX_ZIP_MEMBERS = 5000
MAX_ROWS = 100_000  # lines of one CSV file
MAX_RECORDS = 50_000  # workouts, nights and weigh-ins in one import

# In the order they are tried: the specific signatures before the looser ones. The CSV
# readers each want a set of columns no other app's export has together.
FORMATS: tuple[ModuleType, ...] = (
    fit,
    tcx,
    gpx,
    apple_health,
    strong,
    hevy,
    whoop,
    oura,
    garmin_connect,
    intervals_icu,
    garmin_sleep,
    intervals_wellness,
)
LABELS = {module.KEY: module.LABEL for module in FORMATS}

READS = (
    "FIT, GPX, TCX, a Strong or Hevy CSV, Apple Health's export.xml (or its ZIP), WHOOP's "
    "physiological_cycles.csv, Oura's Trends CSV, Garmin Connect's activities or sleep CSV, "
    "intervals.icu's activities or wellness CSV, or a ZIP of such files"
)


@dataclass
class Upload:
    """One file as it arrived: its name, an open binary file and its size in bytes."""

    name: str
    file: IO[bytes]
    size: int


def detect(filename: str, head: bytes) -> ModuleType | None:
    """The format module that reads this file, or None."""
    for module in FORMATS:
        if module.detect(filename, head):
            return module
    return None


def is_rebound_export(filename: str, head: bytes) -> bool:
    """A Rebound export (its journal.json or ZIP): restored by the other form."""
    name = filename.lower()
    if name.endswith(".json") or head.lstrip()[:1] == b"{":
        return b'"rebound-journal"' in head or name.endswith("journal.json")
    if head.startswith(b"PK\x03\x04"):
        return b"journal.json" in head and b"profile.csv" in head
    return False


def why_unreadable(filename: str, head: bytes) -> str:
    """The message for a file no format detects, as specific as the file allows."""
    name = filename.lower()
    if not head.strip():
        return "This file is empty."
    if is_rebound_export(filename, head):
        return (
            "This is a Rebound export: restore it with “Restore a Rebound export” below, "
            "which brings back everything in it."
        )
    if name.endswith(".fit"):
        return (
            "This .fit file has no FIT header (the “.FIT” signature is missing): it is damaged "
            "or not a FIT file. Copy it from the device again."
        )
    if name.endswith((".csv", ".txt")) or _looks_like_csv(head):
        first = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
        columns = first[0][:120] if first else ""
        return (
            "This CSV is not an export Rebound reads: its columns (“"
            + columns
            + "”) are not those of a Strong, Hevy, WHOOP, Oura, Garmin Connect or "
            "intervals.icu export."
        )
    if name.endswith((".gpx", ".tcx", ".xml")):
        return "This XML file is not a GPX track, a TCX activity or an Apple Health export."
    return f"Rebound can't read this kind of file. It reads {READS}."


def _looks_like_csv(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    line = text.splitlines()[0] if text else ""
    return line.count(",") >= 2 or line.count(";") >= 2


def read_uploads(uploads: list[Upload], context: ParseContext) -> tuple[str, ParseResult]:
    """Every record of the uploaded files, and the source to name the batch by (a format's
    KEY, or "mixed"). Raises ImportFileError for a file that can't be read at all; inside
    a ZIP, or among several files, one unreadable file is a problem and the rest go on."""
    if not uploads:
        raise ImportFileError("Choose a file.")
    sources: list[str] = []
    result = ParseResult()
    several = len(uploads) > 1
    for upload in uploads:
        try:
            source, part = read_one(upload, context)
        except ImportFileError as error:
            if not several:
                raise ImportFileError(named(upload.name, str(error))) from None
            result.problem(upload.name, str(error))
            continue
        sources.append(source)
        result.extend(part, upload.name if several else "")
    if not sources:
        raise ImportFileError(
            "None of these files could be read: "
            + "; ".join(named(p.where, p.message) for p in result.problems)
        )
    if len(result.records) > MAX_RECORDS:
        raise ImportFileError(
            f"This import holds {len(result.records):,} entries; one import takes at most "
            f"{MAX_RECORDS:,}. Split the export (by year, say) and import each part."
        )
    distinct = sorted(set(sources))
    return (distinct[0] if len(distinct) == 1 else "mixed"), result


def named(file_name: str, message: str) -> str:
    """The message about a file, saying which file: several may be uploaded at once."""
    shown = showable(file_name)[:120]
    return f"{shown}: {message}" if shown and not message.startswith(shown) else message


def read_one(upload: Upload, context: ParseContext) -> tuple[str, ParseResult]:
    head = upload.file.read(HEAD_BYTES)
    upload.file.seek(0)
    if head.startswith(b"PK\x03\x04") and not is_rebound_export(upload.name, head):
        return _read_zip(upload, context)
    module = detect(upload.name, head)
    if module is None:
        raise ImportFileError(why_unreadable(upload.name, head))
    context.size = upload.size
    return module.KEY, module.parse(upload.file, context)


def _read_zip(upload: Upload, context: ParseContext) -> tuple[str, ParseResult]:
    try:
        archive = zipfile.ZipFile(upload.file)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ImportFileError("This ZIP can't be read: it is damaged or cut short.") from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not _skipped_member(info.filename)
        ]
        if len(members) > MAX_ZIP_MEMBERS:
            raise ImportFileError(
                f"This ZIP holds {len(members):,} files; Rebound reads at most "
                f"{MAX_ZIP_MEMBERS:,} in one import."
            )
        # Apple Health's ZIP: only export.xml matters (export_cda.xml repeats it in another form).
        health = [m for m in members if PurePosixPath(m.filename).name == "export.xml"]
        if health:
            members = health[:1]
        result = ParseResult()
        sources: list[str] = []
        unpacked = 0
        for number, info in enumerate(members, start=1):
            name = PurePosixPath(info.filename).name
            if unpacked + info.file_size > MAX_UNZIPPED_BYTES:
                raise ImportFileError("This ZIP unpacks to more than 1 GB; split it into parts.")
            capped = None
            try:
                with archive.open(info) as member:
                    # What a member really unpacks to counts, whatever size the ZIP claims.
                    limit = MAX_UNZIPPED_BYTES - unpacked
                    capped = _Capped(
                        member, limit if name == "export.xml" else min(limit, MAX_MEMBER_BYTES)
                    )
                    head = capped.peek(HEAD_BYTES)
                    module = detect(name, head)
                    if module is None:
                        raise ImportFileError(why_unreadable(name, head))
                    context.size = info.file_size
                    part = module.parse(io.BufferedReader(capped, 1 << 16), context)
            except ImportFileError as error:
                result.problem(name, str(error))
                continue
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
                result.problem(name, "This file in the ZIP can't be unpacked: it is damaged.")
                continue
            finally:
                unpacked += capped.read_so_far if capped is not None else 0
            sources.append(module.KEY)
            result.extend(part, name if len(members) > 1 else "")
            context.report(number, len(members))
        if not sources:
            reasons = "; ".join(f"{p.where}: {p.message}" for p in result.problems[:3])
            raise ImportFileError(
                "This ZIP holds no file Rebound reads" + (f" ({reasons})" if reasons else ".")
            )
    distinct = sorted(set(sources))
    return (distinct[0] if len(distinct) == 1 else "mixed"), result


def _skipped_member(name: str) -> bool:
    path = PurePosixPath(name)
    return path.name.startswith(".") or "__MACOSX" in path.parts


class _Capped(io.RawIOBase):
    """A ZIP member read as a stream, refusing to unpack past `limit` bytes (whatever size
    the archive claims), with `peek` for the detection of its format."""

    def __init__(self, member: IO[bytes], limit: int):
        self._member = member
        self._limit = limit
        self._read = 0
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def peek(self, size: int) -> bytes:
        while len(self._buffer) < size:
            chunk = self._member.read(size - len(self._buffer))
            if not chunk:
                break
            self._buffer += chunk
        return self._buffer[:size]

    def readinto(self, target) -> int:
        if self._buffer:
            count = min(len(target), len(self._buffer))
            target[:count] = self._buffer[:count]
            self._buffer = self._buffer[count:]
        else:
            chunk = self._member.read(len(target))
            count = len(chunk)
            target[:count] = chunk
        self._read += count
        if self._read > self._limit:
            raise ImportFileError("This file unpacks to more than Rebound reads in one import.")
        return count

    @property
    def read_so_far(self) -> int:
        return self._read

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if offset == 0 and whence == io.SEEK_SET and self._read == 0:
            return 0
        raise OSError("a ZIP member can't seek")
