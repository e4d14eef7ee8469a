"""An activity's name as the training apps write it ("Trail Running", "Strength Training",
"VirtualRide") to Rebound's kind of workout, for the CSV exports that name the activity in
words (Garmin Connect, intervals.icu). The kinds follow those FIT's sports give
(journal/imports/fit.py), so the same session reads the same from either file."""

from __future__ import annotations

import re

# Checked in this order, by words in the name: the first rule with a word found decides.
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    # A way of getting somewhere, not training: reported, not imported (None).
    (
        ("driving", "motorcycling", "flying", "boating", "snowmobiling", "skydiving",
         "sky diving", "hang gliding", "paragliding", "hunting", "fishing", "transition"),
        "",
    ),
    (("strength", "weight training", "weighttraining", "crossfit", "weights"), "strength"),
    (("yoga", "pilates", "mobility", "stretching", "flexibility", "breathwork"), "mobility"),
    # Skiing on one's own legs is cardio; on lifts it is a sport.
    (("cross country", "nordic", "backcountry", "skate ski", "roller ski", "rollerski"), "cardio"),
    (("speed walking", "race walking", "power walking"), "cardio"),
    (("walk", "walking"), "active_recovery"),
    (
        ("tennis", "pickleball", "padel", "badminton", "squash", "table tennis", "racquetball",
         "golf", "soccer", "football", "basketball", "volleyball", "rugby", "hockey",
         "baseball", "softball", "cricket", "lacrosse", "handball", "climbing", "bouldering",
         "boxing", "martial arts", "kickboxing", "surf", "sail", "kitesurf", "windsurf",
         "wakeboard", "water ski", "rafting", "horseback", "riding horse", "diving",
         "resort skiing", "alpine ski", "downhill ski", "skiing", "snowboard", "skateboard"),
        "sport",
    ),
)  # fmt: skip


def words_of(name: str) -> str:
    """ "VirtualRide" → "virtual ride", "Strength_Training" → "strength training"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", spaced.lower()).split())


def kind_for(name: str) -> str | None:
    """The Workout.Kind value for an activity name, "cardio" for any other activity, or
    None for one that is not training (driving, flying…)."""
    words = f" {words_of(name)} "
    for keys, kind in _RULES:
        if any(f" {key}" in words for key in keys):
            return kind or None
    return "cardio"
