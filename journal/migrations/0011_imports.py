# The import pipeline (docs/import.md): ImportBatch, the batch of every entry it adds, weigh-ins,
# and what devices record beside a workout (heart rate, distance, set types, estimated RPE).

import datetime

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import journal.validators


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0010_moment_bounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="exerciseset",
            name="set_type",
            field=models.CharField(
                choices=[
                    ("normal", "Working set"),
                    ("warmup", "Warm-up"),
                    ("failure", "To failure"),
                    ("drop", "Drop set"),
                ],
                default="normal",
                help_text="Warm-ups are kept apart: they never count as a best lift.",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="workout",
            name="avg_hr_bpm",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(25),
                    django.core.validators.MaxValueValidator(250),
                ],
                verbose_name="average heart rate",
            ),
        ),
        migrations.AddField(
            model_name="workout",
            name="distance_km",
            field=models.FloatField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000),
                ],
                verbose_name="distance (km)",
            ),
        ),
        migrations.AddField(
            model_name="workout",
            name="rpe_estimated",
            field=models.BooleanField(
                default=False,
                help_text="Set by an import that found no rating in the file: the RPE is an estimate (from heart rate, or the value chosen at import) until the athlete changes it.",
                verbose_name="session RPE estimated",
            ),
        ),
        migrations.AddField(
            model_name="workout",
            name="source_id",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.AlterField(
            model_name="sleepentry",
            name="quality",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="1 poor … 5 excellent; empty for an imported night nobody rated",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(5),
                ],
            ),
        ),
        migrations.CreateModel(
            name="ImportBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        help_text="The format read: fit, gpx, strong, …", max_length=20
                    ),
                ),
                (
                    "file_name",
                    models.CharField(max_length=255, validators=[journal.validators.validate_text]),
                ),
                ("file_sha256", models.CharField(blank=True, max_length=64)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("reading", "Reading the file"),
                            ("ready", "Waiting for you to confirm"),
                            ("saving", "Saving"),
                            ("done", "Imported"),
                            ("failed", "Could not be imported"),
                        ],
                        default="reading",
                        max_length=8,
                    ),
                ),
                (
                    "counts",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="What the import added (or will add), by kind.",
                    ),
                ),
                ("preview", models.JSONField(blank=True, null=True)),
                (
                    "spool_dir",
                    models.CharField(
                        blank=True,
                        help_text="Where a big upload waits on disk for the background job that reads it.",
                        max_length=500,
                    ),
                ),
                ("progress_done", models.PositiveIntegerField(default=0)),
                ("progress_total", models.PositiveIntegerField(default=0)),
                (
                    "message",
                    models.TextField(
                        blank=True, help_text="Why it failed, in the athlete's words."
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("committed_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                (
                    "athlete",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="import_batches",
                        to="journal.athlete",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "import batches",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="checkin",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.AddField(
            model_name="daytags",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.AddField(
            model_name="exercise",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The import that added this own exercise; undoing it removes the exercise unless a set still uses it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.AddField(
            model_name="intake",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.AddField(
            model_name="meal",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.AddField(
            model_name="sleepentry",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.AddField(
            model_name="workout",
            name="import_batch",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.importbatch",
            ),
        ),
        migrations.CreateModel(
            name="WeighIn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(help_text="The athlete's local day.")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "weighed_at",
                    models.DateTimeField(validators=[journal.validators.validate_moment]),
                ),
                (
                    "body_mass_kg",
                    models.FloatField(
                        validators=[
                            django.core.validators.MinValueValidator(25),
                            django.core.validators.MaxValueValidator(300),
                        ]
                    ),
                ),
                (
                    "athlete",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="journal.athlete"
                    ),
                ),
                (
                    "import_batch",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="journal.importbatch",
                    ),
                ),
            ],
            options={
                "ordering": ["-date", "-weighed_at"],
            },
        ),
        migrations.AddIndex(
            model_name="importbatch",
            index=models.Index(fields=["athlete", "status"], name="journal_imp_athlete_e7bad3_idx"),
        ),
        migrations.AddIndex(
            model_name="weighin",
            index=models.Index(fields=["athlete", "date"], name="journal_wei_athlete_66e8e8_idx"),
        ),
        migrations.AddConstraint(
            model_name="weighin",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "weighed_at__gte",
                        datetime.datetime(1989, 12, 31, 0, 0, tzinfo=datetime.UTC),
                    ),
                    (
                        "weighed_at__lt",
                        datetime.datetime(2200, 1, 1, 0, 0, tzinfo=datetime.UTC),
                    ),
                ),
                name="weigh_in_weighed_at_in_range",
            ),
        ),
    ]
