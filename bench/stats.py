"""Timing for the benches: one request's server time, and the median and spread of many."""

import re
import statistics
import time
from typing import Any

# --- Timing ----------------------------------------------------------------------------------


def timed_ms(client: Any, method: str, url: str, expect: int, **extra: Any) -> float:
    """Server time of one request, in ms; anything but the `expect`ed status stops the run."""
    start = time.perf_counter()
    response = getattr(client, method)(url, **extra)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != expect:
        raise SystemExit(
            f"{method.upper()} {url} answered {response.status_code}, expected {expect}"
            f"{form_errors(response)}"
        )
    return elapsed


def form_errors(response: Any) -> str:
    """The error messages a redrawn form shows, to say why a POST was refused."""
    text = response.content.decode(errors="replace")
    found = re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)<', text, re.S
    )
    messages = [" ".join(m.split()) for m in found if m.strip()]
    return (": " + "; ".join(messages[:5])) if messages else ""


def quartiles(samples: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return q1, median, q3


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
