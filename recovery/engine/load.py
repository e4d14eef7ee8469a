"""Training load: daily load, fitness/fatigue/form, the load ratio, monotony and strain.

Formulas over daily loads in AU (session RPE x minutes); `metrics` runs them over the
days (`build_series`) and reads them for one day (`day_metrics`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .types import Session

FITNESS_TAU_D = 42
FATIGUE_TAU_D = 7
ACUTE_N_D = 7
CHRONIC_N_D = 28
LOAD_RATIO_MIN_DAYS = 28
# A fixed reference band for the load ratio, the same for every athlete: Gabbett 2016 (from
# rolling averages; Rebound's ratio uses EWMAs, Williams et al. 2017). Shown on Trends and in
# load.spike's message; never a personal range and never an injury prediction.
LOAD_RATIO_REFERENCE_BAND = (0.8, 1.3)
MONOTONY_MIN_DAYS = 7
MONOTONY_CAP = 10.0


def daily_load(sessions: Sequence[Session]) -> float:
    """Sum of session loads (session RPE x minutes, Foster 1998) in AU; 0 on a rest day."""
    return float(sum(s.rpe * s.duration_min for s in sessions))


def impulse_response(loads: Sequence[float], tau_d: float, start: float = 0.0) -> list[float]:
    """Exponentially weighted daily load from `start` (0 before the first journal day).

    Banister impulse-response model: x_t = x_{t-1} + (L_t - x_{t-1}) * (1 - e^(-1/tau)).
    """
    k = 1.0 - math.exp(-1.0 / tau_d)
    out: list[float] = []
    x = start
    for load in loads:
        x += (load - x) * k
        out.append(x)
    return out


def ewma(loads: Sequence[float], n_d: int, start: float | None = None) -> list[float]:
    """EWMA with lambda = 2/(N+1), continuing from `start`, or seeded with the first load.

    Williams et al. 2017 (EWMA acute:chronic workload ratio): e_t = l*L_t + (1-l)*e_{t-1}.
    """
    lam = 2.0 / (n_d + 1)
    out: list[float] = []
    if not loads:
        return out
    if start is None:
        e = float(loads[0])
        out.append(e)
        loads = loads[1:]
    else:
        e = start
    for load in loads:
        e = lam * load + (1.0 - lam) * e
        out.append(e)
    return out


def mean_and_sd(values: Sequence[float]) -> tuple[float, float] | None:
    """Mean and sample SD (n - 1); None with fewer than 2 values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(var)


def monotony(loads: Sequence[float]) -> float | None:
    """Mean / sample SD of daily loads (rest days count 0); capped at 10.

    Foster 1998. An SD of 0 with load > 0 is the cap; with no load it is None.
    """
    stats = mean_and_sd(loads)
    if stats is None:
        return None
    mean, sd = stats
    if mean <= 0:
        return None
    # Loads are sums of a few products; an SD this small is a float artefact of equal days.
    if sd <= 1e-9 * mean:
        return MONOTONY_CAP
    return min(mean / sd, MONOTONY_CAP)


def strain(weekly_load: float, monotony_value: float | None) -> float | None:
    """Weekly load x monotony (Foster 1998); None when monotony is not available."""
    if monotony_value is None:
        return None
    return weekly_load * monotony_value
