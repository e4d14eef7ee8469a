"""Seed the guidance articles added since 0002 (the HRV rule's, how readiness is made). It
adds only the slugs that are not there yet, so an editor's changes are kept."""

import importlib

from django.db import migrations

seeding = importlib.import_module("recovery.migrations.0002_seed_guidance")


class Migration(migrations.Migration):
    dependencies = [("recovery", "0005_day_states")]
    operations = [migrations.RunPython(seeding.seed, migrations.RunPython.noop)]
