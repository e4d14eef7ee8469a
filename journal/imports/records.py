"""What a format's `parse` gives: plain records, the problems met on the way, and the error
for a file that can't be read at all. Records hold the file's values in Rebound's units
(kg, minutes, UTC); nothing here touches the database.

Records go to JSON and back (`to_json`, `from_json`): the preview keeps them on the
`ImportBatch` until the athlete confirms.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

MAX_PROBLEMS_SHOWN = 200  # problems kept for the preview; the count goes on beyond


class ImportFileError(Exception):
    """The file as a whole can't be read: the message says why, in the athlete's words."""


@dataclass
class Problem:
    """Something in the file that could not be read. `where` names the record or line."""

    where: str
    message: str


@dataclass
class SetRecord:
    exercise: str  # the name as the file has it
    reps: int | None
    load_kg: float = 0.0
    rir: int | None = None
    set_type: str = "normal"  # normal, warmup, failure, drop
    rpe: float | None = None  # the set's RPE as the file gives it (RIR = 10 − RPE)
    where: str = ""


@dataclass
class WorkoutRecord:
    where: str
    started_at: datetime  # aware
    duration_min: int
    kind: str  # a Workout.Kind value
    title: str = ""
    source_id: str = ""  # the session's id in its file, when the format has one
    rpe: float | None = None  # session RPE when the file (or an estimate) gives one
    rpe_estimated: bool = False
    rpe_basis: str = ""  # how an estimate was found, shown in the preview
    avg_hr_bpm: int | None = None
    max_hr_bpm: int | None = None
    distance_km: float | None = None
    notes: str = ""
    sets: list[SetRecord] = field(default_factory=list)


@dataclass
class NightRecord:
    """A night, or only the morning's measurements (HRV, resting HR) when the file has no
    sleep times: those join the night logged for that wake day, if any."""

    where: str
    wake_day: str  # yyyy-mm-dd, the local day the athlete woke up
    bedtime: datetime | None = None
    wake_time: datetime | None = None
    quality: int | None = None  # 1–5
    awakenings: int | None = None
    resting_hr: int | None = None
    hrv_ms: float | None = None  # rMSSD
    hrv_sdnn_ms: float | None = None
    source_id: str = ""


@dataclass
class WeighInRecord:
    where: str
    measured_at: datetime
    body_mass_kg: float
    person: int | None = None  # a multi-user scale's user index
    person_label: str = ""


Record = WorkoutRecord | NightRecord | WeighInRecord
RECORD_TYPES: dict[str, type] = {
    "workout": WorkoutRecord,
    "night": NightRecord,
    "weigh_in": WeighInRecord,
}
_TYPE_NAMES = {cls: name for name, cls in RECORD_TYPES.items()}


@dataclass
class ParseContext:
    """What a parser may need to know about the athlete: their zone for times a file gives
    without one, and their units for weights a file gives without one."""

    tz: ZoneInfo
    imperial: bool = False
    progress: Callable[[int, int], None] | None = None  # (done, total), for big files
    size: int = 0  # bytes of the file being parsed, when known

    def report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)


@dataclass
class ParseResult:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)  # how the file was read, e.g. its units

    def problem(self, where: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_SHOWN:
            self.problems.append(Problem(where, message))

    def extend(self, other: ParseResult, prefix: str = "") -> None:
        """Add another file's result (a member of a ZIP), its problems named by `prefix`."""
        self.records.extend(other.records)
        for problem in other.problems:
            where = f"{prefix}, {problem.where}" if prefix and problem.where else prefix
            self.problem(where or problem.where, problem.message)
        self.problem_count += other.problem_count - len(other.problems)
        self.notes.extend(note for note in other.notes if note not in self.notes)


# Each format module provides: KEY, LABEL, detect(filename, head) and parse(file, context).
Parser = Callable[[IO[bytes], ParseContext], ParseResult]


# --- JSON ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def to_json(record: Record) -> dict:
    return {"type": _TYPE_NAMES[type(record)], **_plain(record)}


_DATETIME_FIELDS = {
    WorkoutRecord: ("started_at",),
    NightRecord: ("bedtime", "wake_time"),
    WeighInRecord: ("measured_at",),
}


def from_json(data: dict) -> Record:
    data = dict(data)
    cls = RECORD_TYPES[data.pop("type")]
    for name in _DATETIME_FIELDS[cls]:
        if data.get(name) is not None:
            data[name] = datetime.fromisoformat(data[name])
    if cls is WorkoutRecord:
        data["sets"] = [SetRecord(**item) for item in data.get("sets", [])]
    return cls(**data)


def problems_to_json(problems: list[Problem]) -> list[dict]:
    return [{"where": p.where, "message": p.message} for p in problems]
