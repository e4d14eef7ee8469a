"""Day states to and from JSON-ready values, for the `DayState` rows that store them.

Floats go through JSON unchanged (Python writes the shortest repr that reads back the same
number), so a state read back steps the next day exactly as the one computed in memory.
Datetimes keep their UTC offset; every rule compares them in absolute time.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import Any

from .i18n import phrases_from_json, phrases_to_json
from .types import (
    CheckIn,
    DayMetrics,
    DayRecord,
    Evaluation,
    Evidence,
    Finding,
    Intake,
    Meal,
    Pending,
    Readiness,
    ReadinessPart,
    Session,
    Sleep,
)

_DATE_METRICS = {"day", "last_checkin"}


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def record_to_json(record: DayRecord) -> dict[str, Any]:
    """The day's summary: what the rules read of a day, without the entries' free text."""
    out: dict[str, Any] = {}
    if record.sessions:
        out["sessions"] = [[s.kind, s.duration_min, s.rpe, _iso(s.start)] for s in record.sessions]
    if record.e1rm_by_lift:
        out["e1rm"] = dict(record.e1rm_by_lift)
    if record.sleep is not None:
        night = record.sleep
        out["sleep"] = [
            _iso(night.bedtime),
            _iso(night.wake),
            night.quality,
            night.awakenings,
            night.resting_hr,
            night.hrv_ms,
            night.hrv_sdnn_ms,
        ]
    if record.meals:
        out["meals"] = [
            [_iso(m.time), m.protein_g, m.carbs_g, m.fat_g, m.kcal] for m in record.meals
        ]
    if record.intakes:
        out["intakes"] = [
            [_iso(i.time), i.category, i.name, i.amount, i.unit] for i in record.intakes
        ]
    if record.checkin is not None:
        c = record.checkin
        out["checkin"] = [
            c.sleep_quality,
            c.fatigue,
            c.stress,
            c.soreness,
            c.energy,
            list(c.sore_areas),
            c.body_mass_kg,
            c.water_ml,
            c.feel_ready,
        ]
    if record.tags:
        out["tags"] = list(record.tags)
    if record.body_mass_kg is not None:
        out["mass"] = record.body_mass_kg
    return out


def record_from_json(day: date, data: dict[str, Any]) -> DayRecord:
    sleep = data.get("sleep")
    checkin = data.get("checkin")
    return DayRecord(
        day=day,
        sessions=tuple(
            Session(kind, minutes, rpe, _moment(start))
            for kind, minutes, rpe, start in data.get("sessions", ())
        ),
        e1rm_by_lift=data.get("e1rm", {}),
        sleep=None if sleep is None else Sleep(_moment(sleep[0]), _moment(sleep[1]), *sleep[2:]),
        meals=tuple(
            Meal(_moment(time), protein, carbs, fat, kcal)
            for time, protein, carbs, fat, kcal in data.get("meals", ())
        ),
        intakes=tuple(
            Intake(_moment(time), category, name, amount, unit)
            for time, category, name, amount, unit in data.get("intakes", ())
        ),
        checkin=None if checkin is None else CheckIn(*checkin[:5], tuple(checkin[5]), *checkin[6:]),
        body_mass_kg=data.get("mass"),
        tags=tuple(data.get("tags", ())),
    )


def metrics_to_json(metrics: DayMetrics) -> dict[str, Any]:
    out = {}
    for f in fields(DayMetrics):
        value = getattr(metrics, f.name)
        if f.name in _DATE_METRICS and value is not None:
            value = value.isoformat()
        out[f.name] = value
    return out


def metrics_from_json(data: dict[str, Any]) -> DayMetrics:
    values = {f.name: data.get(f.name, f.default) for f in fields(DayMetrics)}
    for name in _DATE_METRICS:
        if values[name] is not None:
            values[name] = date.fromisoformat(values[name])
    return DayMetrics(**values)


def readiness_to_json(readiness: Readiness) -> dict[str, Any]:
    return {
        "score": readiness.score,
        "band": readiness.band,
        "calibrating": readiness.calibrating,
        "calibrating_days_left": readiness.calibrating_days_left,
        "weakest": readiness.weakest,
        "parts": [
            [p.name, p.score, p.max_score, p.note, p.value]
            + ([phrases_to_json(p.note_phrases)] if p.note_phrases else [])
            for p in readiness.parts
        ],
    }


def readiness_from_json(data: dict[str, Any]) -> Readiness:
    return Readiness(
        score=data["score"],
        band=data["band"],
        calibrating=data["calibrating"],
        calibrating_days_left=data["calibrating_days_left"],
        parts=tuple(
            ReadinessPart(*part[:5], note_phrases=phrases_from_json(part[5] if part[5:] else None))
            for part in data["parts"]
        ),
        weakest=data["weakest"],
    )


def _evidence_to_json(e: Evidence) -> list[Any]:
    row = [e.label, e.value, e.unit, e.threshold, e.baseline]
    return [*row, phrases_to_json((e.label_phrase,))[0]] if e.label_phrase else row


def _evidence_from_json(row: list[Any]) -> Evidence:
    label = phrases_from_json(row[5:6])  # rows stored before labels kept phrases have 5
    return Evidence(*row[:5], label_phrase=label[0] if label else None)


def findings_to_json(findings: tuple[Finding, ...]) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code,
            "title": f.title,
            "severity": f.severity,
            "message": f.message,
            "guidance_slug": f.guidance_slug,
            "evidence": [_evidence_to_json(e) for e in f.evidence],
            **({"phrases": phrases_to_json(f.phrases)} if f.phrases else {}),
        }
        for f in findings
    ]


def findings_from_json(day: date, data: list[dict[str, Any]]) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            code=f["code"],
            title=f["title"],
            severity=f["severity"],
            message=f["message"],
            evidence=tuple(_evidence_from_json(e) for e in f["evidence"]),
            guidance_slug=f["guidance_slug"],
            day=day,
            phrases=phrases_from_json(f.get("phrases")),
        )
        for f in data
    )


def pending_to_json(pending: tuple[Pending, ...]) -> list[list[Any]]:
    return [[p.code, p.title, p.days_needed] for p in pending]


def pending_from_json(data: list[list[Any]]) -> tuple[Pending, ...]:
    return tuple(Pending(*p) for p in data)


def state_to_json(state: Evaluation) -> dict[str, Any]:
    """Every part of a day's state, by the name of the column it is stored in."""
    return {
        "record": record_to_json(state.record or DayRecord(day=state.day)),
        "metrics": metrics_to_json(state.metrics),
        "readiness": readiness_to_json(state.readiness),
        "findings": findings_to_json(state.findings),
        "pending": pending_to_json(state.pending),
    }


def state_from_json(day: date, data: dict[str, Any]) -> Evaluation:
    return Evaluation(
        day=day,
        metrics=metrics_from_json(data["metrics"]),
        findings=findings_from_json(day, data["findings"]),
        readiness=readiness_from_json(data["readiness"]),
        pending=pending_from_json(data["pending"]),
        record=record_from_json(day, data["record"]),
    )
