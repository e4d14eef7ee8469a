"""Seed the exercise catalogue. Admins edit it afterwards; this only adds missing names."""

from django.db import migrations

S, C, M = "strength", "cardio", "mobility"
EXERCISES = [
    ("Back squat", S, ["quads", "glutes", "hamstrings", "core"]),
    ("Front squat", S, ["quads", "glutes", "core"]),
    ("Goblet squat", S, ["quads", "glutes"]),
    ("Bulgarian split squat", S, ["quads", "glutes", "hamstrings"]),
    ("Walking lunge", S, ["quads", "glutes", "hamstrings"]),
    ("Leg press", S, ["quads", "glutes"]),
    ("Leg extension", S, ["quads"]),
    ("Leg curl", S, ["hamstrings"]),
    ("Deadlift", S, ["hamstrings", "glutes", "lower_back", "back", "forearms"]),
    ("Romanian deadlift", S, ["hamstrings", "glutes", "lower_back"]),
    ("Trap bar deadlift", S, ["quads", "glutes", "hamstrings", "back"]),
    ("Hip thrust", S, ["glutes", "hamstrings"]),
    ("Nordic hamstring curl", S, ["hamstrings"]),
    ("Standing calf raise", S, ["calves"]),
    ("Bench press", S, ["chest", "triceps", "shoulders"]),
    ("Incline bench press", S, ["chest", "shoulders", "triceps"]),
    ("Dumbbell bench press", S, ["chest", "triceps", "shoulders"]),
    ("Push-up", S, ["chest", "triceps", "core"]),
    ("Dip", S, ["chest", "triceps", "shoulders"]),
    ("Overhead press", S, ["shoulders", "triceps", "core"]),
    ("Dumbbell shoulder press", S, ["shoulders", "triceps"]),
    ("Lateral raise", S, ["shoulders"]),
    ("Face pull", S, ["shoulders", "back"]),
    ("Pull-up", S, ["back", "biceps", "forearms"]),
    ("Chin-up", S, ["back", "biceps"]),
    ("Lat pulldown", S, ["back", "biceps"]),
    ("Barbell row", S, ["back", "biceps", "lower_back"]),
    ("Dumbbell row", S, ["back", "biceps"]),
    ("Seated cable row", S, ["back", "biceps"]),
    ("Biceps curl", S, ["biceps", "forearms"]),
    ("Hammer curl", S, ["biceps", "forearms"]),
    ("Triceps pushdown", S, ["triceps"]),
    ("Skull crusher", S, ["triceps"]),
    ("Power clean", S, ["quads", "glutes", "back", "shoulders"]),
    ("Kettlebell swing", S, ["glutes", "hamstrings", "core"]),
    ("Farmer's carry", S, ["forearms", "core", "back"]),
    ("Plank", S, ["core"]),
    ("Hanging leg raise", S, ["core", "hips"]),
    ("Back extension", S, ["lower_back", "glutes"]),
    ("Running", C, ["quads", "hamstrings", "calves"]),
    ("Cycling", C, ["quads", "glutes", "calves"]),
    ("Rowing machine", C, ["back", "quads", "core"]),
    ("Swimming", C, ["back", "shoulders", "core"]),
    ("Hip mobility flow", M, ["hips", "glutes"]),
    ("Thoracic rotation", M, ["back", "core"]),
    ("Foam rolling", M, ["quads", "hamstrings", "calves", "back"]),
]


def seed(apps, schema_editor):
    Exercise = apps.get_model("journal", "Exercise")
    existing = set(Exercise.objects.values_list("name", flat=True))
    Exercise.objects.bulk_create(
        Exercise(name=name, kind=kind, muscle_groups=groups)
        for name, kind, groups in EXERCISES
        if name not in existing
    )


def unseed(apps, schema_editor):
    Exercise = apps.get_model("journal", "Exercise")
    Exercise.objects.filter(name__in=[name for name, _, _ in EXERCISES], exerciseset=None).delete()


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
