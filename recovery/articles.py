"""The figures in guidance articles that Rebound fills in, and the source markers.

An article (title excepted) may write a figure that Rebound sets in code as a placeholder,
filled in on display:

- `{{ name }}`: a parameter of the article's own rule (the rule whose guidance slug is the
  article's slug), e.g. `{{ debt_h }}` in `sleep-debt`;
- `{{ rule.code.name }}`: a parameter of any rule, e.g. `{{ soreness.persistent.days }}`;
- `{{ target.name }}`: an athlete's default target (`TARGETS`);
- `{{ readiness.name }}`: a readiness weight, limit or band (`READINESS`).

Rule parameters are filled in from the rules' current settings (the defaults, merged with
the admin's `RuleSetting`), so an article states the thresholds the rules use. `|percent`
writes a share as a percentage (`{{ lighter_fraction|percent }}` gives 60). A placeholder
Rebound does not know is left as it is, and tests/recovery/test_wording.py fails on it.

`[n]` after a figure names the article's n-th source; on display it links to that source.
The conventions are in docs/rules.md ("Figures in guidance articles").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from recovery.engine import REGISTRY, rule_defaults, validate_params
from recovery.engine import readiness as readiness_engine
from recovery.engine.load import LOAD_RATIO_MIN_DAYS
from recovery.engine.metrics import PHYSIOLOGY_BASELINE_MIN
from recovery.summaries import AGREEMENT_MIN_ANSWERS, AGREEMENT_WEEKS

PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>[a-z_]+(?:\.[a-z_]+)*)\s*(?:\|\s*(?P<filter>\w+)\s*)?\}\}"
)
CITATION = re.compile(r"\[(?P<n>\d{1,2})\]")
FILTERS = {"percent": lambda value: value * 100}
NAMESPACES = ("target", "readiness")

Params = Mapping[str, Mapping[str, float]]


def _readiness_figures() -> dict[str, float]:
    r = readiness_engine
    figures: dict[str, float] = {
        "green_from": r.GREEN_FROM,
        "red_up_to": r.RED_UP_TO,
        "amber_from": r.RED_UP_TO + 1,
        "amber_up_to": r.GREEN_FROM - 1,
        "calibration_days": r.CALIBRATION_DAYS,
        "energy": r.ENERGY_WEIGHT,
        "sleep_tolerance_h": r.SLEEP_TOLERANCE_H,
        "sleep_shortfall_zero_h": r.SLEEP_SHORTFALL_ZERO_H,
        "sleep_debt_zero_h": r.SLEEP_DEBT_ZERO_H,
        "hrv_swc_sd": r.HRV_SWC_SD,
        "hrv_zero_sd": r.HRV_ZERO_SD,
        "resting_hr_tolerance_bpm": r.RESTING_HR_TOLERANCE_BPM,
        "resting_hr_zero_bpm": r.RESTING_HR_ZERO_BPM,
        "form_min_days": r.FORM_MIN_HISTORY_DAYS,
        "load_ratio_easy": r.LOAD_RATIO_EASY,
        "load_ratio_zero": r.LOAD_RATIO_ZERO,
        "load_ratio_min_days": LOAD_RATIO_MIN_DAYS,
        "baseline_nights": PHYSIOLOGY_BASELINE_MIN,
        "agreement_answers": AGREEMENT_MIN_ANSWERS,
        "agreement_weeks": AGREEMENT_WEEKS,
    }
    for name, weight in r.WEIGHTS_WITH_CHECKIN.items():
        figures[f"with_checkin.{name}"] = weight
    for name, weight in r.WEIGHTS_WITHOUT_CHECKIN.items():
        figures[f"without_checkin.{name}"] = weight
    for name, weight in r.ITEM_WEIGHTS.items():
        figures[f"item.{name}"] = weight
    for part, weights in (
        ("sleep", r.SLEEP_WEIGHTS),
        ("physiology", r.PHYSIOLOGY_WEIGHTS),
        ("load", r.LOAD_WEIGHTS),
    ):
        for name, weight in weights.items():
            figures[f"{part}.{name}"] = weight
    return figures


@cache
def _targets() -> dict[str, float]:
    from django.core.validators import MaxValueValidator, MinValueValidator

    from journal.models import PROTEIN_DEFAULT_BY_FOCUS, Athlete

    sleep = Athlete._meta.get_field("sleep_target_h")
    limits = {type(v): v.limit_value for v in sleep.validators}
    figures = {f"protein_{focus}": value for focus, value in PROTEIN_DEFAULT_BY_FOCUS.items()}
    figures |= {
        "sleep_h": sleep.default,
        "sleep_min_h": limits[MinValueValidator],
        "sleep_max_h": limits[MaxValueValidator],
        "water_ml_per_kg": Athlete._meta.get_field("water_target_ml_per_kg").default,
    }
    return figures


READINESS = _readiness_figures()


def targets() -> dict[str, float]:
    """The athletes' default targets (journal.models), by placeholder name."""
    return _targets()


def rule_for_slug(slug: str):
    """The rule whose article this is, or None."""
    return next((rule for rule in REGISTRY.values() if rule.guidance_slug == slug), None)


def default_params() -> dict[str, dict[str, float]]:
    return {code: rule_defaults(code) for code in REGISTRY}


def current_params() -> dict[str, dict[str, float]]:
    """Every rule's parameters as the rules use them for everyone: the defaults, merged
    with the valid values of the admin's RuleSetting rows (one query)."""
    from recovery.models import RuleSetting

    params = default_params()
    for code, raw in RuleSetting.objects.values_list("code", "params"):
        if code in params and isinstance(raw, dict) and raw:
            cleaned, _ = validate_params(code, raw)
            params[code].update(cleaned)
    return params


def resolve(name: str, slug: str, params: Params) -> float | None:
    """The value of a placeholder in the article `slug`, or None when Rebound has none."""
    parts = name.split(".")
    if parts[0] == "target":
        return targets().get(".".join(parts[1:]))
    if parts[0] == "readiness":
        return READINESS.get(".".join(parts[1:]))
    if len(parts) == 1:
        rule = rule_for_slug(slug)
        return None if rule is None else params.get(rule.code, {}).get(name)
    if len(parts) == 3:
        return params.get(f"{parts[0]}.{parts[1]}", {}).get(parts[2])
    return None


def _number(value: float) -> str:
    text = f"{round(value, 6):g}"
    return text.replace("-", "−") if text.startswith("-") else text


def fill(text: str, slug: str, params: Params | None = None) -> str:
    """`text` with every known placeholder replaced by its value."""
    if "{{" not in text:
        return text
    params = current_params() if params is None else params

    def value(match: re.Match) -> str:
        found = resolve(match["name"], slug, params)
        if found is None or (match["filter"] and match["filter"] not in FILTERS):
            return match[0]
        if match["filter"]:
            found = FILTERS[match["filter"]](found)
        return _number(found)

    return PLACEHOLDER.sub(value, text)


def link_citations(html: str, source_count: int) -> str:
    """`[n]` markers as links to the n-th item of the article's source list."""

    def link(match: re.Match) -> str:
        n = int(match["n"])
        if not 1 <= n <= source_count:
            return match[0]
        return f'<a class="cite" href="#source-{n}" title="Source {n}">[{n}]</a>'

    return CITATION.sub(link, html)
