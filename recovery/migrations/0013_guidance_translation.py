"""Guidance articles in other languages (recovery/guidance_translation.py), which the
"Guidance editors" group may edit like the articles themselves."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import journal.validators

GROUP = "Guidance editors"
ACTIONS = ["add", "change", "delete", "view"]


def let_editors_translate(apps, schema_editor):
    # Permissions are normally made after migrations; make them now so the group can hold them.
    app_config = apps.get_app_config("recovery")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*translation_permissions(apps))


def translation_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="recovery",
        codename__in=[f"{action}_guidancetranslation" for action in ACTIONS],
    )


def stop_editors_translating(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*translation_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0012_reminders_coach_digest"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="GuidanceTranslation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("de", "Deutsch"), ("es", "Español")],
                        max_length=10,
                        verbose_name="language",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        max_length=120,
                        validators=[journal.validators.validate_text],
                        verbose_name="title",
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        max_length=400,
                        validators=[journal.validators.validate_text],
                        verbose_name="summary",
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, with the same placeholders and [n] source markers as the English.",
                        validators=[journal.validators.validate_text],
                        verbose_name="body",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "guidance",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="recovery.guidance",
                    ),
                ),
            ],
            options={
                "verbose_name": "guidance translation",
                "verbose_name_plural": "guidance translations",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("guidance", "language"),
                        name="guidance_translation_once_per_language",
                    )
                ],
            },
        ),
        migrations.RunPython(let_editors_translate, stop_editors_translating),
    ]
