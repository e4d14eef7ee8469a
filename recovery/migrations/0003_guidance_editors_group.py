"""The "Guidance editors" group: may edit guidance and rule settings, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Guidance editors"
MODELS = ["guidance", "rulesetting"]


def create_group(apps, schema_editor):
    # Permissions are normally made after migrations; make them now so the group can hold them.
    app_config = apps.get_app_config("recovery")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="recovery", content_type__model__in=MODELS
        )
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0002_seed_guidance"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, delete_group)]
