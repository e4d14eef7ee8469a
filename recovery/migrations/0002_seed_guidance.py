"""Seed the guidance articles from recovery/guidance/*.md. Editors change them in admin later."""

from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "guidance"


def parse(path: Path) -> dict:
    """Front matter (title, topic, summary, a `sources` list) between `---` lines, then the body."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    fields, sources = {}, []
    for line in head.splitlines():
        if line.startswith("- "):
            sources.append(line[2:].strip())
        elif ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    return {
        "slug": path.stem,
        "title": fields["title"],
        "topic": fields["topic"],
        "summary": fields["summary"],
        "sources": "\n".join(sources),
        "body": body.strip() + "\n",
    }


def seed(apps, schema_editor):
    Guidance = apps.get_model("recovery", "Guidance")
    existing = set(Guidance.objects.values_list("slug", flat=True))
    Guidance.objects.bulk_create(
        Guidance(published=True, **parse(path))
        for path in sorted(CONTENT.glob("*.md"))
        if path.stem not in existing
    )


def unseed(apps, schema_editor):
    apps.get_model("recovery", "Guidance").objects.filter(
        slug__in=[path.stem for path in CONTENT.glob("*.md")]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("recovery", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
