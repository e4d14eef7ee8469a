"""What the API gives about the days' states (readiness, metrics, findings) and what a
coach reads and writes: the roster, an athlete's profile, coach notes."""

from datetime import date, datetime
from uuid import UUID

from ninja import Schema
from pydantic import Field

from api.schemas import Day, Payload, ProfileOut, choices, page_of
from journal.models import CoachLink

# ---------------------------------------------------------------- day states


class EvidenceOut(Schema):
    label: str
    value: float | str | None
    unit: str
    threshold: float | str | None
    baseline: float | str | None


class FindingOut(Schema):
    code: str
    title: str
    severity: str
    message: str
    guidance_slug: str
    evidence: list[EvidenceOut]


class PendingOut(Schema):
    code: str
    title: str
    days_needed: int


class PartOut(Schema):
    name: str
    score: float | None = Field(description="Points it gave; null when left out of the score.")
    max_score: float
    value: float | None = Field(description="0 to 1, 1 the best; null without data.")
    note: str
    counted: bool


class ReadinessOut(Schema):
    score: int | None = Field(description="0–100; null while calibrating or with no data.")
    band: str | None = Field(description="green ≥ 67, amber 34–66, red ≤ 33.")
    calibrating: bool
    calibrating_days_left: int
    weakest: str | None = Field(description="The measured part that pulled it down most.")
    used: list[str]
    parts: list[PartOut]


class MetricsOut(Schema):
    """The day's numbers; null means "not available", never zero."""

    daily_load: float | None
    fitness: float | None
    fatigue: float | None
    form: float | None
    load_ratio: float | None
    monotony: float | None
    strain: float | None
    weekly_load: float | None
    sleep_h: float | None
    sleep_mean_7_h: float | None
    sleep_debt_7_h: float | None
    bedtime_sd_7_min: float | None
    protein_g_per_kg: float | None
    kcal: float | None
    meals: int | None
    water_ml: float | None
    water_ml_per_kg: float | None
    hooper: int | None
    hooper_z: float | None
    energy: int | None
    sessions: int | None
    acute_load: float | None
    chronic_load: float | None
    body_mass_kg: float | None
    protein_g: float | None
    hooper_baseline_mean: float | None
    hooper_baseline_sd: float | None
    hrv_method: str | None
    hrv_ln: float | None
    hrv_7d_ln: float | None
    hrv_nights_7d: int
    hrv_baseline_ln: float | None
    hrv_baseline_sd: float | None
    hrv_baseline_n: int
    resting_hr: int | None
    resting_hr_baseline: float | None
    resting_hr_baseline_sd: float | None
    resting_hr_baseline_n: int
    history_days: int
    data_days: int
    checkins_7d: int
    last_checkin: date | None


class DayStateOut(Schema):
    date: Day
    readiness: ReadinessOut
    metrics: MetricsOut
    findings: list[FindingOut] = Field(description="Worst first, with the numbers that fired each.")
    pending: list[PendingOut] = Field(description="Rules still waiting for data.")
    tags: list[str]


# ---------------------------------------------------------------- coach


class RosterFindingOut(Schema):
    severity: str
    title: str
    guidance_slug: str


class RosterRowOut(Schema):
    public_id: UUID
    display_name: str
    access: str = Field(**choices(CoachLink.Access.values))
    readiness_score: int | None
    band: str | None
    calibrating: bool
    top_findings: list[RosterFindingOut]
    last_checkin: date | None
    compliance_pct: int = Field(description="Check-ins on the last 7 days, in %.")
    load_ratio: float | None
    sleep_mean_7_h: float | None


class CoachAthleteOut(ProfileOut):
    access: str = Field(**choices(CoachLink.Access.values))


class CoachNoteIn(Payload):
    date: Day
    text: str = Field(json_schema_extra={"maxLength": 2000})


class CoachNoteOut(Schema):
    id: int
    date: Day
    text: str
    author: str
    created_at: datetime


DayStatePage = page_of(DayStateOut, "DayStatePage")
RosterPage = page_of(RosterRowOut, "RosterPage")
CoachNotePage = page_of(CoachNoteOut, "CoachNotePage")
