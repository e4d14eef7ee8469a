"""Exercise names as Strong and Hevy write them, matched to the catalogue.

Both apps name an exercise "Movement (Equipment)": "Squat (Barbell)", "Bench Press
(Dumbbell)". The equipment decides the match, because the same movement with other
equipment is another lift with other loads: "Squat (Barbell)" is the catalogue's Back squat,
"Squat (Dumbbell)" is not, and becomes the athlete's own exercise. Names are compared
ignoring case, hyphens, apostrophes and extra spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journal.models import Athlete, Exercise

# (movement, equipment) as the apps write them, normalised, to the catalogue's name. None
# for equipment: the name carries no "(…)". Only pairs that are the same lift are listed.
ALIASES: dict[tuple[str, str | None], str] = {
    ("squat", "barbell"): "Back squat",
    ("back squat", "barbell"): "Back squat",
    ("high bar squat", "barbell"): "Back squat",
    ("low bar squat", "barbell"): "Back squat",
    ("front squat", "barbell"): "Front squat",
    ("goblet squat", "kettlebell"): "Goblet squat",
    ("goblet squat", "dumbbell"): "Goblet squat",
    ("bulgarian split squat", "dumbbell"): "Bulgarian split squat",
    ("bulgarian split squat", None): "Bulgarian split squat",
    ("walking lunge", "dumbbell"): "Walking lunge",
    ("walking lunge", None): "Walking lunge",
    ("lunge", "dumbbell"): "Walking lunge",
    ("leg press", None): "Leg press",
    ("leg press", "machine"): "Leg press",
    ("leg press horizontal", "machine"): "Leg press",
    ("leg extension", "machine"): "Leg extension",
    ("leg extension", None): "Leg extension",
    ("seated leg curl", "machine"): "Leg curl",
    ("lying leg curl", "machine"): "Leg curl",
    ("leg curl", "machine"): "Leg curl",
    ("deadlift", "barbell"): "Deadlift",
    ("conventional deadlift", "barbell"): "Deadlift",
    ("romanian deadlift", "barbell"): "Romanian deadlift",
    ("trap bar deadlift", None): "Trap bar deadlift",
    ("deadlift", "trap bar"): "Trap bar deadlift",
    ("hip thrust", "barbell"): "Hip thrust",
    ("nordic hamstring curl", None): "Nordic hamstring curl",
    ("standing calf raise", "machine"): "Standing calf raise",
    ("standing calf raise", None): "Standing calf raise",
    ("bench press", "barbell"): "Bench press",
    ("incline bench press", "barbell"): "Incline bench press",
    ("bench press", "dumbbell"): "Dumbbell bench press",
    ("push up", None): "Push-up",
    ("pushup", None): "Push-up",
    ("dip", None): "Dip",
    ("chest dip", None): "Dip",
    ("triceps dip", None): "Dip",
    ("overhead press", "barbell"): "Overhead press",
    ("strict military press", "barbell"): "Overhead press",
    ("shoulder press", "barbell"): "Overhead press",
    ("overhead press", "dumbbell"): "Dumbbell shoulder press",
    ("shoulder press", "dumbbell"): "Dumbbell shoulder press",
    ("seated overhead press", "dumbbell"): "Dumbbell shoulder press",
    ("lateral raise", "dumbbell"): "Lateral raise",
    ("face pull", "cable"): "Face pull",
    ("pull up", None): "Pull-up",
    ("pullup", None): "Pull-up",
    ("chin up", None): "Chin-up",
    ("chinup", None): "Chin-up",
    ("lat pulldown", "cable"): "Lat pulldown",
    ("lat pulldown", "machine"): "Lat pulldown",
    ("lat pulldown", None): "Lat pulldown",
    ("lat pull down", "cable"): "Lat pulldown",
    ("lat pull down", "machine"): "Lat pulldown",
    ("bent over row", "barbell"): "Barbell row",
    ("barbell row", None): "Barbell row",
    ("pendlay row", "barbell"): "Barbell row",
    ("bent over one arm row", "dumbbell"): "Dumbbell row",
    ("dumbbell row", None): "Dumbbell row",
    ("seated row", "cable"): "Seated cable row",
    ("seated cable row", None): "Seated cable row",
    ("bicep curl", "barbell"): "Biceps curl",
    ("biceps curl", "barbell"): "Biceps curl",
    ("hammer curl", "dumbbell"): "Hammer curl",
    ("triceps pushdown", "cable"): "Triceps pushdown",
    ("tricep pushdown", "cable"): "Triceps pushdown",
    ("triceps pushdown", None): "Triceps pushdown",
    ("skullcrusher", "barbell"): "Skull crusher",
    ("skull crusher", "barbell"): "Skull crusher",
    ("lying triceps extension", "barbell"): "Skull crusher",
    ("power clean", None): "Power clean",
    ("power clean", "barbell"): "Power clean",
    ("kettlebell swing", None): "Kettlebell swing",
    ("swing", "kettlebell"): "Kettlebell swing",
    ("farmers walk", None): "Farmer's carry",
    ("farmers walk", "dumbbell"): "Farmer's carry",
    ("farmers carry", None): "Farmer's carry",
    ("plank", None): "Plank",
    ("hanging leg raise", None): "Hanging leg raise",
    ("back extension", None): "Back extension",
    ("back extension", "machine"): "Back extension",
    ("hyperextension", None): "Back extension",
    ("rowing", "machine"): "Rowing machine",
    ("running", None): "Running",
    ("cycling", None): "Cycling",
    ("swimming", None): "Swimming",
    ("foam roll", None): "Foam rolling",
}

_EQUIPMENT = re.compile(r"^(?P<movement>.*?)\s*\((?P<equipment>[^()]*)\)\s*$")


def normalise(text: str) -> str:
    text = text.casefold().replace("-", " ").replace("’", "").replace("'", "")
    return " ".join(text.split())


def split_name(name: str) -> tuple[str, str | None]:
    """("squat", "barbell") for "Squat (Barbell)"; ("leg press", None) for "Leg Press"."""
    found = _EQUIPMENT.match(name)
    if found is None:
        return normalise(name), None
    return normalise(found["movement"]), normalise(found["equipment"]) or None


@dataclass
class Match:
    """Where a name from the file goes: an exercise the athlete sees, or a new own one."""

    name: str  # as the file has it
    exercise_id: int | None  # None: to be created as the athlete's own exercise
    exercise_name: str
    how: str  # "same name", "alias", "new"


def match_names(athlete: Athlete, names: set[str]) -> dict[str, Match]:
    """Each name's match among the shared catalogue and the athlete's own exercises: one
    query."""
    visible = list(Exercise.objects.visible_to(athlete).only("pk", "name", "owner_id"))
    # An athlete's own exercise wins over the shared one of the same name.
    by_name = {}
    for exercise in sorted(visible, key=lambda e: e.owner_id is not None):
        by_name[normalise(exercise.name)] = exercise
    matches = {}
    for name in sorted(names):
        exact = by_name.get(normalise(name))
        if exact is not None:
            matches[name] = Match(name, exact.pk, exact.name, "same name")
            continue
        alias = ALIASES.get(split_name(name))
        target = by_name.get(normalise(alias)) if alias else None
        if target is not None:
            matches[name] = Match(name, target.pk, target.name, "alias")
            continue
        matches[name] = Match(name, None, clean_name(name), "new")
    return matches


def is_assisted(name: str) -> bool:
    """Whether the name is an assisted exercise ("Pull Up (Assisted)", "Assisted Dip"),
    whose weight in the file is the machine's or the band's help, not load lifted."""
    movement, equipment = split_name(name)
    return equipment == "assisted" or movement.startswith("assisted ")


def clean_name(name: str) -> str:
    """A name from a file as an exercise may hold it: one line, no markup, 80 characters."""
    name = " ".join(name.replace("<", "").replace(">", "").split())
    return name[:80] or "Exercise"
