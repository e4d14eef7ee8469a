"""Metrics: the day's numbers. The sleep, nutrition, wellness and physiology formulas are
here; the training-load ones are in `load.py`.

`build_series` makes one pass over the days and keeps the per-day arrays that every
later question needs (daily load, the exponentially weighted loads, Hooper prefix
sums). `day_metrics` then answers for one day in constant time, so a whole series is
linear in the number of days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .load import (
    ACUTE_N_D,
    CHRONIC_N_D,
    FATIGUE_TAU_D,
    FITNESS_TAU_D,
    LOAD_RATIO_MIN_DAYS,
    MONOTONY_MIN_DAYS,
    ewma,
    impulse_response,
    monotony,
    strain,
)
from .types import AthleteProfile, Carry, DayMetrics, DayRecord, Meal, Sleep

HOOPER_BASELINE_DAYS = 28
HOOPER_BASELINE_MIN_CHECKINS = 14
# Physiology (Plews et al. 2012, 2013): the 7-day rolling mean of ln HRV, with at least 3
# nights in it, against the athlete's 60-day baseline of 14 nights or more.
PHYSIOLOGY_BASELINE_DAYS = 60
PHYSIOLOGY_BASELINE_MIN = 14
HRV_ROLLING_DAYS = 7
HRV_ROLLING_MIN = 3
# SD floors: below them a baseline's SD says more about too few distinct values than about
# the athlete (a Hooper SD of 0.4 would turn one point into 2.5 SD).
HOOPER_SD_FLOOR = 1.0
HRV_LN_SD_FLOOR = 0.05
RESTING_HR_SD_FLOOR = 1.5
EPLEY_MAX_REPS = 10
MINUTES_PER_DAY = 1440.0


# ---------------------------------------------------------------- small formulas


class PrefixStats:
    """Prefix sums of one daily value, so that the count, mean and SD over any run of days
    take constant time. Each day is added to `all` and, unless it is tagged, to the
    baseline sums: tagged days (ill, travel...) are measured but are not the athlete's
    usual."""

    __slots__ = ("cnt", "sum", "base_cnt", "base_sum", "base_sumsq")

    def __init__(self, n: int):
        self.cnt = [0] * (n + 1)
        self.sum = [0.0] * (n + 1)
        self.base_cnt = [0] * (n + 1)
        self.base_sum = [0.0] * (n + 1)
        self.base_sumsq = [0.0] * (n + 1)

    def set(self, i: int, value: float | None, in_baseline: bool) -> None:
        """Day i's value; days must be set in order."""
        self.cnt[i + 1] = self.cnt[i]
        self.sum[i + 1] = self.sum[i]
        self.base_cnt[i + 1] = self.base_cnt[i]
        self.base_sum[i + 1] = self.base_sum[i]
        self.base_sumsq[i + 1] = self.base_sumsq[i]
        if value is None:
            return
        self.cnt[i + 1] += 1
        self.sum[i + 1] += value
        if in_baseline:
            self.base_cnt[i + 1] += 1
            self.base_sum[i + 1] += value
            self.base_sumsq[i + 1] += value * value

    def mean(self, t_from: int, t_to: int) -> tuple[int, float | None]:
        """(values, mean) over days t_from..t_to, tagged days included."""
        a, b = max(t_from, 0), t_to + 1
        if b <= a:
            return 0, None
        n = self.cnt[b] - self.cnt[a]
        return n, (self.sum[b] - self.sum[a]) / n if n else None

    def baseline(self, t_from: int, t_to: int) -> tuple[int, float, float] | None:
        """(values, mean, sample SD) over the untagged days t_from..t_to; None under 2."""
        a, b = max(t_from, 0), t_to + 1
        if b <= a:
            return None
        n = self.base_cnt[b] - self.base_cnt[a]
        if n < 2:
            return None
        s = self.base_sum[b] - self.base_sum[a]
        var = (self.base_sumsq[b] - self.base_sumsq[a] - s * s / n) / (n - 1)
        return n, s / n, math.sqrt(max(var, 0.0))


def epley_e1rm(weight_kg: float, reps: int) -> float | None:
    """Estimated one-rep max in kg; None above 10 reps or for no reps.

    Epley 1985: w * (1 + r/30); a single is its own 1RM.
    """
    if reps < 1 or reps > EPLEY_MAX_REPS or weight_kg <= 0:
        return None
    if reps == 1:
        return float(weight_kg)
    return weight_kg * (1.0 + reps / 30.0)


def sleep_debt_h(durations_h: Sequence[float], target_h: float) -> float | None:
    """Sum of max(0, target - duration) over the nights given; None with no nights."""
    if not durations_h:
        return None
    return sum(max(0.0, target_h - d) for d in durations_h)


def athlete_zone(name: str) -> tzinfo:
    """The athlete's time zone; UTC when the name is unknown (never raises)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return ZoneInfo("UTC")


def local_clock_min(moment: datetime, zone: tzinfo) -> float:
    """Minutes after local midnight of an aware datetime in `zone`."""
    local = moment.astimezone(zone)
    return local.hour * 60.0 + local.minute + local.second / 60.0


def clock_distance_min(a_min: float, b_min: float) -> float:
    """Shortest distance between two clock times on the 24 h circle (23:30-00:30 is 60)."""
    d = abs(a_min - b_min) % MINUTES_PER_DAY
    return min(d, MINUTES_PER_DAY - d)


def _resultant(clock_min: Sequence[float]) -> tuple[float, float]:
    to_rad = 2.0 * math.pi / MINUTES_PER_DAY
    c = sum(math.cos(m * to_rad) for m in clock_min) / len(clock_min)
    s = sum(math.sin(m * to_rad) for m in clock_min) / len(clock_min)
    return c, s


def circular_sd_min(clock_min: Sequence[float]) -> float | None:
    """Circular SD of clock times in minutes; None with fewer than 2 times.

    Mardia 1972 / Fisher 1993: sqrt(-2 ln R) with R the mean resultant length, so times
    either side of midnight are close, not 23 h apart.
    """
    if len(clock_min) < 2:
        return None
    c, s = _resultant(clock_min)
    r = min(1.0, math.hypot(c, s))
    if r <= 0.0:
        return None
    if r > 1.0 - 1e-12:
        # Identical times: the resultant misses 1 only by rounding.
        return 0.0
    return math.sqrt(max(0.0, -2.0 * math.log(r))) * MINUTES_PER_DAY / (2.0 * math.pi)


def circular_mean_min(clock_min: Sequence[float]) -> float | None:
    """Circular mean clock time in minutes after midnight (Fisher 1993)."""
    if not clock_min:
        return None
    c, s = _resultant(clock_min)
    if math.hypot(c, s) <= 1e-12:
        return None
    return (math.atan2(s, c) * MINUTES_PER_DAY / (2.0 * math.pi)) % MINUTES_PER_DAY


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * min(max(q, 0.0), 100.0) / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def body_mass_on(record: DayRecord, athlete: AthleteProfile) -> float | None:
    """Body mass for per-kg figures: the day's known mass, else the profile's."""
    for mass in (
        record.body_mass_kg,
        record.checkin.body_mass_kg if record.checkin else None,
        athlete.body_mass_kg,
    ):
        if mass is not None and mass > 0:
            return float(mass)
    return None


def protein_g(meals: Sequence[Meal]) -> float | None:
    return float(sum(m.protein_g for m in meals)) if meals else None


def kcal(meals: Sequence[Meal]) -> float | None:
    return float(sum(m.kcal for m in meals)) if meals else None


def water_ml(record: DayRecord) -> float | None:
    """The day's water: the water intakes and the check-in's water, added. (The pages keep
    the check-in's water as an intake of the day; the API's check-in gives it here.)"""
    total = 0.0
    logged = False
    if record.checkin is not None and record.checkin.water_ml is not None:
        total += float(record.checkin.water_ml)
        logged = True
    for intake in record.intakes:
        if intake.category == "water":
            logged = True
            total += intake.water_ml
    return total if logged else None


def per_kg(value: float | None, mass_kg: float | None) -> float | None:
    if value is None or mass_kg is None or mass_kg <= 0:
        return None
    return value / mass_kg


# ---------------------------------------------------------------- the series


@dataclass(slots=True)
class Series:
    """Per-day arrays for days[0..n-1], computed in one pass, continuing from `before`
    (the carry of the day before days[0]).

    History starts on the first day with any entry; days before it do not count as
    rest days for the load ratio or monotony. A negative `history_start` means that it
    started before days[0].
    """

    athlete: AthleteProfile
    before: Carry
    days: Sequence[DayRecord]
    zone: tzinfo
    loads: list[float]
    data_days_cum: list[int]
    history_start: int | None
    fitness: list[float]
    fatigue: list[float]
    acute: list[float | None]
    chronic: list[float | None]
    hooper: list[int | None]
    hooper_cnt: list[int]
    last_checkin: list[date | None]
    hooper_base: PrefixStats
    hrv: dict[str, PrefixStats]  # by measure: "rMSSD", "SDNN" (never one baseline)
    resting_hr: PrefixStats

    def history_days(self, t: int) -> int:
        """Days of history up to and including day t (t = -1: the day before days[0])."""
        if self.history_start is None or t < self.history_start:
            return 0
        return t - self.history_start + 1

    def data_days(self, t: int) -> int:
        """Days with any entry up to and including day t."""
        return self.data_days_cum[t] if t >= 0 else self.before.data_days

    def fitness_fatigue(self, t: int) -> tuple[float, float]:
        """Fitness and fatigue at the end of day t (t = -1: the day before days[0])."""
        if t < 0:
            return self.before.fitness, self.before.fatigue
        return self.fitness[t], self.fatigue[t]

    def load_ratio(self, t: int) -> float | None:
        """Acute over chronic EWMA at the end of day t, once 28 days of history exist."""
        if t < 0:
            acute, chronic = self.before.acute_load, self.before.chronic_load
        else:
            acute, chronic = self.acute[t], self.chronic[t]
        if self.history_days(t) < LOAD_RATIO_MIN_DAYS or acute is None or not chronic:
            return None
        return acute / chronic


def build_series(
    athlete: AthleteProfile, days: Sequence[DayRecord], before: Carry | None = None
) -> Series:
    """One pass over `days` (contiguous, oldest first), continuing from `before`."""
    before = before or Carry()
    n = len(days)
    loads = [0.0] * n
    data_cum = [0] * n
    hooper: list[int | None] = [None] * n
    h_cnt = [0] * (n + 1)
    last_checkin: list[date | None] = [None] * n
    history_start: int | None = -before.history_days if before.history_days else None
    count = before.data_days
    latest = before.last_checkin
    c_acc = 0
    hooper_base = PrefixStats(n)
    hrv = {"rMSSD": PrefixStats(n), "SDNN": PrefixStats(n)}
    resting = PrefixStats(n)
    for i, record in enumerate(days):
        sessions = record.sessions
        if sessions:
            loads[i] = float(sum(s.rpe * s.duration_min for s in sessions))
        checkin = record.checkin
        if sessions or checkin or record.sleep or record.meals or record.intakes:
            count += 1
            if history_start is None:
                history_start = i
        data_cum[i] = count
        if checkin is not None:
            latest = record.day
            h = checkin.sleep_quality + checkin.fatigue + checkin.stress + checkin.soreness
            hooper[i] = h
            c_acc += 1
        h_cnt[i + 1] = c_acc
        last_checkin[i] = latest
        usual = not record.tags
        hooper_base.set(i, hooper[i], usual)
        night = record.sleep
        hrv["rMSSD"].set(i, _ln(night.hrv_ms) if night else None, usual)
        hrv["SDNN"].set(i, _ln(night.hrv_sdnn_ms) if night else None, usual)
        resting.set(i, night.resting_hr if night else None, usual)

    fitness = impulse_response(loads, FITNESS_TAU_D, before.fitness)
    fatigue = impulse_response(loads, FATIGUE_TAU_D, before.fatigue)
    acute: list[float | None] = [None] * n
    chronic: list[float | None] = [None] * n
    if history_start is not None:
        start = max(history_start, 0)
        tail = loads[start:]
        acute[start:] = ewma(tail, ACUTE_N_D, before.acute_load if history_start < 0 else None)
        chronic[start:] = ewma(
            tail, CHRONIC_N_D, before.chronic_load if history_start < 0 else None
        )
    return Series(
        athlete=athlete,
        before=before,
        days=days,
        zone=athlete_zone(athlete.timezone),
        loads=loads,
        data_days_cum=data_cum,
        history_start=history_start,
        fitness=fitness,
        fatigue=fatigue,
        acute=acute,
        chronic=chronic,
        hooper=hooper,
        hooper_cnt=h_cnt,
        last_checkin=last_checkin,
        hooper_base=hooper_base,
        hrv=hrv,
        resting_hr=resting,
    )


def _ln(ms: float | None) -> float | None:
    return math.log(ms) if ms else None


def recent_nights(series: Series, t: int, nights: int = 7) -> list[Sleep]:
    """Logged nights among the `nights` days ending on day t, oldest first."""
    days = series.days
    return [days[i].sleep for i in range(max(0, t - nights + 1), t + 1) if days[i].sleep]


def day_metrics(series: Series, t: int) -> DayMetrics:
    """All metrics of day t, using days <= t only. Constant time per day."""
    athlete = series.athlete
    record = series.days[t]
    loads = series.loads
    history = series.history_days(t)

    load = loads[t]
    fitness_before, fatigue_before = series.fitness_fatigue(t - 1)
    form = fitness_before - fatigue_before
    acute = series.acute[t]
    chronic = series.chronic[t]
    load_ratio = series.load_ratio(t)
    week = loads[max(0, t - 6) : t + 1]
    weekly = float(sum(week))
    mono = monotony(week) if history >= MONOTONY_MIN_DAYS else None

    nights = recent_nights(series, t)
    durations = [night.duration_h for night in nights]
    bedtimes = [local_clock_min(night.bedtime, series.zone) for night in nights]
    sleep_h = record.sleep.duration_h if record.sleep else None

    mass = body_mass_on(record, athlete)
    protein = protein_g(record.meals)
    water = water_ml(record)

    checkin = record.checkin
    hooper = series.hooper[t]
    hooper_z = baseline_mean = baseline_sd = None
    baseline = series.hooper_base.baseline(t - HOOPER_BASELINE_DAYS, t - 1)
    if baseline is not None and baseline[0] >= HOOPER_BASELINE_MIN_CHECKINS:
        _, baseline_mean, baseline_sd = baseline
        if hooper is not None:
            hooper_z = (hooper - baseline_mean) / max(baseline_sd, HOOPER_SD_FLOOR)
    physiology = physiology_metrics(series, t)

    return DayMetrics(
        daily_load=load,
        fitness=series.fitness[t],
        fatigue=series.fatigue[t],
        form=form,
        load_ratio=load_ratio,
        monotony=mono,
        strain=strain(weekly, mono),
        weekly_load=weekly,
        sleep_h=sleep_h,
        sleep_mean_7_h=sum(durations) / len(durations) if durations else None,
        sleep_debt_7_h=sleep_debt_h(durations, athlete.sleep_target_h),
        bedtime_sd_7_min=circular_sd_min(bedtimes),
        protein_g_per_kg=per_kg(protein, mass),
        kcal=kcal(record.meals),
        meals=len(record.meals),
        water_ml=water,
        water_ml_per_kg=per_kg(water, mass),
        hooper=hooper,
        hooper_z=hooper_z,
        energy=checkin.energy if checkin else None,
        day=record.day,
        sessions=len(record.sessions),
        acute_load=acute if history else None,
        chronic_load=chronic if history else None,
        body_mass_kg=mass,
        protein_g=protein,
        hooper_baseline_mean=baseline_mean,
        hooper_baseline_sd=baseline_sd,
        history_days=history,
        data_days=series.data_days(t),
        checkins_7d=series.hooper_cnt[t + 1] - series.hooper_cnt[max(0, t - 6)],
        last_checkin=series.last_checkin[t],
        **physiology,
    )


def physiology_metrics(series: Series, t: int) -> dict:
    """HRV and resting HR of day t with their baselines (the 60 days before it, tagged
    days left out). rMSSD is used when the athlete has logged it; SDNN has a baseline of its
    own and is used only when there is no rMSSD baseline."""
    night = series.days[t].sleep
    out: dict = {"resting_hr": night.resting_hr if night else None}
    base_from = t - PHYSIOLOGY_BASELINE_DAYS
    rest = series.resting_hr.baseline(base_from, t - 1)
    if rest is not None:
        n, mean, sd = rest
        out.update(resting_hr_baseline=mean, resting_hr_baseline_sd=sd, resting_hr_baseline_n=n)
    baselines = {m: stats.baseline(base_from, t - 1) for m, stats in series.hrv.items()}
    rolling = {m: stats.mean(t - HRV_ROLLING_DAYS + 1, t) for m, stats in series.hrv.items()}

    def established(method: str) -> bool:
        baseline = baselines[method]
        return baseline is not None and baseline[0] >= PHYSIOLOGY_BASELINE_MIN

    candidates = [m for m in ("rMSSD", "SDNN") if established(m)] or [
        m for m in ("rMSSD", "SDNN") if rolling[m][0]
    ]
    if candidates:
        method = candidates[0]
        nights, mean_7d = rolling[method]
        value = None if night is None else night.hrv_ms if method == "rMSSD" else night.hrv_sdnn_ms
        out.update(hrv_method=method, hrv_ln=_ln(value), hrv_7d_ln=mean_7d, hrv_nights_7d=nights)
        if baselines[method] is not None:
            n, mean, sd = baselines[method]
            out.update(hrv_baseline_ln=mean, hrv_baseline_sd=sd, hrv_baseline_n=n)
    return out
