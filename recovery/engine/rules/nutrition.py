"""Nutrition and hydration rules: protein, fuel for training, water."""

from __future__ import annotations

from ..i18n import N_, Day, phrase, plural_phrase
from ..metrics import body_mass_on, water_ml
from ..types import Evidence
from .base import (
    Hit,
    Param,
    Rule,
    RuleContext,
    _fmt,
    _is_training_day,
    _last_logged,
    _r,
)


def _meal_days(ctx: RuleContext, p: dict[str, float]) -> int:
    return sum(1 for i in ctx.completed_days() if ctx.days[i].meals)


def _water_days(ctx: RuleContext, p: dict[str, float]) -> int:
    return sum(1 for i in ctx.completed_days() if water_ml(ctx.days[i]) is not None)


def _protein_low(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    picked = _last_logged(ctx.completed_days(), 3, lambda i: bool(ctx.days[i].meals))
    if len(picked) < 3:
        return None
    per_day = []
    for i in picked:
        record = ctx.days[i]
        mass = body_mass_on(record, ctx.athlete)
        if mass is None:
            return None
        per_day.append(sum(m.protein_g for m in record.meals) / mass)
    mean = sum(per_day) / len(per_day)
    target = ctx.athlete.protein_target_g_per_kg
    threshold = target * p["fraction_of_target"]
    if mean >= threshold:
        return None
    message = (
        phrase(
            "Your protein over the last 3 logged days averaged {mean} g/kg against your"
            " {target} g/kg target.",
            mean=_fmt(mean, threshold),
            target=f"{target:g}",
        ),
        phrase("Consider including a protein source at each meal."),
    )
    return Hit(
        message,
        (
            Evidence(
                N_("mean protein, last 3 logged days"),
                _r(mean),
                "g/kg/day",
                threshold=_r(threshold),
            ),
        ),
    )


NUTRITION_PROTEIN_LOW = Rule(
    code="nutrition.protein_low",
    title=N_("Protein below target"),
    severity="caution",
    params=(
        Param(
            "fraction_of_target", 1.0, 0.0, 2.0, "x target", N_("fires below this share of target")
        ),
    ),
    min_days=3,
    data_note=N_("completed days with meals logged in the 7 days before"),
    source="Jäger et al. 2017 (ISSN position stand: protein 1.4-2.0 g/kg/day); Thomas,"
    " Erdman & Burke 2016 (ACSM/AND/DC: 1.2-2.0 g/kg/day, which holds the endurance default)",
    check=_protein_low,
    coverage=_meal_days,
)


def _under_fueled(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    picked = _last_logged(ctx.completed_days(), 3, lambda i: bool(ctx.days[i].meals))
    if len(picked) < 3:
        return None
    parts = []
    short_of_kcal = on_day = False
    evidence: list[Evidence] = []
    target = ctx.athlete.kcal_target
    if ctx.athlete.goal == "gain_muscle" and target:
        mean_kcal = sum(sum(m.kcal for m in ctx.days[i].meals) for i in picked) / len(picked)
        threshold = target * p["kcal_fraction"]
        if mean_kcal < threshold:
            short_of_kcal = True
            parts.append(
                phrase(
                    "Your intake over the last 3 logged days averaged {mean} kcal against your"
                    " {target} kcal target, with a goal of gaining muscle.",
                    mean=_fmt(mean_kcal, threshold, 0),
                    target=target,
                )
            )
            evidence.append(
                Evidence(
                    N_("mean intake, last 3 logged days"),
                    _r(mean_kcal, 0),
                    "kcal/day",
                    threshold=_r(threshold, 0),
                )
            )
    min_meals = int(p["min_meals"])
    for i in reversed(picked):
        record = ctx.days[i]
        if _is_training_day(record) and len(record.meals) < min_meals:
            on_day = True
            parts.append(
                plural_phrase(
                    "On {day} you trained and logged {meals} meal.",
                    "On {day} you trained and logged {meals} meals.",
                    "meals",
                    day=Day(record.day),
                    meals=len(record.meals),
                )
            )
            evidence.append(
                Evidence.phrased(
                    phrase("meals on {day} (training day)", day=Day(record.day)),
                    len(record.meals),
                    "meals",
                    threshold=min_meals,
                )
            )
            break
    if not parts:
        return None
    if short_of_kcal and on_day:
        advice = phrase(
            "Consider adding a meal or a snack around training and at least {meals} meals on"
            " training days, one of them after training.",
            meals=min_meals,
        )
    elif on_day:
        advice = phrase(
            "Consider at least {meals} meals on training days, one of them after training.",
            meals=min_meals,
        )
    else:
        advice = phrase("Consider adding a meal or a snack around training.")
    return Hit((*parts, advice), tuple(evidence))


NUTRITION_UNDER_FUELED = Rule(
    code="nutrition.under_fueled",
    title=N_("Under-fueled for training"),
    severity="caution",
    params=(
        Param(
            "kcal_fraction",
            1.0,
            0.0,
            2.0,
            "x target",
            N_("fires below this share of the kcal target"),
        ),
        Param("min_meals", 2, 1, 8, "meals", N_("fewest meals on a training day"), int),
    ),
    min_days=3,
    data_note=N_("completed days with meals logged in the 7 days before"),
    source="Thomas, Erdman & Burke 2016 (ACSM/AND/DC position: nutrition and performance)",
    check=_under_fueled,
    coverage=_meal_days,
)


def _hydration_low(ctx: RuleContext, p: dict[str, float]) -> Hit | None:
    picked = _last_logged(ctx.completed_days(), 3, lambda i: water_ml(ctx.days[i]) is not None)
    if len(picked) < 3:
        return None
    per_kg: list[float] = []
    totals: list[float] = []
    for i in picked:
        record = ctx.days[i]
        mass = body_mass_on(record, ctx.athlete)
        water = water_ml(record)
        if mass is None or water is None:
            return None
        per_kg.append(water / mass)
        totals.append(water)
    mean = sum(per_kg) / len(per_kg)
    target = ctx.athlete.water_target_ml_per_kg
    threshold = target * p["fraction_of_target"]
    if mean >= threshold:
        return None
    mean_ml = sum(totals) / len(totals)
    message = (
        phrase(
            "Your logged water over the last 3 days averaged {mean} ml/kg ({ml} ml a day)"
            " against your {target} ml/kg target.",
            mean=_fmt(mean, threshold),
            ml=f"{mean_ml:.0f}",
            target=f"{target:g}",
        ),
        phrase("Consider keeping a bottle to hand, especially around training."),
    )
    return Hit(
        message,
        (
            Evidence(
                N_("mean water, last 3 logged days"),
                _r(mean, 1),
                "ml/kg/day",
                threshold=_r(threshold, 1),
            ),
            Evidence(N_("mean water per day"), _r(mean_ml, 0), "ml"),
        ),
    )


HYDRATION_LOW = Rule(
    code="hydration.low",
    title=N_("Water below target"),
    severity="caution",
    params=(
        Param(
            "fraction_of_target", 1.0, 0.0, 2.0, "x target", N_("fires below this share of target")
        ),
    ),
    min_days=3,
    data_note=N_("completed days with water logged in the 7 days before"),
    source="EFSA 2010 (dietary reference values for water); Sawka et al. 2007 (ACSM fluids)",
    check=_hydration_low,
    coverage=_water_days,
)


RULES = (NUTRITION_PROTEIN_LOW, NUTRITION_UNDER_FUELED, HYDRATION_LOW)
