"""Bring the seeded guidance articles up to recovery/guidance/*.md (issue #23: figures with
their sources, thresholds filled in from the rules, hedged wording).

An article is rewritten only while no editor has saved it in admin (`updated_by` is empty:
the admin sets it on every save), so an editor's changes are kept. A slug that is missing is
added, as 0006 did. Going back leaves the text as it is.
"""

import importlib

from django.db import migrations

seeding = importlib.import_module("recovery.migrations.0002_seed_guidance")
FIELDS = ("title", "topic", "summary", "body", "sources")


def update(apps, schema_editor):
    Guidance = apps.get_model("recovery", "Guidance")
    current = {article.slug: article for article in Guidance.objects.all()}
    for path in sorted(seeding.CONTENT.glob("*.md")):
        seeded = seeding.parse(path)
        article = current.get(seeded["slug"])
        if article is None:
            Guidance.objects.create(published=True, **seeded)
            continue
        if article.updated_by_id is not None:
            continue
        changed = [name for name in FIELDS if getattr(article, name) != seeded[name]]
        if changed:
            for name in changed:
                setattr(article, name, seeded[name])
            article.save(update_fields=[*changed, "updated_at"])


class Migration(migrations.Migration):
    dependencies = [("recovery", "0010_params_shape")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
