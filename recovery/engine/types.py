"""Input and output records of the recovery engine.

Plain frozen dataclasses, no behaviour beyond a few derived values. All datetimes are
aware; durations are computed in absolute time, so nights across a DST change are right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .i18n import Phrase

SEVERITIES = ("info", "caution", "alert")


# ---------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class Session:
    """One workout. `rpe` is the session RPE on the CR-10 scale."""

    kind: str
    duration_min: int
    rpe: float
    start: datetime | None = None

    @property
    def load(self) -> float:
        """Session load in arbitrary units: session RPE x minutes (Foster 1998)."""
        return self.rpe * self.duration_min


@dataclass(frozen=True, slots=True)
class Sleep:
    """One night. It belongs to the day of `wake`."""

    bedtime: datetime
    wake: datetime
    quality: int | None = None
    awakenings: int | None = None
    resting_hr: int | None = None
    hrv_ms: float | None = None  # rMSSD
    hrv_sdnn_ms: float | None = None  # SDNN (Apple Health): another measure, never mixed in

    @property
    def duration_h(self) -> float:
        """Hours asleep in absolute time.

        Subtracting two datetimes that share a tzinfo compares wall clocks, which is an
        hour off on DST nights, so both ends go to UTC first.
        """
        seconds = (self.wake.astimezone(UTC) - self.bedtime.astimezone(UTC)).total_seconds()
        return seconds / 3600.0


@dataclass(frozen=True, slots=True)
class Meal:
    time: datetime
    protein_g: float
    carbs_g: float
    fat_g: float
    kcal: float


@dataclass(frozen=True, slots=True)
class Intake:
    time: datetime
    category: str
    name: str
    amount: float
    unit: str

    @property
    def water_ml(self) -> float:
        """The amount in ml for a water intake given in "ml" or "l"; 0 for anything else."""
        if self.category != "water":
            return 0.0
        unit = self.unit.strip().lower()
        if unit == "ml":
            return float(self.amount)
        if unit in ("l", "litre", "liter"):
            return float(self.amount) * 1000.0
        return 0.0


@dataclass(frozen=True, slots=True)
class CheckIn:
    """Daily check-in: the four Hooper items on 1-7 (1 best) and energy on 1-5 (5 best)."""

    sleep_quality: int
    fatigue: int
    stress: int
    soreness: int
    energy: int
    sore_areas: tuple[str, ...] = ()
    body_mass_kg: float | None = None
    water_ml: int | None = None
    feel_ready: int | None = None  # "How ready do you feel?" 0-10: never a readiness input

    @property
    def hooper(self) -> int:
        """Hooper index, 4 (best) to 28 (worst) (Hooper & Mackinnon 1995)."""
        return self.sleep_quality + self.fatigue + self.stress + self.soreness


@dataclass(frozen=True, slots=True)
class DayRecord:
    """Everything logged on one local calendar day.

    `sleep` is the night that ends on this day. `body_mass_kg` is the latest known on or
    before the day. `e1rm_by_lift` is the best Epley e1RM per exercise name that day.
    """

    day: date
    sessions: tuple[Session, ...] = ()
    e1rm_by_lift: Mapping[str, float] = field(default_factory=dict)
    sleep: Sleep | None = None
    meals: tuple[Meal, ...] = ()
    intakes: tuple[Intake, ...] = ()
    checkin: CheckIn | None = None
    body_mass_kg: float | None = None
    tags: tuple[str, ...] = ()

    @property
    def has_data(self) -> bool:
        """True when anything at all was logged on the day (body mass or tags alone do not
        count)."""
        return bool(self.sessions or self.sleep or self.meals or self.intakes or self.checkin)


@dataclass(frozen=True, slots=True)
class AthleteProfile:
    body_mass_kg: float
    focus: str
    goal: str
    sleep_target_h: float = 8.0
    protein_target_g_per_kg: float = 1.6
    water_target_ml_per_kg: float = 35.0
    kcal_target: int | None = None
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """An admin or coach setting for one rule.

    `severity` None keeps the rule's default; `params` are overrides merged over the
    rule's defaults (invalid ones are ignored at evaluation time).
    """

    enabled: bool = True
    severity: str | None = None
    params: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EngineInput:
    """One athlete's settings and days: contiguous, oldest first, one per calendar day."""

    athlete: AthleteProfile
    days: tuple[DayRecord, ...]
    rule_configs: Mapping[str, RuleConfig] = field(default_factory=dict)


# ---------------------------------------------------------------- output


@dataclass(frozen=True, slots=True)
class Evidence:
    label: str
    value: float | str | None
    unit: str = ""
    threshold: float | str | None = None
    baseline: float | str | None = None
    # A label with a number or a name in it keeps its template here, so a page can
    # translate it (engine/i18n.py); `label` is its English.
    label_phrase: Phrase | None = None

    @classmethod
    def phrased(
        cls,
        label: Phrase,
        value: float | str | None,
        unit: str = "",
        threshold: float | str | None = None,
        baseline: float | str | None = None,
    ) -> Evidence:
        return cls(label.english(), value, unit, threshold, baseline, label)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    title: str
    severity: str
    message: str  # English; `phrases` keeps it translatable (engine/i18n.py)
    evidence: tuple[Evidence, ...]
    guidance_slug: str
    day: date
    phrases: tuple[Phrase, ...] = ()


@dataclass(frozen=True, slots=True)
class Pending:
    """A rule that has too little data yet; `days_needed` is how many more days it needs."""

    code: str
    title: str
    days_needed: int


@dataclass(frozen=True, slots=True)
class ReadinessPart:
    """One part of the score. `value` is 0..1 (1 the best); `score` is the points it gave
    and `max_score` the points it could give, after the weights re-normalised over the
    measured parts. A part left out of the score has `score` None and `max_score` 0, and
    `value` None when it had no data (a part measured but not weighed keeps its value)."""

    name: str
    score: float | None
    max_score: float
    note: str  # English; `note_phrases` keeps it translatable (engine/i18n.py)
    value: float | None = None
    note_phrases: tuple[Phrase, ...] = ()

    @property
    def counted(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class Readiness:
    score: int | None
    band: str | None
    calibrating: bool
    calibrating_days_left: int
    parts: tuple[ReadinessPart, ...]
    weakest: str | None

    @property
    def used(self) -> tuple[str, ...]:
        """The parts the score was made of."""
        return tuple(part.name for part in self.parts if part.counted)

    @property
    def unused(self) -> tuple[ReadinessPart, ...]:
        """The parts left out of the score, with notes that say why."""
        return tuple(part for part in self.parts if not part.counted)


@dataclass(frozen=True, slots=True)
class DayMetrics:
    """The numbers of one day. None means "not available", never zero."""

    daily_load: float | None = None
    fitness: float | None = None
    fatigue: float | None = None
    form: float | None = None
    load_ratio: float | None = None
    monotony: float | None = None
    strain: float | None = None
    weekly_load: float | None = None
    sleep_h: float | None = None
    sleep_mean_7_h: float | None = None
    sleep_debt_7_h: float | None = None
    bedtime_sd_7_min: float | None = None
    protein_g_per_kg: float | None = None
    kcal: float | None = None
    meals: int | None = None
    water_ml: float | None = None
    water_ml_per_kg: float | None = None
    hooper: int | None = None
    hooper_z: float | None = None
    energy: int | None = None
    # Added beyond the page contract; all optional.
    day: date | None = None
    sessions: int | None = None
    acute_load: float | None = None
    chronic_load: float | None = None
    body_mass_kg: float | None = None
    protein_g: float | None = None
    hooper_baseline_mean: float | None = None
    hooper_baseline_sd: float | None = None
    # Physiology: HRV as ln(ms) (`hrv_method` says which measure: "rMSSD" or "SDNN"), its
    # 7-day rolling mean against the athlete's 60-day baseline; resting HR against its own.
    hrv_method: str | None = None
    hrv_ln: float | None = None
    hrv_7d_ln: float | None = None
    hrv_nights_7d: int = 0
    hrv_baseline_ln: float | None = None
    hrv_baseline_sd: float | None = None
    hrv_baseline_n: int = 0
    resting_hr: int | None = None
    resting_hr_baseline: float | None = None
    resting_hr_baseline_sd: float | None = None
    resting_hr_baseline_n: int = 0
    # Running counts that the next day starts from (see Carry).
    history_days: int = 0
    data_days: int = 0
    checkins_7d: int = 0
    last_checkin: date | None = None


@dataclass(frozen=True, slots=True)
class Carry:
    """What a day hands on to the next: the running values that go back to the first
    journal day. Everything else a day needs is in the days the rules look back over.

    The default is the state before the first journal day: fitness and fatigue start at 0
    and the load EWMAs are seeded with the first day's load.
    """

    fitness: float = 0.0
    fatigue: float = 0.0
    acute_load: float | None = None
    chronic_load: float | None = None
    history_days: int = 0
    data_days: int = 0
    last_checkin: date | None = None
    body_mass_kg: float | None = None

    @classmethod
    def after(cls, metrics: DayMetrics, record: DayRecord) -> Carry:
        """The carry at the end of a day, from its metrics and its record."""
        return cls(
            fitness=metrics.fitness or 0.0,
            fatigue=metrics.fatigue or 0.0,
            acute_load=metrics.acute_load,
            chronic_load=metrics.chronic_load,
            history_days=metrics.history_days,
            data_days=metrics.data_days,
            last_checkin=metrics.last_checkin,
            body_mass_kg=record.body_mass_kg,
        )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The state of one day: its record, metrics, findings and readiness."""

    day: date
    metrics: DayMetrics
    findings: tuple[Finding, ...]
    readiness: Readiness
    pending: tuple[Pending, ...]
    record: DayRecord | None = None

    @property
    def carry(self) -> Carry:
        return Carry.after(self.metrics, self.record or DayRecord(day=self.day))
