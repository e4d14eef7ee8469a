"""DayState.roster: what a coach's roster shows of a day, so that the roster reads it alone.
The rows already stored get it from their own JSON columns (the same values as
recovery.states.roster_of gives)."""

from django.db import migrations, models

BATCH = 2000


def fill_roster(apps, schema_editor):
    DayState = apps.get_model("recovery", "DayState")
    rows = DayState.objects.only("metrics", "readiness", "findings").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        metrics, readiness = row.metrics or {}, row.readiness or {}
        row.roster = {
            "calibrating": readiness.get("calibrating", False),
            "top": [
                [f["severity"], f["title"], f["guidance_slug"]] for f in (row.findings or [])[:2]
            ],
            "last_checkin": metrics.get("last_checkin"),
            "checkins_7d": metrics.get("checkins_7d", 0),
            "sleep_mean_7_h": metrics.get("sleep_mean_7_h"),
        }
        batch.append(row)
        if len(batch) == BATCH:
            DayState.objects.bulk_update(batch, ["roster"])
            batch = []
    DayState.objects.bulk_update(batch, ["roster"])


class Migration(migrations.Migration):
    dependencies = [("recovery", "0013_guidance_translation")]

    operations = [
        migrations.AddField(
            model_name="daystate",
            name="roster",
            field=models.JSONField(
                default=dict,
                help_text="What a coach's roster shows of the day (recovery.states.roster_of): "
                "read without decoding the rest. Empty on rows stored before it was kept.",
            ),
        ),
        migrations.RunPython(fill_roster, migrations.RunPython.noop),
    ]
